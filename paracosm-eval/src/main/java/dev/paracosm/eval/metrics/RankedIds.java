package dev.paracosm.eval.metrics;

import dev.paracosm.eval.metrics.InvalidRankingException.Reason;

import dev.paracosm.eval.benchmark.Benchmark;

import dev.paracosm.InvalidInputException;
import dev.paracosm.fusion.Ranking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns scores into the ranked id lists that {@link CirMetrics} consumes, with the tie rule of
 * method.md §8: descending score, exact ties by lower database position first, NaN last.
 */
public final class RankedIds {
  private RankedIds() {}

  /**
   * @param ids database ids in database order
   * @param scores one score per id (higher = more similar)
   * @return all ids, best first
   * @throws InvalidInputException if the lengths differ
   */
  public static List<String> fromScores(List<String> ids, double[] scores) {
    if (ids.size() != scores.length) {
      throw new InvalidInputException("Got " + scores.length + " scores for " + ids.size() + " ids");
    }
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      double sa = scores[a];
      double sb = scores[b];
      boolean na = Double.isNaN(sa);
      boolean nb = Double.isNaN(sb);
      if (na != nb) {
        return na ? 1 : -1;
      }
      if (!na && sa != sb) {
        return sa > sb ? -1 : 1;
      }
      return Integer.compare(a, b);
    });
    List<String> out = new ArrayList<>(order.length);
    for (Integer i : order) {
      out.add(ids.get(i));
    }
    return out;
  }

  /**
   * @param ids database ids in database order
   * @param scores one score per id (higher = more similar)
   * @return all ids, best first
   */
  public static List<String> fromScores(List<String> ids, float[] scores) {
    double[] d = new double[scores.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = scores[i];
    }
    return fromScores(ids, d);
  }

  /**
   * @param ids gallery ids by gallery row
   * @param ranking a ranking of gallery rows from {@link dev.paracosm.fusion.Ranker}
   * @return the ranked ids
   * @throws InvalidInputException if a row index is outside {@code ids}
   */
  public static List<String> fromRanking(List<String> ids, Ranking ranking) {
    List<String> out = new ArrayList<>(ranking.size());
    for (int p = 0; p < ranking.size(); p++) {
      int row = ranking.index(p);
      if (row < 0 || row >= ids.size()) {
        throw new InvalidInputException("Ranking row " + row + " is outside the " + ids.size() + " gallery ids");
      }
      out.add(ids.get(row));
    }
    return out;
  }

  /**
   * Checks one query's ranking against a shared gallery: every id must be in the gallery and none may
   * repeat. Used by the metrics and by the submission writers.
   *
   * @param b the benchmark whose gallery the ids must belong to
   * @param queryId the query, for the message
   * @param ranking gallery ids, best first
   * @throws InvalidRankingException {@code unknown_id} or {@code duplicate_predictions}, naming the id and position
   */
  public static void requireUniqueInGallery(Benchmark b, String queryId, List<String> ranking) {
    java.util.BitSet seen = new java.util.BitSet(b.galleryIds().size());
    for (int i = 0; i < ranking.size(); i++) {
      String id = ranking.get(i);
      int g = b.galleryIndex(id);
      if (g < 0) {
        throw new InvalidRankingException(
            Reason.UNKNOWN_ID, "Ranking of query " + queryId + " lists '" + id + "' at position " + (i + 1)
                + ", which is not in the " + b.name() + " " + b.split() + " gallery");
      }
      if (seen.get(g)) {
        throw new InvalidRankingException(
            Reason.DUPLICATE_PREDICTIONS, "Ranking of query " + queryId + " lists '" + id + "' twice (again at position " + (i + 1) + ")");
      }
      seen.set(g);
    }
  }
}
