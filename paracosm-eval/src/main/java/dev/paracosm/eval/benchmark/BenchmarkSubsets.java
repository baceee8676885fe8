package dev.paracosm.eval.benchmark;

import dev.paracosm.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Derived benchmarks for smoke runs (the experiment runner's {@code limit}). */
public final class BenchmarkSubsets {
  private BenchmarkSubsets() {}

  /**
   * @param benchmark a benchmark
   * @param n how many queries to keep (from the start, in file order)
   * @return the same gallery and items with only the first {@code n} queries
   * @throws InvalidInputException if {@code n < 1}
   */
  public static Benchmark firstQueries(Benchmark benchmark, int n) {
    if (n < 1) {
      throw new InvalidInputException("Query limit must be >= 1, got " + n);
    }
    Map<String, GalleryItem> items = new LinkedHashMap<>();
    for (String id : benchmark.itemIds()) {
      items.put(id, benchmark.item(id));
    }
    return new Benchmark(benchmark.kind(), benchmark.split(), benchmark.subset().orElse(null), benchmark.source(),
        benchmark.galleryIds(), items, benchmark.queries().subList(0, Math.min(n, benchmark.queries().size())));
  }
}
