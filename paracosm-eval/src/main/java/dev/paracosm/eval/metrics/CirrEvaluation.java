package dev.paracosm.eval.metrics;

import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIRR metrics (README §1.4): rank after deleting the reference; Recall@{1,5,10,50} and
 * Recall_subset@{1,2,3}; optionally the CIRPLANT soft-label variant (§1.5).
 */
final class CirrEvaluation {
  static final int[] RECALL_KS = {1, 5, 10, 50};
  static final int[] SUBSET_KS = {1, 2, 3};
  static final int[] SOFT_KS = {1, 2, 5, 10, 50, 100};

  private CirrEvaluation() {}

  static MetricReport evaluate(Benchmark b, Map<String, ? extends List<String>> rankings, MetricOptions options) {
    int n = b.queries().size();
    int gallerySize = b.galleryIds().size();
    int[] hits = new int[RECALL_KS.length];
    int[] subsetHits = new int[SUBSET_KS.length];
    double[] soft = new double[SOFT_KS.length];
    double[] softSubset = new double[SUBSET_KS.length];
    List<QueryMetrics> details = new ArrayList<>(n);
    for (BenchmarkQuery q : b.queries()) {
      List<String> r = rankings.get(q.id());
      RankedIds.requireUniqueInGallery(b, q.id(), r);
      String ref = q.referenceId();
      String target = q.target().orElseThrow();
      Set<String> others = new HashSet<>(q.groupMembers());
      others.remove(ref);
      // one pass over the ranking: L = ranking without the reference, L_S = L restricted to `others`
      int keep = options.cirrSoftLabels() ? SOFT_KS[SOFT_KS.length - 1] : 0;
      List<String> lTop = new ArrayList<>(keep);
      List<String> lsTop = new ArrayList<>(SUBSET_KS[SUBSET_KS.length - 1]);
      int lSize = 0;
      int lsSize = 0;
      int rank = 0;
      int subsetRank = 0;
      boolean removed = false;
      for (String id : r) {
        if (!removed && id.equals(ref)) {
          removed = true;
          continue;
        }
        lSize++;
        if (lTop.size() < keep) {
          lTop.add(id);
        }
        boolean isTarget = rank == 0 && id.equals(target);
        if (isTarget) {
          rank = lSize;
        }
        if (others.contains(id)) {
          lsSize++;
          if (lsTop.size() < SUBSET_KS[SUBSET_KS.length - 1]) {
            lsTop.add(id);
          }
          if (isTarget) {
            subsetRank = lsSize;
          }
        }
      }
      // every non-reference image listed: the ranking is complete
      boolean complete = lSize >= gallerySize - 1;
      Map<String, Double> d = new LinkedHashMap<>();
      if (rank == 0) {
        int need = Math.min(RECALL_KS[RECALL_KS.length - 1], gallerySize - 1);
        if (!complete && lSize < need) {
          throw Checks.tooShort(q.id(), "Recall@" + RECALL_KS[RECALL_KS.length - 1], r.size(), need + 1);
        }
      } else {
        d.put("target_rank", (double) rank);
      }
      for (int i = 0; i < RECALL_KS.length; i++) {
        if (rank > 0 && rank <= RECALL_KS[i]) {
          hits[i]++;
        }
      }
      if (subsetRank == 0) {
        int need = Math.min(SUBSET_KS[SUBSET_KS.length - 1], others.size());
        if (!complete && lsSize < need) {
          throw Checks.tooShort(q.id(), "Recall_subset@" + SUBSET_KS[SUBSET_KS.length - 1], r.size(), gallerySize);
        }
      } else {
        d.put("subset_target_rank", (double) subsetRank);
      }
      for (int i = 0; i < SUBSET_KS.length; i++) {
        if (subsetRank > 0 && subsetRank <= SUBSET_KS[i]) {
          subsetHits[i]++;
        }
      }
      if (options.cirrSoftLabels()) {
        // CIRPLANT: the reference gets the row minimum, i.e. goes to the bottom of a full ranking.
        List<String> softList = new ArrayList<>(lTop);
        if (complete && lSize < keep) {
          softList.add(ref);
        }
        for (int i = 0; i < SOFT_KS.length; i++) {
          int k = SOFT_KS[i];
          if (!complete && lSize < Math.min(k, gallerySize)) {
            throw Checks.tooShort(q.id(), "soft Recall@" + k, r.size(), Math.min(k + 1, gallerySize));
          }
          double best = best(q.softTargets(), softList, k);
          soft[i] += best;
          d.put("soft_best@" + k, best);
        }
        for (int i = 0; i < SUBSET_KS.length; i++) {
          int k = SUBSET_KS[i];
          if (!complete && lsSize < Math.min(k, others.size())) {
            throw Checks.tooShort(q.id(), "soft Recall_subset@" + k, r.size(), gallerySize);
          }
          double best = best(q.softTargets(), lsTop, k);
          softSubset[i] += best;
          d.put("soft_subset_best@" + k, best);
        }
      }
      details.add(new QueryMetrics(q.id(), d));
    }
    Map<String, Double> v = new LinkedHashMap<>();
    for (int i = 0; i < RECALL_KS.length; i++) {
      v.put("recall@" + RECALL_KS[i], Checks.percent(hits[i], n));
    }
    for (int i = 0; i < SUBSET_KS.length; i++) {
      v.put("recall_subset@" + SUBSET_KS[i], Checks.percent(subsetHits[i], n));
    }
    v.put("avg", (v.get("recall@5") + v.get("recall_subset@1")) / 2);
    if (options.cirrSoftLabels()) {
      for (int i = 0; i < SOFT_KS.length; i++) {
        v.put("soft_recall@" + SOFT_KS[i], 100.0 * soft[i] / n);
      }
      for (int i = 0; i < SUBSET_KS.length; i++) {
        v.put("soft_recall_subset@" + SUBSET_KS[i], 100.0 * softSubset[i] / n);
      }
    }
    return new MetricReport(b.name(), v, details);
  }

  /** Largest soft label among the first k ids, starting from 0 (absent ids count 0). */
  private static double best(Map<String, Double> labels, List<String> list, int k) {
    double best = 0;
    for (int i = 0; i < Math.min(k, list.size()); i++) {
      Double v = labels.get(list.get(i));
      if (v != null && v > best) {
        best = v;
      }
    }
    return best;
  }
}
