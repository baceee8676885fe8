package dev.paracosm.eval.metrics;

import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.metrics.InvalidRankingException.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared validation of ranking inputs. */
final class Checks {
  private Checks() {}

  /** Every query has a ranking, no ranking for an unknown query, ground truth present. */
  static void coverage(Benchmark b, Map<String, ? extends List<String>> rankings) {
    if (!b.hasGroundTruth()) {
      throw new InvalidRankingException(
          Reason.NO_GROUND_TRUTH,
          "Benchmark " + b.name() + " split " + b.split()
              + " has no ground truth (test split); write a submission for the evaluation server instead");
    }
    for (BenchmarkQuery q : b.queries()) {
      if (rankings.get(q.id()) == null) {
        throw new InvalidRankingException(
            Reason.MISSING_QUERY, "No ranking for query " + q.id() + " of " + b.name() + " (" + b.split() + ")");
      }
    }
    Set<String> ids = new HashSet<>();
    b.queries().forEach(q -> ids.add(q.id()));
    for (String k : rankings.keySet()) {
      if (!ids.contains(k)) {
        throw new InvalidRankingException(
            Reason.UNKNOWN_QUERY, "Ranking keyed by '" + k + "' but " + b.name() + " (" + b.split() + ") has no such query");
      }
    }
  }

  static InvalidRankingException tooShort(String queryId, String what, int have, int need) {
    return new InvalidRankingException(
        Reason.RANKING_TOO_SHORT,
        "Ranking of query " + queryId + " is too short to decide " + what + ": the target is not among its "
            + have + " ids; pass at least " + need + " ids (or the full ranking)");
  }

  static double percent(int hits, int n) {
    return 100.0 * hits / n;
  }
}
