package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paracosm.fusion.FloatMatrix;
import dev.paracosm.fusion.Fuser;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Profile;
import dev.paracosm.fusion.Ranking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class IndexSearchTest {
  private static final int DIM = 16;
  private static final String[] CATEGORIES = {"dress", "shirt", "toptee"};

  @TempDir Path dir;

  private static double[] unit(double[] v) {
    double ss = 0;
    for (double x : v) {
      ss += x * x;
    }
    double n = Math.max(Math.sqrt(ss), 1e-12);
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / n;
    }
    return out;
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  /** φ = n(n(image) + n(syn_image)), profile code, computed independently in double. */
  private static double[] paracosmPhi(float[] image, float[] syn) {
    double[] a = unit(toDouble(image));
    double[] b = unit(toDouble(syn));
    double[] s = new double[a.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = a[i] + b[i];
    }
    return unit(s);
  }

  /** Reference ranking: scores in double, descending, ties by lower row. */
  private static List<double[]> bruteForce(float[] q, List<double[]> phis, IntPredicate allowed, int k) {
    double[] qd = toDouble(q);
    double qn = Math.sqrt(dot(qd, qd));
    List<double[]> scored = new ArrayList<>();
    for (int r = 0; r < phis.size(); r++) {
      if (allowed.test(r)) {
        scored.add(new double[] {r, qn == 0 ? 0 : dot(qd, phis.get(r)) / qn});
      }
    }
    scored.sort(Comparator.<double[]>comparingDouble(x -> -x[1]).thenComparingDouble(x -> x[0]));
    return scored.subList(0, Math.min(k, scored.size()));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private record Gallery(List<float[]> images, List<float[]> syns, List<String> categories) {}

  private Gallery build(GalleryIndex index, int n, long seed, IntPredicate hasSyn) {
    Random rnd = new Random(seed);
    List<float[]> images = new ArrayList<>();
    List<float[]> syns = new ArrayList<>();
    List<String> cats = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] img = TestVectors.random(rnd, DIM);
      float[] syn = TestVectors.random(rnd, DIM);
      String cat = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
      images.add(img);
      syns.add(hasSyn.test(i) ? syn : null);
      cats.add(cat);
      Map<String, float[]> comps = hasSyn.test(i) ? Map.of("image", img, "syn_image", syn) : Map.of("image", img);
      index.add(new IndexedItem("g" + i, Map.of("category", cat), comps));
    }
    index.commit();
    return new Gallery(images, syns, cats);
  }

  private static void assertMatchesReference(Ranking got, List<double[]> ref, List<double[]> phis, float[] q) {
    assertThat(got.size()).isEqualTo(ref.size());
    double[] qd = toDouble(q);
    double qn = Math.sqrt(dot(qd, qd));
    for (int p = 0; p < ref.size(); p++) {
      // Exact up to float rounding: the item returned at p has the reference score of position p.
      double refScoreOfReturned = dot(qd, phis.get(got.index(p))) / qn;
      assertThat(refScoreOfReturned).as("position %d", p).isCloseTo(ref.get(p)[1], within(1e-5));
      assertThat((double) got.score(p)).as("score at %d", p).isCloseTo(ref.get(p)[1], within(1e-5));
    }
  }

  @Test
  void paracosmSearchEqualsADoublePrecisionBruteForceReference() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      Gallery g = build(index, 300, 11, i -> true);
      List<double[]> phis = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        phis.add(paracosmPhi(g.images.get(i), g.syns.get(i)));
      }
      Random rnd = new Random(12);
      float[][] qs = new float[20][];
      for (int i = 0; i < qs.length; i++) {
        qs[i] = TestVectors.random(rnd, DIM);
      }
      List<Ranking> got = index.snapshot().search(FloatMatrix.of(qs), FusionConfig.of(Mode.PARACOSM), 25,
          MetadataFilter.all());
      assertThat(got).hasSize(20);
      for (int i = 0; i < qs.length; i++) {
        assertMatchesReference(got.get(i), bruteForce(qs[i], phis, r -> true, 25), phis, qs[i]);
      }
    }
  }

  @Test
  void theMetadataFilterIsAppliedBeforeTopK() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      Gallery g = build(index, 300, 13, i -> true);
      List<double[]> phis = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        phis.add(paracosmPhi(g.images.get(i), g.syns.get(i)));
      }
      float[] q = TestVectors.seeded(14, DIM);
      MetadataFilter dress = MetadataFilter.parse("category=dress");
      IndexSnapshot s = index.snapshot();
      Ranking got = s.search(FloatMatrix.of(q), FusionConfig.of(Mode.PARACOSM), 10, dress).get(0);
      assertThat(got.size()).isEqualTo(10);
      for (int p = 0; p < got.size(); p++) {
        assertThat(s.metadata(got.index(p))).containsEntry("category", "dress");
      }
      assertMatchesReference(got, bruteForce(q, phis, r -> g.categories.get(r).equals("dress"), 10), phis, q);
    }
  }

  @Test
  void theBestMatchingItemIsReturnedEvenWhenNonMatchingItemsScoreHigher() {
    float[] e0 = new float[DIM];
    e0[0] = 1;
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      Random rnd = new Random(15);
      for (int i = 0; i < 50; i++) {
        float[] close = e0.clone();
        close[1 + rnd.nextInt(DIM - 1)] = 0.01f * (i + 1); // all score > 0.95
        index.add(new IndexedItem("shirt" + i, Map.of("category", "shirt"), Map.of("image", close)));
      }
      float[] far = new float[DIM];
      far[0] = 0.2f;
      far[2] = 1f;
      index.add(new IndexedItem("the-dress", Map.of("category", "dress"), Map.of("image", far)));
      index.commit();
      IndexSnapshot s = index.snapshot();
      FusionConfig imageOnly = FusionConfig.of(Mode.BASELINE_IMAGE_ONLY);
      Ranking unfiltered = s.search(FloatMatrix.of(e0), imageOnly, 5, MetadataFilter.all()).get(0);
      assertThat(unfiltered.indices()).doesNotContain(s.row("the-dress"));
      Ranking filtered = s.search(FloatMatrix.of(e0), imageOnly, 5, MetadataFilter.eq("category", "dress")).get(0);
      assertThat(filtered.indices()).containsExactly(s.row("the-dress"));
    }
  }

  @Test
  void itemsLackingANeededComponentAreNeverReturned() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      build(index, 60, 16, i -> i % 3 != 0);
      IndexSnapshot s = index.snapshot();
      List<Ranking> got = s.search(FloatMatrix.of(TestVectors.seeded(17, DIM)), FusionConfig.of(Mode.PARACOSM),
          Integer.MAX_VALUE, MetadataFilter.all());
      assertThat(got.get(0).size()).isEqualTo(40);
      for (int idx : got.get(0).indices()) {
        assertThat(idx % 3).isNotZero();
      }
      List<Ranking> imageOnly = s.search(FloatMatrix.of(TestVectors.seeded(17, DIM)),
          FusionConfig.of(Mode.BASELINE_IMAGE_ONLY), Integer.MAX_VALUE, MetadataFilter.all());
      assertThat(imageOnly.get(0).size()).isEqualTo(60);
    }
  }

  @Test
  void theFusedMatrixIsDerivedWithTheStandardFuserFromStoredComponents() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      build(index, 40, 18, i -> true);
      IndexSnapshot s = index.snapshot();
      for (Profile p : Profile.values()) {
        FusionConfig c = FusionConfig.of(Mode.PARACOSM).withProfile(p);
        FloatMatrix expected = Fuser.standard().galleryMatrix(Map.of(
            GalleryComponent.IMAGE, s.component("image"), GalleryComponent.SYN_IMAGE, s.component("syn_image")), c);
        assertThat(s.fused(c).data()).as("profile %s", p).containsExactly(expected.data());
      }
    }
  }

  @Test
  void theFusedMatrixIsCachedPerSnapshotAndConfigKey() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      build(index, 10, 19, i -> true);
      IndexSnapshot s = index.snapshot();
      FusionConfig a = FusionConfig.of(Mode.PARACOSM);
      assertThat(s.fused(a)).isSameAs(s.fused(a.withLambda(0.9))); // λ is query-side: same key
      assertThat(s.fused(a)).isNotSameAs(s.fused(a.withProfile(Profile.CODE_GENECIS)));
      index.add(IndexedItem.of("new", "image", TestVectors.seeded(1, DIM)));
      index.commit();
      IndexSnapshot s2 = index.snapshot();
      assertThat(s2.fused(a)).isNotSameAs(s.fused(a));
      assertThat(s2.fused(a).rows()).isEqualTo(11);
      assertThat(s.fused(a).rows()).as("old snapshot unchanged").isEqualTo(10);
    }
  }

  @Test
  void aZeroQueryScoresZeroAndKeepsGalleryOrderAmongFilteredRows() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      Gallery g = build(index, 30, 20, i -> true);
      IndexSnapshot s = index.snapshot();
      Ranking r = s.search(FloatMatrix.of(new float[DIM]), FusionConfig.of(Mode.PARACOSM), 4,
          MetadataFilter.eq("category", "shirt")).get(0);
      List<Integer> shirts = new ArrayList<>();
      for (int i = 0; i < 30 && shirts.size() < 4; i++) {
        if (g.categories.get(i).equals("shirt")) {
          shirts.add(i);
        }
      }
      assertThat(r.indices()).containsExactly(shirts.stream().mapToInt(Integer::intValue).toArray());
      assertThat(r.scores()).containsOnly(0f);
    }
  }

  @Test
  void searchingAnEmptyIndexReturnsEmptyRankings() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      List<Ranking> got = index.snapshot().search(FloatMatrix.of(new float[DIM], new float[DIM]),
          FusionConfig.of(Mode.PARACOSM), 5, MetadataFilter.all());
      assertThat(got).hasSize(2).allSatisfy(r -> assertThat(r.size()).isZero());
    }
  }
}
