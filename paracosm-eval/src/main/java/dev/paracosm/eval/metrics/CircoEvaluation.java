package dev.paracosm.eval.metrics;

import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.metrics.InvalidRankingException.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * CIRCO metrics as the evaluation server computes them (miccunifi/CIRCO {@code
 * src/evaluation.py::compute_metrics}, README §2.4): on the top-50 predictions, the reference kept,
 * AP@K with denominator min(|GT|, K), Recall@K on the single target, semantic mAP@10 per aspect.
 */
final class CircoEvaluation {
  static final int[] KS = {5, 10, 25, 50};
  static final int MAX_PREDICTIONS = 50;
  /** The nine aspect names the server reports, in README order. */
  static final List<String> ASPECTS = List.of(
      "cardinality", "addition", "negation", "direct_addressing", "compare_change",
      "comparative_statement", "statement_with_conjunction", "spatial_relations_background", "viewpoint");

  private CircoEvaluation() {}

  static MetricReport evaluate(Benchmark b, Map<String, ? extends List<String>> rankings) {
    int n = b.queries().size();
    double[] apSum = new double[KS.length];
    int[] hits = new int[KS.length];
    Map<String, double[]> aspectSums = new LinkedHashMap<>(); // aspect -> {sum AP@10, count}
    ASPECTS.forEach(a -> aspectSums.put(a, new double[2]));
    Set<String> extra = new TreeSet<>();
    List<QueryMetrics> details = new ArrayList<>(n);
    for (BenchmarkQuery q : b.queries()) {
      List<Long> p = parse(q.id(), rankings.get(q.id()));
      Set<Long> gt = new HashSet<>();
      q.groundTruthIds().forEach(g -> gt.add(Long.parseLong(g)));
      long target = Long.parseLong(q.target().orElseThrow());
      Map<String, Double> d = new LinkedHashMap<>();
      double ap10 = 0;
      for (int i = 0; i < KS.length; i++) {
        double ap = averagePrecision(p, gt, KS[i]);
        apSum[i] += ap;
        d.put("ap@" + KS[i], 100.0 * ap);
        if (KS[i] == 10) {
          ap10 = ap;
        }
        int limit = Math.min(KS[i], p.size());
        if (p.subList(0, limit).contains(target)) {
          hits[i]++;
        }
      }
      int pos = p.indexOf(target);
      if (pos >= 0) {
        d.put("target_rank", (double) (pos + 1));
      }
      for (String a : q.semanticAspects()) {
        if (!aspectSums.containsKey(a)) {
          extra.add(a);
        }
      }
      for (String a : new HashSet<>(q.semanticAspects())) {
        double[] s = aspectSums.computeIfAbsent(a, k -> new double[2]);
        s[0] += ap10;
        s[1] += 1;
      }
      details.add(new QueryMetrics(q.id(), d));
    }
    Map<String, Double> v = new LinkedHashMap<>();
    for (int i = 0; i < KS.length; i++) {
      v.put("map@" + KS[i], 100.0 * apSum[i] / n);
    }
    for (int i = 0; i < KS.length; i++) {
      v.put("recall@" + KS[i], Checks.percent(hits[i], n));
    }
    List<String> aspects = new ArrayList<>(ASPECTS);
    aspects.addAll(extra);
    for (String a : aspects) {
      double[] s = aspectSums.get(a);
      v.put("semantic_map@10/" + a, s[1] == 0 ? Double.NaN : 100.0 * s[0] / s[1]);
    }
    return new MetricReport(b.name(), v, details);
  }

  /** AP@K = Σ_{i ≤ min(K, n)} rel_i · P_i / min(|G|, K). */
  static double averagePrecision(List<Long> predictions, Set<Long> gt, int k) {
    int limit = Math.min(k, predictions.size());
    int found = 0;
    double sum = 0;
    for (int i = 0; i < limit; i++) {
      if (gt.contains(predictions.get(i))) {
        found++;
        sum += (double) found / (i + 1);
      }
    }
    return sum / Math.min(gt.size(), k);
  }

  /**
   * The predictions: the first 50 ids (the rest of a longer ranking is never read), as integers
   * (strings accepted, as the server casts them), without duplicates.
   */
  private static List<Long> parse(String queryId, List<String> ranking) {
    int n = Math.min(ranking.size(), MAX_PREDICTIONS);
    List<Long> out = new ArrayList<>(n);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String s = ranking.get(i);
      long id;
      try {
        id = Long.parseLong(s == null ? "" : s.trim());
      } catch (NumberFormatException e) {
        throw new InvalidRankingException(
            Reason.INVALID_ID, "Prediction " + (i + 1) + " of query " + queryId + " is '" + s + "', not an integer COCO image id");
      }
      if (!seen.add(id)) {
        throw new InvalidRankingException(
            Reason.DUPLICATE_PREDICTIONS,
            "Duplicate predictions: query " + queryId + " lists image " + id + " twice (again at position " + (i + 1)
                + "); the official CIRCO evaluation rejects the whole submission");
      }
      out.add(id);
    }
    return out;
  }
}
