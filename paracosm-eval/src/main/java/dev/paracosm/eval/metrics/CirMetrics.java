package dev.paracosm.eval.metrics;

import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.benchmark.Benchmark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The official CIR metrics (README of spec/benchmarks; docs/evaluation.md), in percent.
 *
 * <ul>
 *   <li>CIRR: {@code recall@1|5|10|50} after deleting the reference from the ranking, {@code
 *       recall_subset@1|2|3} on the group members, {@code avg} = (recall@5 + recall_subset@1)/2;
 *       with {@link MetricOptions#cirrSoftLabels()} also the CIRPLANT {@code soft_recall@K} and
 *       {@code soft_recall_subset@K}.
 *   <li>CIRCO: {@code map@5|10|25|50} (AP denominator min(|GT|, K)), {@code recall@5|10|25|50} on
 *       the single target, {@code semantic_map@10/<aspect>} (NaN when no query has the aspect);
 *       only the first 50 ids of each ranking count; the reference stays in the ranking.
 *   <li>FashionIQ (one category): {@code recall@1|5|10|50}, reference kept.
 *   <li>GeneCIS (one task): {@code recall@1|2|3} over the query's candidates.
 * </ul>
 *
 * A ranking may be truncated: ids that are absent rank below every listed id. If that leaves a
 * metric undecided, or a ranking names an id outside the query's candidates, lists an id twice or a
 * query is missing, {@link InvalidRankingException} is thrown.
 */
public final class CirMetrics {
  private CirMetrics() {}

  /**
   * Evaluates with the default options.
   *
   * @param benchmark a split with ground truth
   * @param rankings query id → ranked item ids, best first
   * @return the report
   * @throws InvalidRankingException if the rankings cannot be scored
   */
  public static MetricReport evaluate(Benchmark benchmark, Map<String, ? extends List<String>> rankings) {
    return evaluate(benchmark, rankings, MetricOptions.defaults());
  }

  /**
   * @param benchmark a split with ground truth
   * @param rankings query id → ranked item ids, best first
   * @param options metric options
   * @return the report
   * @throws InvalidRankingException if the rankings cannot be scored
   */
  public static MetricReport evaluate(
      Benchmark benchmark, Map<String, ? extends List<String>> rankings, MetricOptions options) {
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(rankings, "rankings");
    Objects.requireNonNull(options, "options");
    Checks.coverage(benchmark, rankings);
    return switch (benchmark.kind()) {
      case CIRR -> CirrEvaluation.evaluate(benchmark, rankings, options);
      case CIRCO -> CircoEvaluation.evaluate(benchmark, rankings);
      case FASHIONIQ, GENECIS -> RecallEvaluation.evaluate(benchmark, rankings);
    };
  }

  /**
   * Combines per-part reports (FashionIQ categories, GeneCIS tasks) into one: every part metric as
   * {@code <part>/<metric>}, then {@code average/<metric>} = the unweighted mean over the parts of
   * every metric that all parts have (README §3.4, §4.5), and {@code average/mean_r10_r50} =
   * (average/recall@10 + average/recall@50)/2 when both exist.
   *
   * @param name the combined report's name
   * @param parts part name → report, in the order to list them
   * @return the combined report; per-query ids are prefixed {@code <part>/}
   * @throws InvalidInputException if {@code parts} is empty
   */
  public static MetricReport combine(String name, Map<String, MetricReport> parts) {
    if (parts.isEmpty()) {
      throw new InvalidInputException("Nothing to combine into report " + name);
    }
    Map<String, Double> v = new LinkedHashMap<>();
    List<QueryMetrics> details = new ArrayList<>();
    parts.forEach((part, r) -> {
      r.values().forEach((k, x) -> v.put(part + "/" + k, x));
      r.perQuery().forEach(q -> details.add(new QueryMetrics(part + "/" + q.queryId(), q.values())));
    });
    MetricReport first = parts.values().iterator().next();
    for (String metric : first.values().keySet()) {
      if (parts.values().stream().allMatch(r -> r.values().containsKey(metric))) {
        v.put("average/" + metric, parts.values().stream().mapToDouble(r -> r.value(metric)).average().orElseThrow());
      }
    }
    if (v.containsKey("average/recall@10") && v.containsKey("average/recall@50")) {
      v.put("average/mean_r10_r50", (v.get("average/recall@10") + v.get("average/recall@50")) / 2);
    }
    return new MetricReport(name, v, details);
  }
}
