package dev.paracosm.fusion;

import java.util.Arrays;

/**
 * The top of one query's ranking: gallery row indices by descending cosine score, exact ties
 * ordered by lower row first (method.md §8).
 *
 * @param indices gallery row indices, best first
 * @param scores cosine scores aligned with {@code indices}
 */
public record Ranking(int[] indices, float[] scores) {
  /**
   * Validates lengths and copies.
   *
   * @param indices see the record description
   * @param scores see the record description
   */
  public Ranking {
    if (indices.length != scores.length) {
      throw new IllegalArgumentException("indices and scores differ in length");
    }
    indices = indices.clone();
    scores = scores.clone();
  }

  /** @return number of ranked entries */
  public int size() {
    return indices.length;
  }

  @Override
  public int[] indices() {
    return indices.clone();
  }

  @Override
  public float[] scores() {
    return scores.clone();
  }

  /**
   * @param position 0-based rank position
   * @return the gallery row at that position
   */
  public int index(int position) {
    return indices[position];
  }

  /**
   * @param position 0-based rank position
   * @return the score at that position
   */
  public float score(int position) {
    return scores[position];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ranking r && Arrays.equals(indices, r.indices) && Arrays.equals(scores, r.scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(indices) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "Ranking" + Arrays.toString(indices);
  }
}
