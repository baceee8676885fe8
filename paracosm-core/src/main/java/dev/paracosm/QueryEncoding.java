package dev.paracosm;

import dev.paracosm.fusion.QueryComponent;
import dev.paracosm.image.ImageData;
import java.util.Map;

/**
 * A query's raw component embeddings plus the generated intermediates (mental image, {@code
 * t_query}, PEFUSE's composed text and edited image), so that many fusion choices (λ sweeps,
 * ablations, modes) can be ranked without regenerating or re-encoding.
 *
 * @param queryId the query id
 * @param components raw embeddings by component
 * @param texts generated texts by name ({@code t_query}, {@code pefuse_text})
 * @param images generated images by name ({@code mental_image}, {@code pefuse_image})
 */
public record QueryEncoding(
    String queryId, Map<QueryComponent, float[]> components, Map<String, String> texts, Map<String, ImageData> images) {
  /**
   * Copies the maps.
   *
   * @param queryId see the record description
   * @param components see the record description
   * @param texts see the record description
   * @param images see the record description
   */
  public QueryEncoding {
    components = Map.copyOf(components);
    texts = Map.copyOf(texts);
    images = Map.copyOf(images);
  }
}
