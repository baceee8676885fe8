package dev.paracosm.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.benchmark.TestBenchmarks;
import dev.paracosm.eval.submission.CirrSubmission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the metrics over random benchmarks and random rankings. */
class MetricPropertiesTest {

  /** Full random rankings of each query's candidates. */
  static Map<String, List<String>> randomRankings(Benchmark b, Random r) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (BenchmarkQuery q : b.queries()) {
      List<String> ids = new ArrayList<>(b.candidates(q));
      double[] scores = new double[ids.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = r.nextDouble();
      }
      out.put(q.id(), RankedIds.fromScores(ids, scores));
    }
    return out;
  }

  static void assertNonDecreasing(MetricReport r, String prefix, int... ks) {
    for (int i = 1; i < ks.length; i++) {
      assertThat(r.value(prefix + ks[i])).as("%s%s >= %s%s", prefix, ks[i], prefix, ks[i - 1])
          .isGreaterThanOrEqualTo(r.value(prefix + ks[i - 1]));
    }
  }

  @Property(tries = 60)
  void cirrRecallIsMonotoneInK(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int queries) {
    Random r = new Random(seed);
    Benchmark b = TestBenchmarks.randomCirr(r, 60 + r.nextInt(60), queries);
    MetricReport m = CirMetrics.evaluate(b, randomRankings(b, r), MetricOptions.defaults().withCirrSoftLabels(true));
    assertNonDecreasing(m, "recall@", 1, 5, 10, 50);
    assertNonDecreasing(m, "recall_subset@", 1, 2, 3);
    assertNonDecreasing(m, "soft_recall@", 1, 2, 5, 10, 50, 100);
    assertNonDecreasing(m, "soft_recall_subset@", 1, 2, 3);
  }

  @Property(tries = 60)
  void fashionIqAndGeneCisRecallAreMonotoneInK(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int queries) {
    Random r = new Random(seed);
    Benchmark fiq = TestBenchmarks.randomFashionIq(r, 20 + r.nextInt(100), queries);
    assertNonDecreasing(CirMetrics.evaluate(fiq, randomRankings(fiq, r)), "recall@", 1, 5, 10, 50);
    Benchmark gen = TestBenchmarks.randomGeneCis(r, queries);
    assertNonDecreasing(CirMetrics.evaluate(gen, randomRankings(gen, r)), "recall@", 1, 2, 3);
  }

  @Property(tries = 60)
  void circoMapStaysWithinZeroAndOneHundredAndRecallIsMonotone(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int queries) {
    Random r = new Random(seed);
    Benchmark b = TestBenchmarks.randomCirco(r, 30 + r.nextInt(80), queries);
    Map<String, List<String>> rankings = randomRankings(b, r);
    // bias: put some ground truths on top so AP reaches high values too
    for (BenchmarkQuery q : b.queries()) {
      if (r.nextBoolean()) {
        List<String> l = new ArrayList<>(q.groundTruthIds());
        rankings.get(q.id()).forEach(id -> {
          if (!l.contains(id)) {
            l.add(id);
          }
        });
        rankings.put(q.id(), l);
      }
    }
    MetricReport m = CirMetrics.evaluate(b, rankings);
    for (int k : new int[] {5, 10, 25, 50}) {
      assertThat(m.value("map@" + k)).isBetween(0.0, 100.0);
    }
    for (QueryMetrics q : m.perQuery()) {
      for (int k : new int[] {5, 10, 25, 50}) {
        assertThat(q.value("ap@" + k).orElseThrow()).isBetween(0.0, 100.0 + 1e-9);
      }
    }
    assertNonDecreasing(m, "recall@", 5, 10, 25, 50);
  }

  @Property(tries = 40)
  void permutingTheQueriesLeavesEveryAverageUnchanged(@ForAll long seed, @ForAll @IntRange(min = 2, max = 25) int queries) {
    Random r = new Random(seed);
    for (Benchmark b : List.of(
        TestBenchmarks.randomCirr(r, 80, queries),
        TestBenchmarks.randomCirco(r, 80, queries),
        TestBenchmarks.randomFashionIq(r, 80, queries),
        TestBenchmarks.randomGeneCis(r, queries))) {
      Map<String, List<String>> rankings = randomRankings(b, r);
      List<BenchmarkQuery> shuffled = new ArrayList<>(b.queries());
      Collections.shuffle(shuffled, r);
      MetricOptions opts = MetricOptions.defaults().withCirrSoftLabels(true);
      Map<String, Double> a = CirMetrics.evaluate(b, rankings, opts).values();
      Map<String, Double> c = CirMetrics.evaluate(TestBenchmarks.withQueries(b, shuffled), rankings, opts).values();
      assertThat(c.keySet()).containsExactlyElementsOf(a.keySet());
      a.forEach((k, v) -> {
        if (v.isNaN()) {
          assertThat(c.get(k)).as(k).isNaN();
        } else {
          assertThat(c.get(k)).as(k).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-9));
        }
      });
    }
  }

  @Property(tries = 60)
  void cirrReferenceRemovalNeverReturnsTheReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int queries) {
    Random r = new Random(seed);
    Benchmark b = TestBenchmarks.randomCirr(r, 55 + r.nextInt(60), queries);
    Map<String, List<String>> rankings = randomRankings(b, r);
    CirrSubmission s = CirrSubmission.create(b, rankings);
    MetricReport m = CirMetrics.evaluate(b, rankings);
    for (BenchmarkQuery q : b.queries()) {
      assertThat(s.recall().get(q.id())).hasSize(50).doesNotContain(q.referenceId());
      assertThat(s.recallSubset().get(q.id())).hasSize(3).doesNotContain(q.referenceId());
      // the target's rank after removal is its position among the non-reference ids
      List<String> withoutRef = new ArrayList<>(rankings.get(q.id()));
      withoutRef.remove(q.referenceId());
      double rank = m.perQuery().stream().filter(x -> x.queryId().equals(q.id())).findFirst().orElseThrow()
          .value("target_rank").orElseThrow();
      assertThat(rank).isEqualTo(withoutRef.indexOf(q.target().orElseThrow()) + 1.0);
    }
  }

  /** Top {@code n} of each ranking, then any group member not yet listed, in ranking order. */
  static Map<String, List<String>> truncate(Benchmark b, Map<String, List<String>> full, int n) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (BenchmarkQuery q : b.queries()) {
      List<String> f = full.get(q.id());
      List<String> t = new ArrayList<>(f.subList(0, Math.min(n, f.size())));
      f.stream().filter(id -> q.groupMembers().contains(id) && !t.contains(id)).forEach(t::add);
      out.put(q.id(), t);
    }
    return out;
  }

  @Property(tries = 40)
  void truncatedRankingsScoreLikeFullOnes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int queries) {
    Random r = new Random(seed);
    MetricOptions soft = MetricOptions.defaults().withCirrSoftLabels(true);
    Benchmark cirr = TestBenchmarks.randomCirr(r, 120 + r.nextInt(100), queries);
    Map<String, List<String>> full = randomRankings(cirr, r);
    // 101 = the top 100 after deleting the reference (soft Recall@100), plus the group members
    assertThat(CirMetrics.evaluate(cirr, truncate(cirr, full, 101), soft).values())
        .isEqualTo(CirMetrics.evaluate(cirr, full, soft).values());
    Benchmark fiq = TestBenchmarks.randomFashionIq(r, 60 + r.nextInt(100), queries);
    Map<String, List<String>> fiqFull = randomRankings(fiq, r);
    assertThat(CirMetrics.evaluate(fiq, truncate(fiq, fiqFull, 50)).values())
        .isEqualTo(CirMetrics.evaluate(fiq, fiqFull).values());
    Benchmark circo = TestBenchmarks.randomCirco(r, 60 + r.nextInt(100), queries);
    Map<String, List<String>> circoFull = randomRankings(circo, r);
    assertThat(CirMetrics.evaluate(circo, truncate(circo, circoFull, 50)).values().toString())
        .isEqualTo(CirMetrics.evaluate(circo, circoFull).values().toString());
  }
}
