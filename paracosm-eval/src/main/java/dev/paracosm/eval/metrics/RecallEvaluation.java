package dev.paracosm.eval.metrics;

import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkKind;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.metrics.InvalidRankingException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain Recall@K on the target with nothing removed: FashionIQ (K = 1, 5, 10, 50; README §3.4) and
 * GeneCIS (K = 1, 2, 3 over the per-query candidates; README §4.5).
 */
final class RecallEvaluation {
  static final int[] FASHIONIQ_KS = {1, 5, 10, 50};
  static final int[] GENECIS_KS = {1, 2, 3};

  private RecallEvaluation() {}

  static MetricReport evaluate(Benchmark b, Map<String, ? extends List<String>> rankings) {
    boolean genecis = b.kind() == BenchmarkKind.GENECIS;
    int[] ks = genecis ? GENECIS_KS : FASHIONIQ_KS;
    int maxK = ks[ks.length - 1];
    int n = b.queries().size();
    int[] hits = new int[ks.length];
    List<QueryMetrics> details = new ArrayList<>(n);
    for (BenchmarkQuery q : b.queries()) {
      List<String> r = rankings.get(q.id());
      List<String> pool = b.candidates(q);
      if (genecis) {
        checkCandidates(q, r);
      } else {
        RankedIds.requireUniqueInGallery(b, q.id(), r);
      }
      // first occurrence: with a duplicated candidate (GeneCIS change_object #19) the target,
      // candidate 0, wins the tie by database position
      int rank = r.indexOf(q.target().orElseThrow()) + 1;
      Map<String, Double> d = new LinkedHashMap<>();
      if (rank == 0) {
        int need = Math.min(maxK, pool.size());
        if (r.size() < need) {
          throw Checks.tooShort(q.id(), "Recall@" + maxK, r.size(), need);
        }
      } else {
        d.put("target_rank", (double) rank);
      }
      for (int i = 0; i < ks.length; i++) {
        if (rank > 0 && rank <= ks[i]) {
          hits[i]++;
        }
      }
      details.add(new QueryMetrics(q.id(), d));
    }
    Map<String, Double> v = new LinkedHashMap<>();
    for (int i = 0; i < ks.length; i++) {
      v.put("recall@" + ks[i], Checks.percent(hits[i], n));
    }
    return new MetricReport(b.name(), v, details);
  }

  /** Every ranked id is a candidate of the query, at most as often as it is listed there. */
  private static void checkCandidates(BenchmarkQuery q, List<String> r) {
    Map<String, Integer> left = new HashMap<>();
    q.gallery().forEach(id -> left.merge(id, 1, Integer::sum));
    for (int i = 0; i < r.size(); i++) {
      String id = r.get(i);
      Integer c = left.get(id);
      if (c == null) {
        throw new InvalidRankingException(
            Reason.UNKNOWN_ID, "Ranking of query " + q.id() + " lists '" + id + "' at position " + (i + 1)
                + ", which is not one of its " + q.gallery().size() + " candidates");
      }
      if (c == 0) {
        throw new InvalidRankingException(
            Reason.DUPLICATE_PREDICTIONS, "Ranking of query " + q.id() + " lists '" + id + "' more often than its candidates do (position " + (i + 1) + ")");
      }
      left.put(id, c - 1);
    }
  }
}
