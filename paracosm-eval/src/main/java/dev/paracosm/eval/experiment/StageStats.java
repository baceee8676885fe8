package dev.paracosm.eval.experiment;

/**
 * Measurements of one stage of a run (a generative role, encoding, ranking).
 *
 * @param stage stage name, e.g. {@code captioner}, {@code encode_image}, {@code ranking}
 * @param requests calls made
 * @param items items processed (a batch call counts each item)
 * @param failures calls that threw
 * @param totalMillis time spent in calls, summed
 * @param meanMillis mean latency per call
 * @param p95Millis 95th-percentile latency per call (nearest rank)
 * @param itemsPerSecond items divided by the wall time between the first call's start and the last call's end
 * @param peakHeapBytes the highest JVM heap use seen right after a call of this stage (heap only:
 *     native memory of model engines is not included)
 */
public record StageStats(
    String stage,
    long requests,
    long items,
    long failures,
    double totalMillis,
    double meanMillis,
    double p95Millis,
    double itemsPerSecond,
    long peakHeapBytes) {}
