package dev.paracosm.eval.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Display names of metrics as the papers print them, and which columns each dataset's table shows. */
final class MetricNames {
  private MetricNames() {}

  /** Paper columns per dataset (display names). */
  static final Map<String, List<String>> PAPER_COLUMNS = Map.of(
      "cirr", List.of("R@1", "R@5", "R@10", "R@50", "Rs@1", "Rs@2", "Rs@3", "Avg"),
      "circo", List.of("mAP@5", "mAP@10", "mAP@25", "mAP@50"),
      "fashioniq", List.of("R@10", "R@50"),
      "genecis", List.of("R@1", "R@2", "R@3"));

  /**
   * @param metric a metric name as the metrics module writes it ({@code recall@1}, {@code
   *     recall_subset@2}, {@code map@5}, {@code avg}) or already a display name
   * @return the display name ({@code R@1}, {@code Rs@2}, {@code mAP@5}, {@code Avg})
   */
  static String display(String metric) {
    if (metric.startsWith("recall_subset@")) {
      return "Rs@" + metric.substring("recall_subset@".length());
    }
    if (metric.startsWith("recall@")) {
      return "R@" + metric.substring("recall@".length());
    }
    if (metric.startsWith("map@")) {
      return "mAP@" + metric.substring("map@".length());
    }
    if (metric.equals("avg")) {
      return "Avg";
    }
    return metric;
  }

  /**
   * @param dataset dataset id
   * @param metrics raw metrics of a record
   * @return display name → value, restricted to the dataset's paper columns when it has any of them
   */
  static Map<String, Double> paperMetrics(String dataset, Map<String, Double> metrics) {
    Map<String, Double> all = new LinkedHashMap<>();
    metrics.forEach((k, v) -> {
      if (v != null && !v.isNaN()) {
        all.put(display(k), v);
      }
    });
    List<String> wanted = PAPER_COLUMNS.get(dataset);
    if (wanted == null || wanted.stream().noneMatch(all::containsKey)) {
      return all;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (String w : wanted) {
      if (all.containsKey(w)) {
        out.put(w, all.get(w));
      }
    }
    return out;
  }
}
