package dev.paracosm.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe named counters (role calls, cache hits). */
final class Counters {
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  void count(String name) {
    count(name, 1);
  }

  void count(String name, long n) {
    counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
