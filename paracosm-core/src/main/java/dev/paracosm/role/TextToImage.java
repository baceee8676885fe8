package dev.paracosm.role;

/** A text-to-image model: turns a gallery image's detailed description into its synthetic counterpart. */
public interface TextToImage extends AutoCloseable {

  /** @return a stable id of the model (and server profile), used in cache keys and provenance */
  String modelId();

  /**
   * @param request prompt and settings
   * @return the generated image
   */
  GeneratedImage generate(TextToImageRequest request);

  /** Releases resources. The default does nothing. */
  @Override
  default void close() {}
}
