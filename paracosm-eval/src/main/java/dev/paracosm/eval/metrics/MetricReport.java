package dev.paracosm.eval.metrics;

import dev.paracosm.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Result of an evaluation: metric name → value (percent, in a fixed order such as {@code recall@1,
 * recall@5, ...}) plus per-query details. Immutable.
 */
public final class MetricReport {
  private final String name;
  private final Map<String, Double> values;
  private final List<QueryMetrics> perQuery;

  /**
   * @param name what was evaluated (benchmark name)
   * @param values ordered metric values, copied
   * @param perQuery per-query details, copied
   */
  public MetricReport(String name, Map<String, Double> values, List<QueryMetrics> perQuery) {
    this.name = Objects.requireNonNull(name, "name");
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.perQuery = List.copyOf(perQuery);
  }

  /** @return what was evaluated */
  public String name() {
    return name;
  }

  /** @return ordered metric name → value (percent; NaN where undefined) */
  public Map<String, Double> values() {
    return values;
  }

  /**
   * @param metric a metric name such as {@code recall@10}
   * @return its value
   * @throws InvalidInputException if the report has no such metric
   */
  public double value(String metric) {
    Double v = values.get(metric);
    if (v == null) {
      throw new InvalidInputException("Report " + name + " has no metric '" + metric + "'; it has " + values.keySet());
    }
    return v;
  }

  /** @return per-query details in query order */
  public List<QueryMetrics> perQuery() {
    return perQuery;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(':');
    values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(String.format(Locale.ROOT, "%.2f", v)));
    return sb.toString();
  }
}
