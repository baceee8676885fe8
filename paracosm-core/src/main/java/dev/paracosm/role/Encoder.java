package dev.paracosm.role;

import dev.paracosm.image.ImageData;
import java.util.ArrayList;
import java.util.List;

/**
 * A vision-language encoder (CLIP, OpenCLIP, SigLIP, ...): the {@code V(.)} and {@code T(.)} of the
 * method.
 *
 * <p>Implementations return <b>raw, unnormalised</b> projections; fusion normalises explicitly
 * (method.md §1). Implementations should be thread-safe for concurrent encode calls and document it
 * if not. Batch methods default to the single-item ones; implementations override them for speed.
 */
public interface Encoder extends AutoCloseable {

  /** @return a stable id of the model and revision, used in index tags and cache keys */
  String modelId();

  /** @return the embedding dimension of both towers */
  int dimension();

  /**
   * @param image an encoded image
   * @return the raw image projection, length {@link #dimension()}
   */
  float[] encodeImage(ImageData image);

  /**
   * @param text text to encode (truncated to the model's context length)
   * @return the raw text projection, length {@link #dimension()}
   */
  float[] encodeText(String text);

  /**
   * @param images images to encode
   * @return one raw projection per image, in order
   */
  default List<float[]> encodeImages(List<ImageData> images) {
    List<float[]> out = new ArrayList<>(images.size());
    for (ImageData image : images) {
      out.add(encodeImage(image));
    }
    return out;
  }

  /**
   * @param texts texts to encode
   * @return one raw projection per text, in order
   */
  default List<float[]> encodeTexts(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(encodeText(text));
    }
    return out;
  }

  /** Releases native memory held by the encoder. The default does nothing. */
  @Override
  default void close() {}
}
