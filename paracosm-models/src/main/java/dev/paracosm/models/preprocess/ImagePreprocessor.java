package dev.paracosm.models.preprocess;

import dev.paracosm.image.ImageData;
import java.nio.file.Path;

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

  /**
   * A preprocessor that follows a checkpoint's {@code preprocessor_config.json} exactly
   * ({@code CLIPImageProcessor}, its legacy {@code CLIPFeatureExtractor} form, or {@code
   * SiglipImageProcessor}, with transformers v4.41.2 defaults for absent keys).
   *
   * @param preprocessorConfigJson the config file
   * @return the preprocessor
   * @throws dev.paracosm.FormatCorruptException naming the file if it is missing or malformed
   * @throws dev.paracosm.InvalidInputException naming the file for unsupported settings (unknown
   *     resample id, unknown processor class, variable output size)
   */
  static ImagePreprocessor fromConfig(Path preprocessorConfigJson) {
    return fromConfig(preprocessorConfigJson, PreprocessOptions.defaults());
  }

  /**
   * Like {@link #fromConfig(Path)}, with Paracosm options such as TargetPad.
   *
   * @param preprocessorConfigJson the config file
   * @param options extra options
   * @return the preprocessor
   */
  static ImagePreprocessor fromConfig(Path preprocessorConfigJson, PreprocessOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    return new HfImagePreprocessor(PreprocessorConfig.load(preprocessorConfigJson), options);
  }
}
