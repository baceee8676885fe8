package dev.paracosm.role;

import dev.paracosm.InvalidInputException;

/**
 * A text-to-image request (e.g. a gallery image's synthetic counterpart from its detailed
 * description).
 *
 * @param prompt the rendered prompt
 * @param params diffusion settings
 * @param promptId id of the prompt template (provenance), or {@code null}
 */
public record TextToImageRequest(String prompt, DiffusionParams params, String promptId) {

  /**

   * Validates the request.

   *

   * @param prompt see the record description

   * @param params see the record description

   * @param promptId see the record description

   */

  public TextToImageRequest {
    if (prompt == null || prompt.isBlank()) {
      throw new InvalidInputException("Text-to-image prompt is empty");
    }
    params = params == null ? DiffusionParams.defaults() : params;
  }

  /**
   * @param prompt the prompt
   * @param params settings
   * @return the request
   */
  public static TextToImageRequest of(String prompt, DiffusionParams params) {
    return new TextToImageRequest(prompt, params, null);
  }
}
