package dev.paracosm.models.preprocess;

import java.util.Objects;

/**
 * A decoded 8-bit RGB image, interleaved HWC (row-major, R G B per pixel), as Pillow holds a mode
 * {@code RGB} image. Package-private value type of the preprocessing pipeline; the array is owned by
 * the instance and never modified after construction.
 */
final class RgbImage {
  private final int width;
  private final int height;
  private final byte[] data;

  RgbImage(int width, int height, byte[] data) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    Objects.requireNonNull(data, "data");
    if (data.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "RGB data of " + width + "x" + height + " needs " + (3L * width * height) + " bytes, got " + data.length);
    }
    this.width = width;
    this.height = height;
    this.data = data;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** @return the HWC bytes (not copied: callers must not modify them) */
  byte[] data() {
    return data;
  }

  /**
   * @param x column
   * @param y row
   * @param c channel 0..2
   * @return the sample, 0..255
   */
  int get(int x, int y, int c) {
    return data[(y * width + x) * 3 + c] & 0xff;
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
