package dev.paracosm.role;

import dev.paracosm.image.ImageData;
import java.util.Map;
import java.util.Objects;

/**
 * An image produced by an {@link ImageEditor} or {@link TextToImage}, with provenance.
 *
 * @param image the generated image
 * @param provenance string facts about how it was made; never contains secrets
 */
public record GeneratedImage(ImageData image, Map<String, String> provenance) {
  /**
   * Validates and copies.
   *
   * @param image see the record description
   * @param provenance see the record description
   */
  public GeneratedImage {
    Objects.requireNonNull(image, "image");
    provenance = provenance == null ? Map.of() : Map.copyOf(provenance);
  }

  /**
   * @param image the image
   * @return a result without provenance
   */
  public static GeneratedImage of(ImageData image) {
    return new GeneratedImage(image, Map.of());
  }
}
