package dev.paracosm.eval.submission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkKind;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.metrics.InvalidRankingException;
import dev.paracosm.eval.metrics.RankedIds;
import dev.paracosm.eval.metrics.InvalidRankingException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CIRCO test-server upload (README §2.5): one key per query id ({@code "0"} .. {@code "799"}),
 * value = the top 50 COCO image ids, best first, written as integers. The reference is not removed.
 *
 * @param predictions query id → 50 image ids
 */
public record CircoSubmission(Map<String, List<Long>> predictions) {
  /** Ids per query. */
  public static final int SIZE = 50;

  /**

   * Copies, keeping key order.

   *

   * @param predictions see the record description

   */

  public CircoSubmission {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    predictions.forEach((k, v) -> out.put(k, List.copyOf(v)));
    predictions = Collections.unmodifiableMap(out);
  }

  /**
   * @param benchmark a CIRCO split (normally test)
   * @param rankings query id → ranked image ids, best first (at least 50)
   * @return the submission
   * @throws InvalidRankingException if a query is missing, a ranking repeats or invents an id, or is
   *     too short
   */
  public static CircoSubmission create(Benchmark benchmark, Map<String, ? extends List<String>> rankings) {
    if (benchmark.kind() != BenchmarkKind.CIRCO) {
      throw new InvalidInputException("CIRCO submission requested for benchmark " + benchmark.name());
    }
    int need = Math.min(SIZE, benchmark.galleryIds().size());
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (BenchmarkQuery q : benchmark.queries()) {
      List<String> r = Rankings.require(benchmark, rankings, q);
      RankedIds.requireUniqueInGallery(benchmark, q.id(), r);
      if (r.size() < need) {
        throw new InvalidRankingException(
            Reason.RANKING_TOO_SHORT, "Ranking of query " + q.id() + " has " + r.size() + " ids; the submission needs " + need);
      }
      List<Long> ids = new ArrayList<>(need);
      for (String s : r.subList(0, need)) {
        ids.add(Long.parseLong(s));
      }
      out.put(q.id(), ids);
    }
    return new CircoSubmission(out);
  }

  /** @return the upload as a JSON object */
  public ObjectNode toJson() {
    ObjectNode root = Rankings.MAPPER.createObjectNode();
    predictions.forEach((k, v) -> {
      ArrayNode a = root.putArray(k);
      v.forEach(a::add);
    });
    return root;
  }

  /**
   * Writes the upload as compact JSON.
   *
   * @param file where to write
   * @throws InvalidInputException if the file cannot be written
   */
  public void write(Path file) {
    Rankings.writeJson(toJson(), file);
  }
}
