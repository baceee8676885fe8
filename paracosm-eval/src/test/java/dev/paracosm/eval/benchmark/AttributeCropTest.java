package dev.paracosm.eval.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.BenchmarkDataException;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributeCropTest {

  /** 97x61 synthetic image whose pixel (x, y) is RGB(2x mod 256, 3y mod 256, (x+y) mod 256). */
  static BufferedImage synthetic() {
    BufferedImage im = new BufferedImage(97, 61, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 97; x++) {
      for (int y = 0; y < 61; y++) {
        im.setRGB(x, y, ((2 * x) % 256) << 16 | ((3 * y) % 256) << 8 | ((x + y) % 256));
      }
    }
    return im;
  }

  /** Position-weighted checksum Σ (index+1)·(r + 3g + 7b) over the pixels in row-major order. */
  static long checksum(BufferedImage im) {
    long s = 0;
    for (int y = 0; y < im.getHeight(); y++) {
      for (int x = 0; x < im.getWidth(); x++) {
        int p = im.getRGB(x, y);
        long v = ((p >> 16) & 0xff) + 3L * ((p >> 8) & 0xff) + 7L * (p & 0xff);
        s += (long) (y * im.getWidth() + x + 1) * v;
      }
    }
    return s;
  }

  // Expected side and checksum were produced with Pillow 12.3.0: the official GeneCIS loader's
  // crop (box dilated by 0.7, Image.crop on the float box) followed by its expand2square.
  @ParameterizedTest(name = "box [{0}, {1}, {2}, {3}] -> {4}x{4}")
  @CsvSource({
    "40, 30, 20, 10, 34, 293161600",
    "5, 5, 20, 10, 34, 97784306",
    "80, 50, 20, 20, 31, 578590975",
    "7.5, 3.25, 10, 5, 18, 3353112",
    "30.5, 20.5, 11, 7, 19, 25599992",
    "0, 0, 97, 61, 97, 28278147712",
    "60, 10, 5, 30, 51, 642508200",
  })
  void cropEqualsTheOfficialLoaderPixelForPixel(double x, double y, double w, double h, int side, long sum) {
    BufferedImage out = AttributeCrop.apply(synthetic(), new BoundingBox(x, y, w, h), "synthetic");
    assertThat(out.getWidth()).isEqualTo(side);
    assertThat(out.getHeight()).isEqualTo(side);
    assertThat(checksum(out)).isEqualTo(sum);
  }

  @Test
  void wideCropIsCentredVerticallyBetweenBlackBands() {
    // box (40,30,20,10): left 26, top 23, right 60, bottom 40 -> 34x17 content, pad (34-17)/2 = 8 rows on top
    BufferedImage src = synthetic();
    BufferedImage out = AttributeCrop.apply(src, new BoundingBox(40, 30, 20, 10), "synthetic");
    assertThat(out.getRGB(0, 7) & 0xFFFFFF).isZero();
    assertThat(out.getRGB(0, 8) & 0xFFFFFF).isEqualTo(src.getRGB(26, 23) & 0xFFFFFF);
    assertThat(out.getRGB(33, 24) & 0xFFFFFF).isEqualTo(src.getRGB(59, 39) & 0xFFFFFF);
    assertThat(out.getRGB(33, 25) & 0xFFFFFF).isZero();
  }

  @Test
  void dilationGrowsTowardsTheTopLeftAndIsClampedAtZero() {
    BufferedImage src = synthetic();
    BufferedImage out = AttributeCrop.apply(src, new BoundingBox(5, 5, 20, 10), "synthetic");
    // left = max(0, 5 - 14) = 0, right = 0 + 34: the crop starts at the image corner
    assertThat(out.getRGB(0, 8) & 0xFFFFFF).isEqualTo(src.getRGB(0, 0) & 0xFFFFFF);
  }

  @Test
  void boxOutsideTheImageIsRejectedNamingTheBox() {
    assertThatThrownBy(() -> AttributeCrop.apply(synthetic(), new BoundingBox(500, 500, 10, 10), "vg 42"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("500,500,10,10")
        .hasMessageContaining("vg 42");
  }
}
