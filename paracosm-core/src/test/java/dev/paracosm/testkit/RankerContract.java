package dev.paracosm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.fusion.FloatMatrix;
import dev.paracosm.fusion.Ranker;
import dev.paracosm.fusion.Ranking;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Contract of a {@link Ranker}: exact cosine order against a brute-force reference, ties by lower
 * row, top-k as a prefix, filters before top-k, zero queries. Extend it for a new backend.
 */
public abstract class RankerContract {
  /** @return the ranker under test */
  protected abstract Ranker ranker();

  static FloatMatrix unitRows(Random r, int n, int dim) {
    float[] d = new float[n * dim];
    for (int i = 0; i < n; i++) {
      double ss = 0;
      for (int j = 0; j < dim; j++) {
        d[i * dim + j] = (float) r.nextGaussian();
        ss += d[i * dim + j] * d[i * dim + j];
      }
      for (int j = 0; j < dim; j++) {
        d[i * dim + j] /= (float) Math.sqrt(ss);
      }
    }
    return FloatMatrix.wrap(n, dim, d);
  }

  @Test
  void ordersByCosineLikeABruteForceReference() {
    Random r = new Random(7);
    FloatMatrix g = unitRows(r, 300, 16);
    float[] q = new float[16];
    for (int j = 0; j < 16; j++) {
      q[j] = (float) (r.nextGaussian() * 3);
    }
    Ranking got = ranker().rank(FloatMatrix.of(q), g, 20, null).get(0);
    double qn = 0;
    for (float x : q) {
      qn += x * x;
    }
    qn = Math.sqrt(qn);
    double[] cos = new double[300];
    Integer[] order = new Integer[300];
    for (int i = 0; i < 300; i++) {
      double dot = 0;
      for (int j = 0; j < 16; j++) {
        dot += (double) q[j] * g.get(i, j);
      }
      cos[i] = dot / qn;
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> cos[a] != cos[b] ? Double.compare(cos[b], cos[a]) : a - b);
    for (int i = 0; i < 20; i++) {
      assertThat(got.index(i)).as("position %d", i).isEqualTo(order[i]);
      assertThat((double) got.score(i)).isCloseTo(cos[order[i]], org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void exactTiesGoToTheLowerRow() {
    FloatMatrix g = FloatMatrix.of(new float[] {0, 1}, new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 0});
    Ranking got = ranker().rank(FloatMatrix.of(new float[] {1, 0}), g, 4, null).get(0);
    assertThat(got.indices()).containsExactly(1, 3, 0, 2);
  }

  @Test
  void filterIsAppliedBeforeTopK() {
    FloatMatrix g = unitRows(new Random(3), 50, 8);
    BitSet allowed = new BitSet();
    allowed.set(10);
    allowed.set(20);
    allowed.set(30);
    Ranking got = ranker().rank(FloatMatrix.of(g.row(0)), g, 5, allowed).get(0);
    assertThat(got.indices()).hasSize(3).containsExactlyInAnyOrder(10, 20, 30);
  }

  @Test
  void rankingsOfABatchMatchSingleQueries() {
    Random r = new Random(11);
    FloatMatrix g = unitRows(r, 100, 8);
    FloatMatrix qs = unitRows(r, 5, 8);
    List<Ranking> batch = ranker().rank(qs, g, 10, null);
    for (int i = 0; i < 5; i++) {
      assertThat(batch.get(i).indices()).containsExactly(ranker().rank(FloatMatrix.of(qs.row(i)), g, 10, null)
          .get(0).indices());
    }
  }

  @Test
  void kLargerThanTheGalleryReturnsEverything() {
    FloatMatrix g = unitRows(new Random(5), 7, 4);
    assertThat(ranker().rank(FloatMatrix.of(g.row(2)), g, 100, null).get(0).size()).isEqualTo(7);
  }
}
