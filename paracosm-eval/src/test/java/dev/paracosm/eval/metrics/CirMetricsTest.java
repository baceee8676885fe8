package dev.paracosm.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkKind;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.benchmark.Benchmarks;
import dev.paracosm.eval.benchmark.GeneCisTask;
import dev.paracosm.eval.benchmark.TestBenchmarks;
import dev.paracosm.eval.metrics.InvalidRankingException.Reason;
import dev.paracosm.fusion.Ranking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CirMetricsTest {
  private static final Path SAMPLES = Path.of("src/test/resources/benchmarks/samples");

  /** CIRR sample val: rank every query's target right after its reference, rest in gallery order. */
  private static Map<String, List<String>> referenceThenTarget(Benchmark b) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (BenchmarkQuery q : b.queries()) {
      List<String> l = new ArrayList<>();
      l.add(q.referenceId());
      l.add(q.target().orElseThrow());
      b.galleryIds().stream().filter(id -> !l.contains(id)).forEach(l::add);
      out.put(q.id(), l);
    }
    return out;
  }

  @Test
  void cirrDeletesTheReferenceSoATargetRightBelowItRanksFirst() {
    Benchmark b = Benchmarks.cirr(SAMPLES.resolve("cirr"), "val");
    MetricReport r = CirMetrics.evaluate(b, referenceThenTarget(b));
    assertThat(r.value("recall@1")).isEqualTo(100.0);
    assertThat(r.value("recall_subset@1")).isEqualTo(100.0);
    assertThat(r.perQuery()).allSatisfy(q -> assertThat(q.value("target_rank")).hasValue(1.0));
    assertThat(r.values().keySet()).containsExactly(
        "recall@1", "recall@5", "recall@10", "recall@50", "recall_subset@1", "recall_subset@2", "recall_subset@3", "avg");
  }

  @Test
  void cirrSoftLabelsGivePartialCreditAndIgnoreNegativeLabels() {
    Benchmark b = Benchmarks.cirr(SAMPLES.resolve("cirr"), "val");
    Map<String, List<String>> rankings = referenceThenTarget(b);
    // pairid 12136: put the 0.5-labelled image first (after the reference), target second
    List<String> l = new ArrayList<>(List.of("dev-115-2-img0", "dev-115-3-img0", "dev-115-1-img1"));
    b.galleryIds().stream().filter(id -> !l.contains(id)).forEach(l::add);
    rankings.put("12136", l);
    MetricReport r = CirMetrics.evaluate(b, rankings, MetricOptions.defaults().withCirrSoftLabels(true));
    QueryMetrics q = r.perQuery().get(3);
    assertThat(q.queryId()).isEqualTo("12136");
    assertThat(q.value("soft_best@1")).hasValue(0.5);
    assertThat(q.value("soft_best@2")).hasValue(1.0);
    // 12130's target_hard has no soft label: soft credit 0 although the hard target is first
    assertThat(r.perQuery().get(2).value("soft_best@1")).hasValue(0.0);
    assertThat(r.value("soft_recall@1")).isCloseTo(100.0 * (1 + 1 + 0 + 0.5 + 1) / 5, Offset.offset(1e-9));
  }

  @Test
  void rankingThatAlreadyLeavesOutTheReferenceScoresTheSame() {
    Benchmark b = Benchmarks.cirr(SAMPLES.resolve("cirr"), "val");
    Map<String, List<String>> with = referenceThenTarget(b);
    Map<String, List<String>> without = new LinkedHashMap<>();
    for (BenchmarkQuery q : b.queries()) {
      without.put(q.id(), with.get(q.id()).subList(1, with.get(q.id()).size()));
    }
    MetricOptions soft = MetricOptions.defaults().withCirrSoftLabels(true);
    assertThat(CirMetrics.evaluate(b, without, soft).values()).isEqualTo(CirMetrics.evaluate(b, with, soft).values());
  }

  @Test
  void truncatedRankingWithoutTheTargetIsTooShortToDecide() {
    Benchmark b = Benchmarks.cirr(SAMPLES.resolve("cirr"), "val");
    Map<String, List<String>> rankings = referenceThenTarget(b);
    rankings.put("12060", List.of("dev-244-0-img0", "dev-430-3-img0"));
    assertThatThrownBy(() -> CirMetrics.evaluate(b, rankings))
        .isInstanceOfSatisfying(InvalidRankingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.RANKING_TOO_SHORT))
        .hasMessageContaining("12060");
  }

  @Test
  void missingQueryIsNamed() {
    Benchmark b = Benchmarks.cirr(SAMPLES.resolve("cirr"), "val");
    Map<String, List<String>> rankings = referenceThenTarget(b);
    rankings.remove("12195");
    assertThatThrownBy(() -> CirMetrics.evaluate(b, rankings))
        .isInstanceOfSatisfying(InvalidRankingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_QUERY))
        .hasMessageContaining("12195");
  }

  @Test
  void rankingForAnUnknownQueryIsRejected() {
    Benchmark b = Benchmarks.cirr(SAMPLES.resolve("cirr"), "val");
    Map<String, List<String>> rankings = referenceThenTarget(b);
    rankings.put("424242", List.of());
    assertThatThrownBy(() -> CirMetrics.evaluate(b, rankings))
        .isInstanceOfSatisfying(InvalidRankingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_QUERY))
        .hasMessageContaining("424242");
  }

  @Test
  void idOutsideTheGalleryIsRejectedNamingQueryAndId() {
    Benchmark b = Benchmarks.cirr(SAMPLES.resolve("cirr"), "val");
    Map<String, List<String>> rankings = referenceThenTarget(b);
    List<String> l = new ArrayList<>(rankings.get("12062"));
    l.set(5, "dev-9999-0-img0");
    rankings.put("12062", l);
    assertThatThrownBy(() -> CirMetrics.evaluate(b, rankings))
        .isInstanceOfSatisfying(InvalidRankingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ID))
        .hasMessageContaining("12062")
        .hasMessageContaining("dev-9999-0-img0");
  }

  @Test
  void testSplitWithoutGroundTruthCannotBeScored() {
    Benchmark b = Benchmarks.cirr(SAMPLES.resolve("cirr"), "test1");
    assertThatThrownBy(() -> CirMetrics.evaluate(b, Map.of()))
        .isInstanceOfSatisfying(InvalidRankingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_GROUND_TRUTH));
  }

  private static Benchmark circoOneQuery(List<String> gts, List<String> aspects) {
    List<String> gallery = TestBenchmarks.ids("", 60).stream().map(s -> Integer.toString(1000 + Integer.parseInt(s))).toList();
    BenchmarkQuery q = BenchmarkQuery.builder().id("0").referenceId("1000").targetId(gts.get(0)).groundTruthIds(gts)
        .modificationText("m").sharedConcept("c").semanticAspects(aspects).build();
    return TestBenchmarks.of(BenchmarkKind.CIRCO, "val", gallery, List.of(q));
  }

  @Test
  void circoApDividesByTheSmallerOfGroundTruthCountAndK() {
    // GTs 1001, 1002 at positions 1 and 3: AP@5 = (1/1 + 2/3) / min(2, 5)
    Benchmark b = circoOneQuery(List.of("1001", "1002"), List.of("addition"));
    MetricReport r = CirMetrics.evaluate(b, Map.of("0", List.of("1001", "1000", "1002", "1003")));
    assertThat(r.value("map@5")).isCloseTo(100.0 * (1 + 2.0 / 3) / 2, Offset.offset(1e-9));
    assertThat(r.value("recall@5")).isEqualTo(100.0);
    assertThat(r.perQuery().get(0).value("target_rank")).hasValue(1.0);
  }

  @Test
  void circoRecallCountsOnlyTheTargetNotTheOtherGroundTruths() {
    Benchmark b = circoOneQuery(List.of("1001", "1002"), List.of());
    MetricReport r = CirMetrics.evaluate(b, Map.of("0", List.of("1002", "1003")));
    assertThat(r.value("recall@50")).isZero();
    assertThat(r.value("map@5")).isEqualTo(50.0);
  }

  @Test
  void circoAcceptsIdsWrittenAsStringsWithBlanksAndRejectsNonIntegers() {
    Benchmark b = circoOneQuery(List.of("1001"), List.of());
    assertThat(CirMetrics.evaluate(b, Map.of("0", List.of(" 1001 "))).value("map@5")).isEqualTo(100.0);
    assertThatThrownBy(() -> CirMetrics.evaluate(b, Map.of("0", List.of("img1001"))))
        .isInstanceOfSatisfying(InvalidRankingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ID));
  }

  @Test
  void circoDuplicatePredictionsRejectTheWholeEvaluation() {
    Benchmark b = circoOneQuery(List.of("1001"), List.of());
    assertThatThrownBy(() -> CirMetrics.evaluate(b, Map.of("0", List.of("1005", "1001", "1005"))))
        .isInstanceOfSatisfying(InvalidRankingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_PREDICTIONS))
        .hasMessageContaining("1005");
  }

  @Test
  void circoSemanticMapIsUndefinedForAnAspectNoQueryHas() {
    Benchmark b = circoOneQuery(List.of("1001"), List.of("viewpoint"));
    MetricReport r = CirMetrics.evaluate(b, Map.of("0", List.of("1001")));
    assertThat(r.value("semantic_map@10/viewpoint")).isEqualTo(100.0);
    assertThat(r.value("semantic_map@10/negation")).isNaN();
    assertThat(r.values().keySet().stream().filter(k -> k.startsWith("semantic_map@10/"))).hasSize(9);
  }

  @Test
  void geneCisDuplicatedTargetWinsTheTieByCandidatePosition() {
    Benchmark b = Benchmarks.geneCis(SAMPLES.resolve("genecis"), GeneCisTask.CHANGE_OBJECT, Path.of("coco"));
    Map<String, List<String>> rankings = new LinkedHashMap<>();
    for (BenchmarkQuery q : b.queries()) {
      double[] scores = new double[q.gallery().size()];
      scores[0] = 0.5;
      scores[14] = 0.5; // change_object #19 quirk: the same image again at gallery[13]
      rankings.put(q.id(), RankedIds.fromScores(q.gallery(), scores));
    }
    MetricReport r = CirMetrics.evaluate(b, rankings);
    assertThat(r.value("recall@1")).isEqualTo(100.0);
  }

  @Test
  void geneCisRankingOutsideTheQueryCandidatesIsRejected() {
    Benchmark b = Benchmarks.geneCis(SAMPLES.resolve("genecis"), GeneCisTask.FOCUS_OBJECT, Path.of("coco"));
    Map<String, List<String>> rankings = new LinkedHashMap<>();
    b.queries().forEach(q -> rankings.put(q.id(), q.gallery()));
    rankings.put("1", List.of("189213"));
    assertThatThrownBy(() -> CirMetrics.evaluate(b, rankings))
        .isInstanceOfSatisfying(InvalidRankingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ID))
        .hasMessageContaining("189213");
  }

  @Test
  void combineAveragesPartsWithoutWeightingByQueryCount() {
    MetricReport a = new MetricReport("a", Map.of("recall@10", 10.0, "recall@50", 50.0), List.of());
    MetricReport c = new MetricReport("c", Map.of("recall@10", 30.0, "recall@50", 70.0), List.of(new QueryMetrics("0", Map.of())));
    Map<String, MetricReport> parts = new LinkedHashMap<>();
    parts.put("dress", a);
    parts.put("shirt", c);
    MetricReport r = CirMetrics.combine("fashioniq", parts);
    assertThat(r.value("dress/recall@10")).isEqualTo(10.0);
    assertThat(r.value("average/recall@10")).isEqualTo(20.0);
    assertThat(r.value("average/recall@50")).isEqualTo(60.0);
    assertThat(r.value("average/mean_r10_r50")).isEqualTo(40.0);
    assertThat(r.perQuery()).extracting(QueryMetrics::queryId).containsExactly("shirt/0");
  }

  @Test
  void unknownMetricNameIsReported() {
    MetricReport r = new MetricReport("x", Map.of("recall@1", 1.0), List.of());
    assertThatThrownBy(() -> r.value("recall@2")).isInstanceOf(InvalidInputException.class).hasMessageContaining("recall@2");
  }

  @Test
  void rankedIdsBreakTiesByLowerDatabasePositionAndPutNaNLast() {
    assertThat(RankedIds.fromScores(List.of("a", "b", "c", "d"), new double[] {0.5, Double.NaN, 0.9, 0.5}))
        .containsExactly("c", "a", "d", "b");
  }

  @Test
  void rankedIdsMapCoreRankingRowsToIds() {
    assertThat(RankedIds.fromRanking(List.of("x", "y", "z"), new Ranking(new int[] {2, 0}, new float[] {0.9f, 0.1f})))
        .containsExactly("z", "x");
  }
}
