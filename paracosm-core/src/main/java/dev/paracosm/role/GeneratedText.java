package dev.paracosm.role;

import java.util.Map;
import java.util.Objects;

/**
 * Text produced by a {@link Captioner}, with provenance (server profile, model, request id, ...).
 *
 * @param text the generated text
 * @param provenance string facts about how it was made; never contains secrets
 */
public record GeneratedText(String text, Map<String, String> provenance) {
  /**
   * Validates and copies.
   *
   * @param text see the record description
   * @param provenance see the record description
   */
  public GeneratedText {
    Objects.requireNonNull(text, "text");
    provenance = provenance == null ? Map.of() : Map.copyOf(provenance);
  }

  /**
   * @param text the text
   * @return a result without provenance
   */
  public static GeneratedText of(String text) {
    return new GeneratedText(text, Map.of());
  }
}
