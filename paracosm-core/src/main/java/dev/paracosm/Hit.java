package dev.paracosm;

import java.util.Map;

/**
 * One search result.
 *
 * @param rank 1-based rank
 * @param id gallery item id
 * @param score cosine score
 * @param metadata the item's metadata
 */
public record Hit(int rank, String id, double score, Map<String, String> metadata) {
  /**
   * Copies the metadata.
   *
   * @param rank see the record description
   * @param id see the record description
   * @param score see the record description
   * @param metadata see the record description
   */
  public Hit {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
