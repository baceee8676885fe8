package dev.paracosm.testkit;

import dev.paracosm.image.ImageData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Small generated images for tests. */
public final class TestImages {
  private TestImages() {}

  /**
   * @param seed seed of the pattern
   * @param width width
   * @param height height
   * @return a PNG with a seeded pattern of coloured blocks
   */
  public static ImageData pattern(long seed, int width, int height) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 6; i++) {
      g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
      g.fillRect(r.nextInt(width), r.nextInt(height), 1 + r.nextInt(width / 2 + 1), 1 + r.nextInt(height / 2 + 1));
    }
    g.dispose();
    return ImageData.fromBufferedImage(img, "pattern-" + seed);
  }

  /**
   * @param color fill colour
   * @param size side
   * @return a PNG of one colour
   */
  public static ImageData solid(Color color, int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, size, size);
    g.dispose();
    return ImageData.fromBufferedImage(img, "solid-" + Integer.toHexString(color.getRGB()));
  }
}
