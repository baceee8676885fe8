package dev.paracosm.role;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import java.util.Objects;

/**
 * An image-editing request: reference image plus an instruction (e.g. the mental-image prompt).
 *
 * @param image the image to edit
 * @param prompt the rendered editing instruction
 * @param params diffusion settings
 * @param promptId id of the prompt template (provenance), or {@code null}
 */
public record EditRequest(ImageData image, String prompt, DiffusionParams params, String promptId) {

  /**

   * Validates the request.

   *

   * @param image see the record description

   * @param prompt see the record description

   * @param params see the record description

   * @param promptId see the record description

   */

  public EditRequest {
    Objects.requireNonNull(image, "image");
    if (prompt == null || prompt.isBlank()) {
      throw new InvalidInputException("Edit prompt for image " + image.source() + " is empty");
    }
    params = params == null ? DiffusionParams.defaults() : params;
  }

  /**
   * @param image the image to edit
   * @param prompt the instruction
   * @param params settings
   * @return the request
   */
  public static EditRequest of(ImageData image, String prompt, DiffusionParams params) {
    return new EditRequest(image, prompt, params, null);
  }
}
