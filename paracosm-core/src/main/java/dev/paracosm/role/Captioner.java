package dev.paracosm.role;

import java.util.ArrayList;
import java.util.List;

/**
 * A multimodal LLM used to describe images (mental image → {@code t_query}, gallery image →
 * {@code t_detailed}) and, for PEFUSE, to compose a target description.
 */
public interface Captioner extends AutoCloseable {

  /** @return a stable id of the model (and server profile), used in cache keys and provenance */
  String modelId();

  /**
   * @param request the message and sampling settings
   * @return the generated text
   */
  GeneratedText caption(CaptionRequest request);

  /**
   * @param requests requests
   * @return results in order
   */
  default List<GeneratedText> captionBatch(List<CaptionRequest> requests) {
    List<GeneratedText> out = new ArrayList<>(requests.size());
    for (CaptionRequest r : requests) {
      out.add(caption(r));
    }
    return out;
  }

  /** Releases resources (connections, threads). The default does nothing. */
  @Override
  default void close() {}
}
