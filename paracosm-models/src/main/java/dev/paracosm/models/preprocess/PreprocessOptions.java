package dev.paracosm.models.preprocess;

import dev.paracosm.InvalidInputException;

/**
 * Options of {@link ImagePreprocessor#fromConfig(java.nio.file.Path, PreprocessOptions)} that go
 * beyond the checkpoint's {@code preprocessor_config.json}.
 *
 * @param targetPad whether to apply Paracosm's TargetPad transform before the resize (method.md
 *     §1.1): when {@code max(w,h)/min(w,h) >= targetPadRatio}, pad the image symmetrically with black
 *     so that the ratio becomes {@code targetPadRatio}; each side gets {@code int((max(w,h)/ratio -
 *     side)/2)} pixels, clamped at 0
 * @param targetPadRatio the TargetPad ratio (1.25 in the method), at least 1
 */
public record PreprocessOptions(boolean targetPad, double targetPadRatio) {

  /** The method's TargetPad ratio. */
  public static final double DEFAULT_TARGET_PAD_RATIO = 1.25;

  /** Validates the ratio. */
  public PreprocessOptions {
    if (!(targetPadRatio >= 1.0) || Double.isInfinite(targetPadRatio)) {
      throw new InvalidInputException("TargetPad ratio must be a finite number >= 1, got " + targetPadRatio);
    }
  }

  /** @return the processor exactly as its config describes it (no TargetPad) */
  public static PreprocessOptions defaults() {
    return new PreprocessOptions(false, DEFAULT_TARGET_PAD_RATIO);
  }

  /** @return TargetPad with ratio 1.25 before the configured resize and crop */
  public static PreprocessOptions withTargetPad() {
    return new PreprocessOptions(true, DEFAULT_TARGET_PAD_RATIO);
  }
}
