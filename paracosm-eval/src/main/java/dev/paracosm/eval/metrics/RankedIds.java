package dev.paracosm.eval.metrics;

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
}
