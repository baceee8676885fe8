package dev.paracosm.fusion;

import java.util.BitSet;
import java.util.List;

/** Exact cosine top-k over a fused gallery matrix. */
public interface Ranker {

  /** @return exact search through DJL NDArray on the default engine (GPU when it has one) */
  static Ranker exact() {
    return new ExactRanker();
  }

  /**
   * Scores every allowed gallery row against every query row as {@code cos = q·φ / ‖q‖} (φ rows
   * are unit length or zero) and keeps the best {@code k} per query. Exact ties are ordered by
   * lower gallery row first; a zero query scores 0 everywhere and keeps gallery order.
   *
   * @param queries query vectors, one per row
   * @param gallery fused gallery matrix φ
   * @param k how many to keep per query ({@code Integer.MAX_VALUE} for all)
   * @param allowed gallery rows that may be returned (a metadata filter applied before top-k), or
   *     {@code null} for all
   * @return one ranking per query row
   */
  List<Ranking> rank(FloatMatrix queries, FloatMatrix gallery, int k, BitSet allowed);
}
