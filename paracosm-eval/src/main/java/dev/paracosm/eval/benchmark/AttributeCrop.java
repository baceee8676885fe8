package dev.paracosm.eval.benchmark;

import dev.paracosm.BenchmarkDataException;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * The GeneCIS attribute-task crop of the official loader (genecis {@code datasets/vaw_dataset.py},
 * README §4.4): dilate the box by 0.7, crop, then pad to a square with black, content centred.
 *
 * <pre>
 * left   = max(0, x - 0.7 w)          top    = max(0, y - 0.7 h)
 * right  = min(W, left + 1.7 w)       bottom = min(H, top + 1.7 h)
 * </pre>
 *
 * Right/bottom are measured from the dilated left/top, as in the official code. PIL's {@code
 * crop} rounds the float box half-to-even ({@code round()}); {@link Math#rint} does the same. The
 * square padding puts the crop at offset {@code (side - size) // 2}. The result is RGB (CIReVL and
 * Paracosm convert to RGB first).
 */
final class AttributeCrop {
  static final double DILATION = 0.7;

  private AttributeCrop() {}

  /**
   * @param image the full image
   * @param box the instance box
   * @param source a name for error messages
   * @return the dilated, square-padded RGB crop
   * @throws BenchmarkDataException if the dilated box does not overlap the image
   */
  static BufferedImage apply(BufferedImage image, BoundingBox box, String source) {
    int imW = image.getWidth();
    int imH = image.getHeight();
    double left = Math.max(0, box.x() - DILATION * box.width());
    double top = Math.max(0, box.y() - DILATION * box.height());
    double right = Math.min(imW, left + (1 + DILATION) * box.width());
    double bottom = Math.min(imH, top + (1 + DILATION) * box.height());
    int x0 = (int) Math.rint(left);
    int y0 = (int) Math.rint(top);
    int x1 = (int) Math.rint(right);
    int y1 = (int) Math.rint(bottom);
    int cw = x1 - x0;
    int ch = y1 - y0;
    if (cw <= 0 || ch <= 0) {
      throw new BenchmarkDataException(
          "Bounding box [" + box.compact() + "] of " + source + " lies outside the " + imW + "x" + imH
              + " image (crop " + x0 + "," + y0 + "-" + x1 + "," + y1 + " is empty)");
    }
    int side = Math.max(cw, ch);
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    int ox = (side - cw) / 2;
    int oy = (side - ch) / 2;
    for (int y = 0; y < ch; y++) {
      for (int x = 0; x < cw; x++) {
        out.setRGB(ox + x, oy + y, image.getRGB(x0 + x, y0 + y) & 0xFFFFFF);
      }
    }
    return out;
  }

  /** Converts any image to {@code TYPE_INT_RGB} (alpha dropped, as PIL's convert('RGB')). */
  static BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }
}
