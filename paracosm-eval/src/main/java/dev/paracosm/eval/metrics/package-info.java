/**
 * The official CIR metrics, computed from per-query rankings of gallery ids.
 *
 * <p>Entry point: {@link dev.paracosm.eval.metrics.CirMetrics#evaluate}. Input: for every query of
 * a {@link dev.paracosm.eval.benchmark.Benchmark} a ranked list of item ids, best first (a full
 * ranking, or its top part: ids that are absent rank below every listed id). Output: a {@link
 * dev.paracosm.eval.metrics.MetricReport} in percent, with per-query details. {@link
 * dev.paracosm.eval.metrics.RankedIds} turns score rows into such lists with the deterministic tie
 * rule of method.md §8 (descending score, then lower database position first).
 */
package dev.paracosm.eval.metrics;
