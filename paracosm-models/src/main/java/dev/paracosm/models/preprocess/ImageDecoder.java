package dev.paracosm.models.preprocess;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an encoded image with ImageIO and converts it to 8-bit RGB the way Pillow's {@code
 * Image.open(f).convert('RGB')} does, reading raw raster samples (never {@code getRGB()}, which
 * would apply colour-space conversion):
 *
 * <ul>
 *   <li>gray (L, and 1/2/4-bit gray scaled to 0..255) is replicated to R=G=B; 16-bit gray (Pillow
 *       mode {@code I}) is clipped to 0..255 as Pillow's {@code I -> RGB} conversion does;
 *   <li>gray+alpha and RGBA: the alpha channel is dropped, no compositing;
 *   <li>palette (P): palette lookup, transparency ignored;
 *   <li>16-bit RGB(A) and gray+alpha: the high byte of each sample (Pillow's {@code ;16B} raw
 *       modes);
 *   <li>no EXIF orientation is applied (the transformers processors do not apply it either).
 * </ul>
 *
 * CMYK/YCCK JPEGs are rejected with {@link InvalidInputException}.
 */
final class ImageDecoder {
  private ImageDecoder() {}

  static RgbImage decode(ImageData image) {
    BufferedImage img = read(image);
    return toRgb(img, image.source());
  }

  private static BufferedImage read(ImageData image) {
    String src = image.source();
    // an in-memory stream: ImageIO.createImageInputStream would spool to a temporary file
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image.bytes()))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new InvalidInputException(
            "Image " + src + " is not in a supported format (" + image.mediaType() + ", " + image.size() + " bytes)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException iie) {
        throw iie;
      }
      String msg = String.valueOf(e.getMessage());
      if ("image/jpeg".equals(image.mediaType()) && msg.contains("Unsupported Image Type")) {
        throw new InvalidInputException(
            "Image " + src + " is a CMYK/YCCK JPEG, which is not supported; convert it to RGB first", e);
      }
      throw new InvalidInputException("Image " + src + " cannot be decoded (" + image.mediaType() + "): " + msg, e);
    }
  }

  static RgbImage toRgb(BufferedImage img, String source) {
    int w = img.getWidth();
    int h = img.getHeight();
    Raster r = img.getRaster();
    ColorModel cm = img.getColorModel();
    byte[] out = new byte[w * h * 3];
    int[] row = new int[w];
    if (cm instanceof IndexColorModel icm) {
      int n = icm.getMapSize();
      byte[] reds = new byte[n];
      byte[] greens = new byte[n];
      byte[] blues = new byte[n];
      icm.getReds(reds);
      icm.getGreens(greens);
      icm.getBlues(blues);
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int idx = row[x];
          if (idx < 0 || idx >= n) {
            throw new InvalidInputException("Image " + source + " has palette index " + idx + " outside its palette of " + n);
          }
          int o = (y * w + x) * 3;
          out[o] = reds[idx];
          out[o + 1] = greens[idx];
          out[o + 2] = blues[idx];
        }
      }
      return new RgbImage(w, h, out);
    }
    int colorComponents = cm.getNumColorComponents();
    int csType = cm.getColorSpace().getType();
    int bits = cm.getComponentSize(0);
    if (colorComponents == 1 && csType == ColorSpace.TYPE_GRAY) {
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int v = grayTo8(row[x], bits, cm.hasAlpha());
          int o = (y * w + x) * 3;
          out[o] = (byte) v;
          out[o + 1] = (byte) v;
          out[o + 2] = (byte) v;
        }
      }
      return new RgbImage(w, h, out);
    }
    if (colorComponents == 3 && csType == ColorSpace.TYPE_RGB && r.getNumBands() >= 3) {
      for (int c = 0; c < 3; c++) {
        int cbits = cm.getComponentSize(c);
        for (int y = 0; y < h; y++) {
          r.getSamples(0, y, w, 1, c, row);
          for (int x = 0; x < w; x++) {
            out[(y * w + x) * 3 + c] = (byte) to8(row[x], cbits);
          }
        }
      }
      return new RgbImage(w, h, out);
    }
    if (csType == ColorSpace.TYPE_CMYK || csType == ColorSpace.TYPE_CMY) {
      throw new InvalidInputException(
          "Image " + source + " is a CMYK image, which is not supported; convert it to RGB first");
    }
    throw new InvalidInputException(
        "Image " + source + " has an unsupported colour model (" + colorComponents + " components, colour space type "
            + csType + "); only gray, gray+alpha, RGB, RGBA and palette images are supported");
  }

  /**
   * Gray sample to 8 bits as Pillow does: low bit depths scale up; 16-bit gray (Pillow mode I)
   * clips to 255; 16-bit gray+alpha (Pillow raw mode LA;16B) keeps the high byte.
   */
  private static int grayTo8(int v, int bits, boolean alpha) {
    if (bits == 8) {
      return v;
    }
    if (bits < 8) {
      return v * 255 / ((1 << bits) - 1);
    }
    if (alpha) {
      return v >>> (bits - 8);
    }
    return Math.min(Math.max(v, 0), 255);
  }

  /** Colour sample to 8 bits: 16-bit keeps the high byte (Pillow's RGB;16B raw mode). */
  private static int to8(int v, int bits) {
    if (bits == 8) {
      return v;
    }
    if (bits > 8) {
      return v >>> (bits - 8);
    }
    return v * 255 / ((1 << bits) - 1);
  }
}
