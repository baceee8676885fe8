package dev.paracosm.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.paracosm.InvalidInputException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Exact search: scores are computed as a batched matrix product through DJL NDArray on the default
 * engine and device (GPU when the engine has one); top-k selection with the tie rule of method.md
 * §8 runs on the host over each score row.
 */
final class ExactRanker implements Ranker {
  /** Query rows scored per matrix product, bounding the host score buffer to ~256 × gallery floats. */
  static final int QUERY_BLOCK = 256;

  @Override
  public List<Ranking> rank(FloatMatrix queries, FloatMatrix gallery, int k, BitSet allowed) {
    if (k < 1) {
      throw new InvalidInputException("k must be >= 1, got " + k);
    }
    if (queries.rows() > 0 && queries.cols() != gallery.cols() && gallery.rows() > 0) {
      throw new InvalidInputException("Query dimension " + queries.cols()
          + " does not match gallery dimension " + gallery.cols());
    }
    List<Ranking> out = new ArrayList<>(queries.rows());
    int n = gallery.rows();
    if (queries.rows() == 0) {
      return out;
    }
    if (n == 0) {
      for (int i = 0; i < queries.rows(); i++) {
        out.add(new Ranking(new int[0], new float[0]));
      }
      return out;
    }
    int dim = gallery.cols();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray g = manager.create(gallery.data(), new Shape(n, dim));
      for (int start = 0; start < queries.rows(); start += QUERY_BLOCK) {
        int b = Math.min(QUERY_BLOCK, queries.rows() - start);
        float[] block = new float[b * dim];
        System.arraycopy(queries.data(), start * dim, block, 0, b * dim);
        float[] norms = new float[b];
        for (int i = 0; i < b; i++) {
          double ss = 0;
          for (int j = 0; j < dim; j++) {
            float x = block[i * dim + j];
            ss += (double) x * x;
          }
          norms[i] = (float) Math.sqrt(ss);
        }
        float[] scores;
        try (NDManager scope = manager.newSubManager()) {
          NDArray q = scope.create(block, new Shape(b, dim));
          NDArray inv = scope.create(invert(norms), new Shape(b, 1));
          scores = q.matMul(g.transpose()).mul(inv).toFloatArray();
        }
        for (int i = 0; i < b; i++) {
          out.add(TopK.select(scores, i * n, n, k, allowed));
        }
      }
    }
    return out;
  }

  private static float[] invert(float[] norms) {
    float[] inv = new float[norms.length];
    for (int i = 0; i < norms.length; i++) {
      inv[i] = norms[i] == 0f ? 0f : 1f / norms[i];
    }
    return inv;
  }
}
