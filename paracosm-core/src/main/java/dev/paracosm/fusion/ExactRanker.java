package dev.paracosm.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.paracosm.InvalidInputException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Exact search: scores are a batched matrix product through DJL NDArray on the default engine and
 * device (GPU when the engine has one), with the gallery kept engine-side across calls ({@link
 * GalleryCache}). Queries are divided by their norm on the host first, so scores are cosines.
 * Top-k runs on the engine with one extra candidate; the host then orders the candidates by score
 * and lower row first, and proves that no tie crosses the cut (the (k+1)-th candidate scores
 * strictly lower than the k-th). Rows where that proof fails (exact ties, zero queries, NaN) are
 * copied to the host and ranked by {@link TopK}, so method.md §8's tie rule always holds. A filter
 * is an additive {@code -inf} mask applied before top-k.
 */
final class ExactRanker implements Ranker {
  /** Query rows scored per matrix product, bounding the engine score buffer to ~256 × gallery floats. */
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
    int nq = queries.rows();
    int n = gallery.rows();
    List<Ranking> out = new ArrayList<>(nq);
    if (nq == 0) {
      return out;
    }
    BitSet allow = allowed == null ? null : allowed.get(0, n);
    int nAllowed = allow == null ? n : allow.cardinality();
    int cap = Math.min(k, nAllowed);
    if (cap == 0) {
      for (int i = 0; i < nq; i++) {
        out.add(new Ranking(new int[0], new float[0]));
      }
      return out;
    }
    int dim = gallery.cols();
    int kk = cap == nAllowed ? cap : cap + 1;
    int blocks = (nq + QUERY_BLOCK - 1) / QUERY_BLOCK;
    int blockRows = (nq + blocks - 1) / blocks; // even blocks: no thin last product
    GalleryCache.Entry g = GalleryCache.acquire(gallery);
    try (NDManager scope = NDManager.newBaseManager(g.device())) {
      NDArray mask = null;
      if (allow != null && nAllowed < n) {
        float[] m = new float[n];
        java.util.Arrays.fill(m, Float.NEGATIVE_INFINITY);
        for (int j = allow.nextSetBit(0); j >= 0; j = allow.nextSetBit(j + 1)) {
          m[j] = 0f;
        }
        mask = scope.create(m, new Shape(1, n));
      }
      float[] src = queries.data();
      for (int start = 0; start < nq; start += blockRows) {
        int b = Math.min(blockRows, nq - start);
        float[] block = new float[b * dim];
        for (int i = 0; i < b; i++) {
          int off = (start + i) * dim;
          double ss = 0;
          for (int j = 0; j < dim; j++) {
            ss += (double) src[off + j] * src[off + j];
          }
          float inv = ss == 0 ? 0f : (float) (1 / Math.sqrt(ss));
          for (int j = 0; j < dim; j++) {
            block[i * dim + j] = src[off + j] * inv;
          }
        }
        try (NDManager sub = scope.newSubManager()) {
          NDArray scores = sub.create(block, new Shape(b, dim)).matMul(g.transposed());
          if (mask != null) {
            scores = scores.add(mask);
          }
          NDList top = scores.topK(kk, 1, true, true);
          float[] vals = top.get(0).toFloatArray();
          long[] idx = top.get(1).toLongArray();
          for (int i = 0; i < b; i++) {
            Ranking r = fromCandidates(vals, idx, i * kk, kk, cap);
            if (r == null) {
              r = TopK.select(scores.get(i).toFloatArray(), 0, n, cap, allow);
            }
            out.add(r);
          }
        }
      }
    } finally {
      g.release();
    }
    return out;
  }

  /**
   * Orders the engine's {@code kk} candidates by (score desc, row asc) and keeps {@code cap}, or
   * returns {@code null} if the candidates cannot prove the exact top-{@code cap}.
   */
  static Ranking fromCandidates(float[] vals, long[] idx, int off, int kk, int cap) {
    float[] s = new float[kk];
    int[] r = new int[kk];
    for (int j = 0; j < kk; j++) {
      s[j] = vals[off + j];
      r[j] = (int) idx[off + j];
      if (Float.isNaN(s[j])) {
        return null;
      }
    }
    // insertion sort: kk is small and the engine already returns them nearly sorted
    for (int a = 1; a < kk; a++) {
      float sv = s[a];
      int rv = r[a];
      int c = a - 1;
      while (c >= 0 && (s[c] < sv || (s[c] == sv && r[c] > rv))) {
        s[c + 1] = s[c];
        r[c + 1] = r[c];
        c--;
      }
      s[c + 1] = sv;
      r[c + 1] = rv;
    }
    if (kk > cap && !(s[kk - 1] < s[cap - 1])) {
      return null; // a tie may cross the cut: rows outside the candidates could rank before
    }
    return new Ranking(java.util.Arrays.copyOf(r, cap), java.util.Arrays.copyOf(s, cap));
  }
}
