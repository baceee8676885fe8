package dev.paracosm.eval.metrics;

/**
 * Options of {@link CirMetrics#evaluate}.
 *
 * @param cirrSoftLabels also compute the CIRR authors' soft-label metric (CIRPLANT, README §1.5:
 *     {@code soft_recall@K} for K in 1, 2, 5, 10, 50, 100 and {@code soft_recall_subset@K} for K in
 *     1, 2, 3); needs rankings of at least 101 ids (or the whole gallery)
 */
public record MetricOptions(boolean cirrSoftLabels) {
  /** @return the defaults: the ZS-CIR metrics only */
  public static MetricOptions defaults() {
    return new MetricOptions(false);
  }

  /**
   * @param on whether to compute the CIRPLANT soft-label metric on CIRR
   * @return a copy with that setting
   */
  public MetricOptions withCirrSoftLabels(boolean on) {
    return new MetricOptions(on);
  }
}
