package dev.paracosm.role;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import java.util.List;
import java.util.Objects;

/**
 * One user message to a multimodal LLM: an ordered list of text and image parts, plus sampling.
 *
 * @param parts the message parts, in order (at least one)
 * @param sampling sampling settings
 * @param promptId id of the prompt template the text came from (provenance), or {@code null}
 */
public record CaptionRequest(List<ChatPart> parts, SamplingParams sampling, String promptId) {

  /**

   * Validates and copies the parts.

   *

   * @param parts see the record description

   * @param sampling see the record description

   * @param promptId see the record description

   */

  public CaptionRequest {
    Objects.requireNonNull(parts, "parts");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new InvalidInputException("A caption request needs at least one part (image or text)");
    }
    sampling = sampling == null ? SamplingParams.defaults() : sampling;
  }

  /**
   * The common shape: image first, then the instruction text.
   *
   * @param image the image to describe
   * @param prompt the rendered instruction
   * @param sampling sampling settings
   * @return the request
   */
  public static CaptionRequest of(ImageData image, String prompt, SamplingParams sampling) {
    return new CaptionRequest(List.of(ChatPart.image(image), ChatPart.text(prompt)), sampling, null);
  }

  /**
   * @param promptId template id for provenance
   * @return a copy carrying the template id
   */
  public CaptionRequest withPromptId(String promptId) {
    return new CaptionRequest(parts, sampling, promptId);
  }

  /** @return the images of this request, in order */
  public List<ImageData> images() {
    return parts.stream().filter(p -> p instanceof ChatPart.Image).map(p -> ((ChatPart.Image) p).image()).toList();
  }

  /** @return the text parts joined with blank lines */
  public String text() {
    return String.join("\n\n",
        parts.stream().filter(p -> p instanceof ChatPart.Text).map(p -> ((ChatPart.Text) p).text()).toList());
  }
}
