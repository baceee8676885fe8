package dev.paracosm.role;

/** An instruction-driven image editor: turns (reference image, instruction) into a mental image. */
public interface ImageEditor extends AutoCloseable {

  /** @return a stable id of the model (and server profile), used in cache keys and provenance */
  String modelId();

  /**
   * @param request image, instruction and settings
   * @return the edited image
   */
  GeneratedImage edit(EditRequest request);

  /** Releases resources. The default does nothing. */
  @Override
  default void close() {}
}
