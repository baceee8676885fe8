package dev.paracosm.eval.report;

import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.experiment.ResultRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.RadarChart;
import org.knowm.xchart.RadarChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots with XChart: the λ curve of Paracosm Fig. 4 (headline metric vs λ, one series per
 * dataset and encoder) and the radar chart of Fig. 1 (methods × datasets). Headline metrics: CIRR
 * R@1, CIRCO mAP@5, FashionIQ average R@10, GeneCIS average R@1.
 */
public final class ReportPlots {
  /** Plot width in pixels. */
  public static final int WIDTH = 800;
  /** Plot height in pixels. */
  public static final int HEIGHT = 600;

  private ReportPlots() {}

  /**
   * @param dataset a dataset id
   * @return the metric its plots show
   */
  public static String headlineMetric(String dataset) {
    return switch (dataset) {
      case "circo" -> "mAP@5";
      case "fashioniq" -> "R@10";
      default -> "R@1";
    };
  }

  /**
   * Headline value per method label and dataset; FashionIQ and GeneCIS average their subsets.
   *
   * @param records results
   * @return method → dataset → value in percent
   */
  public static Map<String, Map<String, Double>> headlines(List<ResultRecord> records) {
    Map<String, Map<String, List<Double>>> acc = new LinkedHashMap<>();
    for (ResultRecord r : records) {
      Double v = MetricNames.paperMetrics(r.dataset(), r.metrics()).get(headlineMetric(r.dataset()));
      if (v != null) {
        acc.computeIfAbsent(r.methodLabel(), k -> new LinkedHashMap<>())
            .computeIfAbsent(r.dataset(), k -> new ArrayList<>()).add(v);
      }
    }
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    acc.forEach((m, byDataset) -> {
      Map<String, Double> row = new LinkedHashMap<>();
      byDataset.forEach((d, vs) -> row.put(d, vs.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
      out.put(m, row);
    });
    return out;
  }

  /**
   * Writes the λ curve of the Paracosm records.
   *
   * @param records results (non-Paracosm records are ignored)
   * @param png output file
   * @throws InvalidInputException if no Paracosm record has a headline metric, or the file cannot be written
   */
  public static void lambdaCurve(List<ResultRecord> records, Path png) {
    Map<String, TreeMap<Double, List<Double>>> series = new LinkedHashMap<>();
    for (ResultRecord r : records) {
      Double v = MetricNames.paperMetrics(r.dataset(), r.metrics()).get(headlineMetric(r.dataset()));
      if (!"paracosm".equals(r.mode()) || v == null) {
        continue;
      }
      String name = r.dataset() + " " + headlineMetric(r.dataset())
          + (r.ablation() == null ? "" : " [" + r.ablation() + "]") + " (" + r.encoder() + ")";
      series.computeIfAbsent(name, k -> new TreeMap<>()).computeIfAbsent(r.lambda(), k -> new ArrayList<>()).add(v);
    }
    if (series.isEmpty()) {
      throw new InvalidInputException("No paracosm results with a headline metric to plot against λ");
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Retrieval vs λ")
        .xAxisTitle("λ").yAxisTitle("metric (%)").build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    series.forEach((name, points) -> {
      double[] x = points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] y = points.values().stream().mapToDouble(l -> l.stream().mapToDouble(Double::doubleValue).average()
          .orElse(0)).toArray();
      chart.addSeries(shortLabel(name), x, y).setMarker(SeriesMarkers.CIRCLE);
    });
    save(chart, png);
  }

  /**
   * Writes a radar chart: one axis per dataset, one polygon per method (headline metrics, 0–100 %).
   *
   * @param records results
   * @param png output file
   * @throws InvalidInputException if there is nothing to plot or the file cannot be written
   */
  public static void radar(List<ResultRecord> records, Path png) {
    Map<String, Map<String, Double>> h = headlines(records);
    List<String> datasets = new ArrayList<>();
    h.values().forEach(row -> row.keySet().forEach(d -> {
      if (!datasets.contains(d)) {
        datasets.add(d);
      }
    }));
    if (h.isEmpty()) {
      throw new InvalidInputException("No results with a headline metric to draw a radar chart from");
    }
    RadarChart chart = new RadarChartBuilder().width(WIDTH).height(HEIGHT).title("Methods × datasets").build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    List<String> labels = new ArrayList<>();
    for (String d : datasets) {
      labels.add(d + " " + headlineMetric(d));
    }
    // A radar needs at least three axes; pad with empty ones when fewer datasets were run.
    while (labels.size() < 3) {
      labels.add(" ".repeat(labels.size()));
    }
    chart.setRadiiLabels(labels.toArray(String[]::new));
    h.forEach((method, row) -> {
      double[] v = new double[labels.size()];
      for (int i = 0; i < datasets.size(); i++) {
        v[i] = Math.max(0, Math.min(1, row.getOrDefault(datasets.get(i), 0.0) / 100.0));
      }
      chart.addSeries(shortLabel(method), v);
    });
    save(chart, png);
  }

  /**
   * @param label a series label ending in {@code (encoder spec)}
   * @return the label with the encoder spec cut to its last path segment ({@code (tiny-clip)},
   *     {@code (clip-vit-base-patch32)}), so legends stay readable
   */
  static String shortLabel(String label) {
    int open = label.lastIndexOf(" (");
    if (open < 0 || !label.endsWith(")")) {
      return label;
    }
    String spec = label.substring(open + 2, label.length() - 1);
    String tail = spec.substring(Math.max(spec.lastIndexOf('/'), spec.lastIndexOf(':')) + 1);
    return label.substring(0, open) + " (" + (tail.isEmpty() ? spec : tail) + ")";
  }

  private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png) {
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(png)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException e) {
      throw new InvalidInputException("Cannot write plot " + png + ": " + e.getMessage(), e);
    }
  }
}
