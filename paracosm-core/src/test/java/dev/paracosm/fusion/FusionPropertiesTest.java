package dev.paracosm.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariants of fusion and exact ranking (method.md §4–§8). */
class FusionPropertiesTest {
  static final Fuser FUSER = Fuser.standard();
  static final Ranker RANKER = Ranker.exact();

  static float[] randomVector(Random r, int dim, double scale) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) (r.nextGaussian() * scale);
    }
    return v;
  }

  static Map<GalleryComponent, FloatMatrix> gallery(Random r, int n, int dim) {
    Map<GalleryComponent, FloatMatrix> g = new EnumMap<>(GalleryComponent.class);
    for (GalleryComponent c : GalleryComponent.values()) {
      List<float[]> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add(randomVector(r, dim, 0.5 + 5 * r.nextDouble()));
      }
      g.put(c, FloatMatrix.of(rows));
    }
    return g;
  }

  static Map<QueryComponent, float[]> query(Random r, int dim) {
    Map<QueryComponent, float[]> q = new EnumMap<>(QueryComponent.class);
    for (QueryComponent c : QueryComponent.values()) {
      q.put(c, randomVector(r, dim, 0.5 + 5 * r.nextDouble()));
    }
    q.remove(QueryComponent.T_MOD_FWD);
    q.remove(QueryComponent.T_MOD_REV);
    return q;
  }

  static int[] rankAll(Map<QueryComponent, float[]> q, Map<GalleryComponent, FloatMatrix> g, FusionConfig cfg) {
    FloatMatrix phi = FUSER.galleryMatrix(g, cfg);
    return RANKER.rank(FloatMatrix.of(FUSER.queryVector(q, cfg)), phi, Integer.MAX_VALUE, null).get(0).indices();
  }

  static float[] scoresByRow(Map<QueryComponent, float[]> q, Map<GalleryComponent, FloatMatrix> g,
      FusionConfig cfg) {
    FloatMatrix phi = FUSER.galleryMatrix(g, cfg);
    Ranking r = RANKER.rank(FloatMatrix.of(FUSER.queryVector(q, cfg)), phi, Integer.MAX_VALUE, null).get(0);
    float[] s = new float[phi.rows()];
    for (int i = 0; i < r.size(); i++) {
      s[r.index(i)] = r.score(i);
    }
    return s;
  }

  static Map<GalleryComponent, FloatMatrix> permute(Map<GalleryComponent, FloatMatrix> g, int[] perm) {
    Map<GalleryComponent, FloatMatrix> out = new EnumMap<>(GalleryComponent.class);
    g.forEach((c, m) -> {
      List<float[]> rows = new ArrayList<>();
      for (int p : perm) {
        rows.add(m.row(p));
      }
      out.put(c, FloatMatrix.of(rows));
    });
    return out;
  }

  static Map<GalleryComponent, FloatMatrix> scale(Map<GalleryComponent, FloatMatrix> g, GalleryComponent c,
      float factor) {
    Map<GalleryComponent, FloatMatrix> out = new EnumMap<>(g);
    FloatMatrix m = g.get(c);
    float[] d = m.data().clone();
    for (int i = 0; i < d.length; i++) {
      d[i] *= factor;
    }
    out.put(c, FloatMatrix.wrap(m.rows(), m.cols(), d));
    return out;
  }

  @Property(tries = 60)
  void galleryPermutationPermutesScores(@ForAll long seed, @ForAll("modes") Mode mode,
      @ForAll @IntRange(min = 1, max = 40) int n) {
    Random r = new Random(seed);
    int dim = 8;
    var g = gallery(r, n, dim);
    var q = query(r, dim);
    FusionConfig cfg = FusionConfig.of(mode);
    List<Integer> permList = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      permList.add(i);
    }
    Collections.shuffle(permList, r);
    int[] perm = permList.stream().mapToInt(Integer::intValue).toArray();
    float[] base = scoresByRow(q, g, cfg);
    float[] permuted = scoresByRow(q, permute(g, perm), cfg);
    for (int i = 0; i < n; i++) {
      assertThat(permuted[i]).isCloseTo(base[perm[i]], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Mode> modes() {
    return net.jqwik.api.Arbitraries.of(Mode.class);
  }

  @Property(tries = 60)
  void codeProfileIsInvariantToPositiveScalingOfEachPart(@ForAll long seed,
      @ForAll @DoubleRange(min = 0.01, max = 100) double factor) {
    Random r = new Random(seed);
    var g = gallery(r, 12, 8);
    var q = query(r, 8);
    FusionConfig cfg = FusionConfig.builder().profile(Profile.CODE)
        .galleryParts(Set.of(GalleryComponent.IMAGE, GalleryComponent.SYN_IMAGE, GalleryComponent.T_DETAILED))
        .build();
    float[] base = scoresByRow(q, g, cfg);
    // each database part is normalised on its own under `code`
    float[] scaledDb = scoresByRow(q, scale(g, GalleryComponent.SYN_IMAGE, (float) factor), cfg);
    // t_mod is normalised on its own; the mental group is normalised after the raw sum (scale both)
    var q2 = new EnumMap<>(q);
    q2.put(QueryComponent.T_MOD, times(q.get(QueryComponent.T_MOD), factor));
    q2.put(QueryComponent.MENTAL_IMAGE, times(q.get(QueryComponent.MENTAL_IMAGE), factor * 0.5));
    q2.put(QueryComponent.T_QUERY, times(q.get(QueryComponent.T_QUERY), factor * 0.5));
    float[] scaledQuery = scoresByRow(q2, g, cfg);
    for (int i = 0; i < base.length; i++) {
      assertThat(scaledDb[i]).isCloseTo(base[i], org.assertj.core.data.Offset.offset(2e-5f));
      assertThat(scaledQuery[i]).isCloseTo(base[i], org.assertj.core.data.Offset.offset(2e-5f));
    }
  }

  @Property(tries = 40)
  void genecisProfileIsInvariantOnlyToJointScaling(@ForAll long seed,
      @ForAll @DoubleRange(min = 0.01, max = 100) double factor) {
    Random r = new Random(seed);
    var g = gallery(r, 12, 8);
    var q = query(r, 8);
    FusionConfig cfg = FusionConfig.builder().profile(Profile.CODE_GENECIS).build();
    float[] base = scoresByRow(q, g, cfg);
    var joint = scale(scale(g, GalleryComponent.IMAGE, (float) factor), GalleryComponent.SYN_IMAGE, (float) factor);
    float[] scaled = scoresByRow(q, joint, cfg);
    for (int i = 0; i < base.length; i++) {
      assertThat(scaled[i]).isCloseTo(base[i], org.assertj.core.data.Offset.offset(2e-5f));
    }
  }

  @Property(tries = 40)
  void lambdaEndpointsSelectOneGroup(@ForAll long seed) {
    Random r = new Random(seed);
    var g = gallery(r, 20, 8);
    var q = query(r, 8);
    FusionConfig full = FusionConfig.of(Mode.PARACOSM);
    FusionConfig onlyMod = FusionConfig.builder().queryParts(Set.of(QueryComponent.T_MOD)).build();
    FusionConfig onlyGroup =
        FusionConfig.builder().queryParts(Set.of(QueryComponent.MENTAL_IMAGE, QueryComponent.T_QUERY)).build();
    assertThat(rankAll(q, g, full.withLambda(0))).containsExactly(rankAll(q, g, onlyMod));
    assertThat(rankAll(q, g, full.withLambda(1))).containsExactly(rankAll(q, g, onlyGroup));
  }

  @Property(tries = 40)
  void exactTiesAreOrderedByLowerGalleryRow(@ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int n) {
    Random r = new Random(seed);
    int dim = 6;
    float[] shared = randomVector(r, dim, 1);
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(r.nextBoolean() ? shared.clone() : randomVector(r, dim, 1));
    }
    FloatMatrix phi = FUSER.galleryMatrix(Map.of(GalleryComponent.IMAGE, FloatMatrix.of(rows)),
        FusionConfig.of(Mode.BASELINE_IMAGE_ONLY));
    Ranking ranking = RANKER.rank(FloatMatrix.of(randomVector(r, dim, 1)), phi, Integer.MAX_VALUE, null).get(0);
    for (int i = 1; i < ranking.size(); i++) {
      float a = ranking.score(i - 1);
      float b = ranking.score(i);
      assertThat(a).isGreaterThanOrEqualTo(b);
      if (a == b) {
        assertThat(ranking.index(i - 1)).isLessThan(ranking.index(i));
      }
    }
  }

  @Property(tries = 40)
  void topKIsPrefixOfFullRankingAndRespectsFilter(@ForAll long seed, @ForAll @IntRange(min = 1, max = 50) int k) {
    Random r = new Random(seed);
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      rows.add(randomVector(r, 5, 1));
    }
    FloatMatrix phi = FUSER.galleryMatrix(Map.of(GalleryComponent.IMAGE, FloatMatrix.of(rows)),
        FusionConfig.of(Mode.BASELINE_IMAGE_ONLY));
    FloatMatrix q = FloatMatrix.of(randomVector(r, 5, 1), randomVector(r, 5, 1));
    BitSet allowed = new BitSet();
    for (int i = 0; i < 60; i++) {
      if (r.nextInt(3) > 0) {
        allowed.set(i);
      }
    }
    List<Ranking> full = RANKER.rank(q, phi, Integer.MAX_VALUE, allowed);
    List<Ranking> top = RANKER.rank(q, phi, k, allowed);
    for (int j = 0; j < 2; j++) {
      int[] f = full.get(j).indices();
      int[] t = top.get(j).indices();
      assertThat(t).hasSize(Math.min(k, allowed.cardinality()));
      assertThat(t).containsExactly(java.util.Arrays.copyOf(f, t.length));
      for (int idx : f) {
        assertThat(allowed.get(idx)).isTrue();
      }
    }
  }

  @Property(tries = 10)
  void zeroQueryScoresZeroAndKeepsGalleryOrder(@ForAll long seed) {
    Random r = new Random(seed);
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(randomVector(r, 4, 1));
    }
    FloatMatrix phi = FUSER.galleryMatrix(Map.of(GalleryComponent.IMAGE, FloatMatrix.of(rows)),
        FusionConfig.of(Mode.BASELINE_IMAGE_ONLY));
    Ranking ranking = RANKER.rank(FloatMatrix.of(new float[4]), phi, 10, null).get(0);
    assertThat(ranking.indices()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(ranking.scores()).containsOnly(0f);
  }

  static float[] times(float[] v, double f) {
    float[] o = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = (float) (v[i] * f);
    }
    return o;
  }
}
