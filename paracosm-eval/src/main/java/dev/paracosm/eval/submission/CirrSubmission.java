package dev.paracosm.eval.submission;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two CIRR test-server uploads (README §1.6): {@code recall} = the top 50 of the ranking with
 * the reference deleted, {@code recall_subset} = the top 3 of that ranking restricted to the group
 * members (reference excluded). Keys are pairids in query order.
 *
 * @param recall pairid → 50 image names
 * @param recallSubset pairid → 3 image names
 */
public record CirrSubmission(Map<String, List<String>> recall, Map<String, List<String>> recallSubset) {
  /** Annotation version written into the {@code version} field. */
  public static final String VERSION = "rc2";
  /** Names per query in the recall file. */
  public static final int RECALL_SIZE = 50;
  /** Names per query in the recall_subset file. */
  public static final int SUBSET_SIZE = 3;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**

   * Copies, keeping key order.

   *

   * @param recall see the record description

   * @param recallSubset see the record description

   */

  public CirrSubmission {
    recall = copy(recall);
    recallSubset = copy(recallSubset);
  }

  /**
   * Builds both files' contents from rankings.
   *
   * @param benchmark a CIRR split (normally test1)
   * @param rankings pairid → ranked image names, best first (full, or at least 51 names and every
   *     group member)
   * @return the submission
   * @throws InvalidRankingException if a query is missing, a ranking repeats or invents a name, or
   *     is too short
   */
  public static CirrSubmission create(Benchmark benchmark, Map<String, ? extends List<String>> rankings) {
    if (benchmark.kind() != BenchmarkKind.CIRR) {
      throw new InvalidInputException("CIRR submission requested for benchmark " + benchmark.name());
    }
    int gallerySize = benchmark.galleryIds().size();
    Map<String, List<String>> recall = new LinkedHashMap<>();
    Map<String, List<String>> subset = new LinkedHashMap<>();
    for (BenchmarkQuery q : benchmark.queries()) {
      List<String> r = Rankings.require(benchmark, rankings, q);
      RankedIds.requireUniqueInGallery(benchmark, q.id(), r);
      int need = Math.min(RECALL_SIZE, gallerySize - 1);
      Set<String> others = new HashSet<>(q.groupMembers());
      others.remove(q.referenceId());
      int needSubset = Math.min(SUBSET_SIZE, others.size());
      List<String> l = new ArrayList<>(need);
      List<String> ls = new ArrayList<>(needSubset);
      boolean removed = false;
      for (String id : r) {
        if (!removed && id.equals(q.referenceId())) {
          removed = true;
          continue;
        }
        if (l.size() < need) {
          l.add(id);
        }
        if (ls.size() < needSubset && others.contains(id)) {
          ls.add(id);
        }
        if (l.size() == need && ls.size() == needSubset) {
          break;
        }
      }
      if (l.size() < need) {
        throw new InvalidRankingException(
            Reason.RANKING_TOO_SHORT, "Ranking of query " + q.id() + " has " + r.size() + " names; the recall file needs "
                + need + " after removing the reference");
      }
      if (ls.size() < needSubset) {
        throw new InvalidRankingException(
            Reason.RANKING_TOO_SHORT, "Ranking of query " + q.id() + " contains only " + ls.size()
                + " of its group members; the recall_subset file needs " + needSubset + " (include every member)");
      }
      recall.put(q.id(), List.copyOf(l));
      subset.put(q.id(), List.copyOf(ls));
    }
    return new CirrSubmission(recall, subset);
  }

  /** @return the {@code recall} upload: {@code {"version": "rc2", "metric": "recall", pairid: [...]}} */
  public ObjectNode recallJson() {
    return json("recall", recall);
  }

  /** @return the {@code recall_subset} upload */
  public ObjectNode recallSubsetJson() {
    return json("recall_subset", recallSubset);
  }

  /**
   * Writes both uploads as compact JSON.
   *
   * @param recallFile where to write the recall file
   * @param recallSubsetFile where to write the recall_subset file
   * @throws InvalidInputException if a file cannot be written
   */
  public void write(Path recallFile, Path recallSubsetFile) {
    Rankings.writeJson(recallJson(), recallFile);
    Rankings.writeJson(recallSubsetJson(), recallSubsetFile);
  }

  private static ObjectNode json(String metric, Map<String, List<String>> lists) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", VERSION);
    root.put("metric", metric);
    lists.forEach((k, v) -> {
      ArrayNode a = root.putArray(k);
      v.forEach(a::add);
    });
    return root;
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }

}
