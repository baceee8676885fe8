package dev.paracosm.eval.report;

import dev.paracosm.eval.experiment.ResultRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A results table laid out like the papers': one row per method (mode, λ, ablation, generation
 * setting, encoder), columns grouped by dataset — CIRR R@1/5/10/50 and Rs@1/2/3; CIRCO
 * mAP@5/10/25/50; FashionIQ R@10/50 per category and their unweighted average; GeneCIS R@1/2/3 per
 * task and the average R@1 over tasks.
 *
 * @param columns column headers after the method column, e.g. {@code cirr R@1}, {@code fashioniq Avg R@10}
 * @param rows the rows, in first-seen order
 */
public record ResultTable(List<String> columns, List<Row> rows) {

  private static final List<String> DATASET_ORDER = List.of("cirr", "circo", "fashioniq", "genecis");
  private static final List<String> METRIC_ORDER = List.of("R@1", "R@2", "R@3", "R@5", "R@10", "R@50", "Rs@1",
      "Rs@2", "Rs@3", "Avg", "mAP@5", "mAP@10", "mAP@25", "mAP@50");
  private static final List<String> FASHIONIQ_CATEGORIES = List.of("dress", "shirt", "toptee");
  private static final List<String> GENECIS_TASKS = List.of("focus_attribute", "change_attribute", "focus_object",
      "change_object");

  /** Copies. */
  public ResultTable {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /**
   * One row.
   *
   * @param method the method label
   * @param values one value per column, {@code null} where the row has no result
   */
  public record Row(String method, List<Double> values) {
    /** Copies (keeping nulls). */
    public Row {
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }
  }

  /**
   * Builds the table. When a method has several records for the same column (a rerun), the last wins.
   *
   * @param records results
   * @return the table
   */
  public static ResultTable of(List<ResultRecord> records) {
    Map<String, Map<String, Double>> cells = new LinkedHashMap<>();
    Map<String, Set<String>> metricsByDataset = new LinkedHashMap<>();
    Map<String, Set<String>> subsetsByDataset = new LinkedHashMap<>();
    for (ResultRecord r : records) {
      Map<String, Double> row = cells.computeIfAbsent(r.methodLabel(), k -> new LinkedHashMap<>());
      Map<String, Double> metrics = MetricNames.paperMetrics(r.dataset(), r.metrics());
      metricsByDataset.computeIfAbsent(r.dataset(), k -> new LinkedHashSet<>()).addAll(metrics.keySet());
      if (r.subset() != null) {
        subsetsByDataset.computeIfAbsent(r.dataset(), k -> new LinkedHashSet<>()).add(r.subset());
      }
      metrics.forEach((m, v) -> row.put(cellKey(r.dataset(), r.subset(), m), v));
    }
    List<String> datasets = new ArrayList<>(metricsByDataset.keySet());
    datasets.sort((a, b) -> Integer.compare(rank(DATASET_ORDER, a), rank(DATASET_ORDER, b)));
    List<String> columns = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<AverageColumn> averages = new ArrayList<>();
    for (String d : datasets) {
      List<String> metrics = sortedMetrics(metricsByDataset.get(d));
      List<String> subsets = new ArrayList<>(subsetsByDataset.getOrDefault(d, Set.of()));
      if (subsets.isEmpty()) {
        for (String m : metrics) {
          columns.add(d + " " + m);
          keys.add(cellKey(d, null, m));
        }
        continue;
      }
      List<String> order = d.equals("fashioniq") ? FASHIONIQ_CATEGORIES : d.equals("genecis") ? GENECIS_TASKS : List.of();
      subsets.sort((a, b) -> Integer.compare(rank(order, a), rank(order, b)));
      List<String> shown = metrics;
      for (String s : subsets) {
        for (String m : shown) {
          columns.add(d + " " + s + " " + m);
          keys.add(cellKey(d, s, m));
        }
      }
      List<String> averaged = d.equals("genecis") && shown.contains("R@1") ? List.of("R@1") : shown;
      List<String> expected = order.isEmpty() ? subsets : order;
      for (String m : averaged) {
        columns.add(d + " Avg " + m);
        keys.add(null);
        averages.add(new AverageColumn(columns.size() - 1, d, m, expected));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, Double>> e : cells.entrySet()) {
      List<Double> values = new ArrayList<>();
      for (String k : keys) {
        values.add(k == null ? null : e.getValue().get(k));
      }
      for (AverageColumn a : averages) {
        values.set(a.index, a.average(e.getValue()));
      }
      rows.add(new Row(e.getKey(), values));
    }
    return new ResultTable(columns, rows);
  }

  /** An average over every expected subset; {@code null} unless all of them are present (as the papers report). */
  private record AverageColumn(int index, String dataset, String metric, List<String> subsets) {
    Double average(Map<String, Double> row) {
      double sum = 0;
      for (String s : subsets) {
        Double v = row.get(cellKey(dataset, s, metric));
        if (v == null) {
          return null;
        }
        sum += v;
      }
      return sum / subsets.size();
    }
  }

  private static String cellKey(String dataset, String subset, String metric) {
    return dataset + "\u0000" + (subset == null ? "" : subset) + "\u0000" + metric;
  }

  private static List<String> sortedMetrics(Set<String> metrics) {
    List<String> out = new ArrayList<>(metrics);
    out.sort((a, b) -> {
      int c = Integer.compare(rank(METRIC_ORDER, a), rank(METRIC_ORDER, b));
      return c != 0 ? c : a.compareTo(b);
    });
    return out;
  }

  private static int rank(List<String> order, String v) {
    int i = order.indexOf(v);
    return i < 0 ? order.size() : i;
  }

  /** @return a GitHub-flavoured Markdown table, values with two decimals, {@code –} where missing */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder("| method |");
    columns.forEach(c -> sb.append(' ').append(c).append(" |"));
    sb.append("\n|---|");
    columns.forEach(c -> sb.append("---:|"));
    sb.append('\n');
    for (Row r : rows) {
      sb.append("| ").append(r.method().replace("|", "\\|")).append(" |");
      for (Double v : r.values()) {
        sb.append(' ').append(v == null ? "–" : String.format(Locale.ROOT, "%.2f", v)).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** @return RFC 4180 CSV, values with four decimals, empty where missing */
  public String toCsv() {
    StringBuilder sb = new StringBuilder(csv("method"));
    columns.forEach(c -> sb.append(',').append(csv(c)));
    sb.append("\r\n");
    for (Row r : rows) {
      sb.append(csv(r.method()));
      for (Double v : r.values()) {
        sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.4f", v));
      }
      sb.append("\r\n");
    }
    return sb.toString();
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
