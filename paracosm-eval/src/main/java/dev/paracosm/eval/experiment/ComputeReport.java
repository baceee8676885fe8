package dev.paracosm.eval.experiment;

import java.util.List;
import java.util.Locale;

/**
 * Compute measurements of one run: per stage requests, latency, throughput and peak heap, plus the
 * pipeline time per query beside the model time per query (PEFUSE Table 5's "whole pipeline" vs
 * "inference").
 *
 * @param stages per-stage statistics (generation per role, encoding, ranking)
 * @param queries queries processed (encoded and ranked) in this run
 * @param pipelineSecondsPerQuery time of one query through the pipeline (generation, encoding and
 *     caching in {@code encodeQuery}, plus its share of one point's ranking), averaged over {@code queries}
 * @param modelSecondsPerQuery time inside model calls during query processing divided by {@code queries}
 * @param galleryItems gallery items indexed in this run
 * @param indexSecondsPerItem wall time of indexing divided by the items indexed
 * @param wallSeconds wall time of the whole run
 * @param peakHeapBytes highest heap use seen (heap only, via {@link java.lang.management.MemoryMXBean})
 */
public record ComputeReport(
    List<StageStats> stages,
    long queries,
    double pipelineSecondsPerQuery,
    double modelSecondsPerQuery,
    long galleryItems,
    double indexSecondsPerItem,
    double wallSeconds,
    long peakHeapBytes) {

  /** Copies the list. */
  public ComputeReport {
    stages = List.copyOf(stages);
  }

  /** @return pipeline overhead over model time in percent ((pipeline − model) / model × 100), or NaN */
  public double overheadPercent() {
    return modelSecondsPerQuery > 0 ? (pipelineSecondsPerQuery - modelSecondsPerQuery) / modelSecondsPerQuery * 100
        : Double.NaN;
  }

  /** @return a Markdown rendering (stage table plus per-query times) */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| stage | requests | items | failures | mean ms | p95 ms | items/s | peak heap MiB |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StageStats s : stages) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f | %.2f | %.1f |%n", s.stage(),
          s.requests(), s.items(), s.failures(), s.meanMillis(), s.p95Millis(), s.itemsPerSecond(),
          s.peakHeapBytes() / 1048576.0));
    }
    sb.append('\n');
    sb.append(String.format(Locale.ROOT,
        "Per query: pipeline %.4f s, model %.4f s (overhead %.1f %%), over %d queries. "
            + "Indexing: %.4f s per item over %d items. Run wall time %.2f s; peak heap %.1f MiB (heap only; "
            + "native/GPU memory of model engines is not included).%n",
        pipelineSecondsPerQuery, modelSecondsPerQuery, overheadPercent(), queries, indexSecondsPerItem,
        galleryItems, wallSeconds, peakHeapBytes / 1048576.0));
    return sb.toString();
  }
}
