package dev.paracosm.eval.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Per-query details of an evaluation, e.g. {@code target_rank}, {@code subset_target_rank}, {@code
 * ap@10}, {@code soft_best@5}. A value is absent when it is undefined (e.g. the CIRCO target is not
 * in the top 50).
 *
 * @param queryId the query id
 * @param values ordered name → value
 */
public record QueryMetrics(String queryId, Map<String, Double> values) {
  /** Copies the values, keeping their order. */
  public QueryMetrics {
    Objects.requireNonNull(queryId, "queryId");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * @param name a detail name
   * @return its value, empty if absent
   */
  public OptionalDouble value(String name) {
    Double v = values.get(name);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
