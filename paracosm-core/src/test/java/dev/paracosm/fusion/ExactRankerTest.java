package dev.paracosm.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ExactRankerTest {
  private final Ranker ranker = Ranker.exact();

  /** Integer-valued rows: every score below is exact in float, whatever the summation order. */
  private static FloatMatrix integerGallery(Random rnd, int n, int dim, int levels) {
    float[] data = new float[n * dim];
    for (int i = 0; i < data.length; i++) {
      data[i] = rnd.nextInt(levels) - levels / 2;
    }
    return FloatMatrix.wrap(n, dim, data);
  }

  /** Reference: exact integer scores (query (1,1,1,1)/2), sorted desc, ties lower row first. */
  private static int[] referenceOrder(FloatMatrix g, BitSet allowed, int k) {
    List<int[]> rows = new ArrayList<>();
    for (int r = 0; r < g.rows(); r++) {
      if (allowed == null || allowed.get(r)) {
        int sum = 0;
        for (int c = 0; c < g.cols(); c++) {
          sum += (int) g.get(r, c);
        }
        rows.add(new int[] {r, sum});
      }
    }
    rows.sort(Comparator.<int[]>comparingInt(x -> -x[1]).thenComparingInt(x -> x[0]));
    return rows.stream().limit(k).mapToInt(x -> x[0]).toArray();
  }

  @Test
  void exactTiesAreOrderedByLowerRowFirstEvenAcrossTheTopKCut() {
    Random rnd = new Random(1);
    FloatMatrix g = integerGallery(rnd, 3000, 4, 3); // scores in [-4, 4]: hundreds of ties per value
    FloatMatrix q = FloatMatrix.of(new float[] {1, 1, 1, 1});
    for (int k : new int[] {1, 7, 50, 400, 3000, Integer.MAX_VALUE}) {
      Ranking r = ranker.rank(q, g, k, null).get(0);
      assertThat(r.indices()).as("k=%d", k).containsExactly(referenceOrder(g, null, k));
      for (int p = 0; p < r.size(); p++) {
        int row = r.index(p);
        float expected = (g.get(row, 0) + g.get(row, 1) + g.get(row, 2) + g.get(row, 3)) / 2f;
        assertThat(r.score(p)).isEqualTo(expected);
      }
    }
  }

  @Test
  void aFilterIsAppliedBeforeTopKAndKeepsTheTieRule() {
    Random rnd = new Random(2);
    FloatMatrix g = integerGallery(rnd, 1000, 4, 3);
    BitSet allowed = new BitSet();
    for (int i = 0; i < 1000; i++) {
      if (rnd.nextInt(5) == 0) {
        allowed.set(i);
      }
    }
    FloatMatrix q = FloatMatrix.of(new float[] {1, 1, 1, 1});
    for (int k : new int[] {1, 10, 150, 5000}) {
      Ranking r = ranker.rank(q, g, k, allowed).get(0);
      assertThat(r.indices()).as("k=%d", k).containsExactly(referenceOrder(g, allowed, k));
    }
  }

  @Test
  void aZeroQueryScoresZeroEverywhereInGalleryOrder() {
    FloatMatrix g = integerGallery(new Random(3), 100, 4, 9);
    BitSet allowed = new BitSet();
    allowed.set(10, 20);
    Ranking all = ranker.rank(FloatMatrix.of(new float[4]), g, 5, null).get(0);
    assertThat(all.indices()).containsExactly(0, 1, 2, 3, 4);
    assertThat(all.scores()).containsOnly(0f);
    Ranking filtered = ranker.rank(FloatMatrix.of(new float[4]), g, 5, allowed).get(0);
    assertThat(filtered.indices()).containsExactly(10, 11, 12, 13, 14);
  }

  @Test
  void anEmptyFilterOrGalleryGivesEmptyRankings() {
    FloatMatrix g = integerGallery(new Random(4), 10, 4, 9);
    assertThat(ranker.rank(FloatMatrix.of(new float[] {1, 0, 0, 0}), g, 3, new BitSet()).get(0).size()).isZero();
    assertThat(ranker.rank(FloatMatrix.of(new float[] {1, 0, 0, 0}), FloatMatrix.wrap(0, 4, new float[0]), 3, null)
        .get(0).size()).isZero();
  }

  @Test
  void randomGalleriesMatchADoublePrecisionReferenceOverManyQueryBlocks() {
    Random rnd = new Random(5);
    int n = 700;
    int dim = 24;
    float[] g = new float[n * dim];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) rnd.nextGaussian();
    }
    FloatMatrix gallery = FloatMatrix.wrap(n, dim, g);
    int nq = ExactRanker.QUERY_BLOCK + 37; // two blocks
    float[] q = new float[nq * dim];
    for (int i = 0; i < q.length; i++) {
      q[i] = (float) rnd.nextGaussian() * 3;
    }
    List<Ranking> got = ranker.rank(FloatMatrix.wrap(nq, dim, q), gallery, 20, null);
    for (int i = 0; i < nq; i++) {
      double qn = 0;
      for (int c = 0; c < dim; c++) {
        qn += (double) q[i * dim + c] * q[i * dim + c];
      }
      qn = Math.sqrt(qn);
      double[] ref = new double[n];
      for (int r = 0; r < n; r++) {
        double s = 0;
        for (int c = 0; c < dim; c++) {
          s += (double) q[i * dim + c] * g[r * dim + c];
        }
        ref[r] = s / qn;
      }
      double[] sorted = ref.clone();
      java.util.Arrays.sort(sorted);
      for (int p = 0; p < 20; p++) {
        double expected = sorted[n - 1 - p];
        assertThat(ref[got.get(i).index(p)]).as("query %d position %d", i, p).isCloseTo(expected, within(1e-4));
        assertThat((double) got.get(i).score(p)).isCloseTo(expected, within(1e-4));
      }
    }
  }

  @Test
  void concurrentSearchesOverOneGalleryAgree() throws Exception {
    Random rnd = new Random(6);
    FloatMatrix g = integerGallery(rnd, 2000, 8, 7);
    FloatMatrix q = integerGallery(rnd, 40, 8, 5);
    List<Ranking> expected = ranker.rank(q, g, 25, null);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Ranking>>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        fs.add(pool.submit(() -> Ranker.exact().rank(q, g, 25, null)));
      }
      for (Future<List<Ranking>> f : fs) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theEngineCopyOfAGalleryIsReusedAndBounded() {
    FloatMatrix g = integerGallery(new Random(7), 50, 4, 5);
    FloatMatrix q = FloatMatrix.of(new float[] {1, 1, 1, 1});
    ranker.rank(q, g, 3, null);
    GalleryCache.Entry first = GalleryCache.acquire(g);
    first.release();
    ranker.rank(q, g, 3, null);
    GalleryCache.Entry again = GalleryCache.acquire(g);
    again.release();
    assertThat(again).isSameAs(first);
    for (int i = 0; i < GalleryCache.MAX_ENTRIES + 3; i++) {
      ranker.rank(q, integerGallery(new Random(i), 10, 4, 5), 3, null);
    }
    assertThat(GalleryCache.size()).isLessThanOrEqualTo(GalleryCache.MAX_ENTRIES);
  }
}
