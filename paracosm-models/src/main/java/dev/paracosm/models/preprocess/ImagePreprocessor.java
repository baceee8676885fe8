package dev.paracosm.models.preprocess;

import dev.paracosm.image.ImageData;

/**
 * Turns an encoded image into a model's {@code pixel_values}: decode, RGB conversion, resize, crop,
 * rescale and normalise, with Python (Pillow + transformers image processor) parity. Built from a
 * checkpoint's {@code preprocessor_config.json}. Implementations are immutable and thread-safe.
 */
public interface ImagePreprocessor {

  /** @return output height in pixels */
  int height();

  /** @return output width in pixels */
  int width();

  /**
   * @param image an encoded image
   * @return float32 pixel values in CHW order, length {@code 3 * height() * width()}
   * @throws dev.paracosm.InvalidInputException naming the image if it cannot be decoded
   */
  float[] process(ImageData image);
}
