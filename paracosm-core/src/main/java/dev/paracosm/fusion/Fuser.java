package dev.paracosm.fusion;

import java.util.Map;

/**
 * Builds the query vector and the fused gallery matrix of a mode from raw component embeddings
 * (method.md §4–§7).
 */
public interface Fuser {

  /** @return the reference implementation of method.md */
  static Fuser standard() {
    return new StandardFuser();
  }

  /**
   * @param components raw query-side embeddings; FashionIQ may give {@code t_mod_fwd} and {@code
   *     t_mod_rev} instead of {@code t_mod}
   * @param config the fusion choice
   * @return the query vector q (not re-normalised; ranking uses cosine)
   * @throws dev.paracosm.InvalidInputException if a needed component is missing or dimensions differ
   */
  float[] queryVector(Map<QueryComponent, float[]> components, FusionConfig config);

  /**
   * @param components raw gallery-side embeddings, one matrix per component, rows aligned by item
   * @param config the fusion choice
   * @return φ: one unit-length (or zero) row per gallery item
   * @throws dev.paracosm.InvalidInputException if a needed component is missing or shapes differ
   */
  FloatMatrix galleryMatrix(Map<GalleryComponent, FloatMatrix> components, FusionConfig config);
}
