package dev.paracosm.eval.experiment;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Thread-safe latency, throughput and heap recorder behind the timed role decorators. */
final class StageRecorder {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private static final class Stage {
    final List<Long> nanos = new ArrayList<>();
    long items;
    long failures;
    long firstStart = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;
    long peakHeap;
  }

  private final Map<String, Stage> stages = new LinkedHashMap<>();

  /**
   * Times one call.
   *
   * @param stage the stage name
   * @param items items the call processes
   * @param call the call
   * @return its result
   */
  <T> T time(String stage, int items, Supplier<T> call) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      T out = call.get();
      failed = false;
      return out;
    } finally {
      long end = System.nanoTime();
      long heap = MEMORY.getHeapMemoryUsage().getUsed();
      record(stage, items, start, end, failed, heap);
    }
  }

  synchronized void record(String stage, int items, long start, long end, boolean failed, long heap) {
    Stage s = stages.computeIfAbsent(stage, k -> new Stage());
    s.nanos.add(end - start);
    s.items += items;
    if (failed) {
      s.failures++;
    }
    s.firstStart = Math.min(s.firstStart, start);
    s.lastEnd = Math.max(s.lastEnd, end);
    s.peakHeap = Math.max(s.peakHeap, heap);
  }

  /** @return total nanoseconds spent in every stage whose name is in {@code names} */
  synchronized long totalNanos(java.util.Set<String> names) {
    long t = 0;
    for (Map.Entry<String, Stage> e : stages.entrySet()) {
      if (names.contains(e.getKey())) {
        for (long n : e.getValue().nanos) {
          t += n;
        }
      }
    }
    return t;
  }

  /** @return calls of a stage so far */
  synchronized long requests(String stage) {
    Stage s = stages.get(stage);
    return s == null ? 0 : s.nanos.size();
  }

  /** @return the statistics of every stage seen, in first-seen order */
  synchronized List<StageStats> snapshot() {
    List<StageStats> out = new ArrayList<>();
    for (Map.Entry<String, Stage> e : stages.entrySet()) {
      Stage s = e.getValue();
      long[] sorted = s.nanos.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      long total = Arrays.stream(sorted).sum();
      int n = sorted.length;
      double mean = n == 0 ? 0 : total / 1e6 / n;
      double p95 = n == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(0.95 * n) - 1)] / 1e6;
      double wall = (s.lastEnd - s.firstStart) / 1e9;
      double tput = wall > 0 ? s.items / wall : 0;
      out.add(new StageStats(e.getKey(), n, s.items, s.failures, total / 1e6, mean, p95, tput, s.peakHeap));
    }
    return out;
  }
}
