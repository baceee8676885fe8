package dev.paracosm.models.openai.internal;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Image handling at the HTTP boundary: downscaling before upload (serving spec §2.1: 768 px on the
 * long side is plenty) and validation of generated images before they enter the pipeline (format,
 * a pixel-count limit checked from the header before decoding, decodability).
 */
public final class ImageCodec {
  private ImageCodec() {}

  /**
   * An image ready for upload.
   *
   * @param bytes encoded bytes (PNG or JPEG)
   * @param mediaType {@code image/png} or {@code image/jpeg}
   * @param width width in pixels
   * @param height height in pixels
   * @param resized whether the image was downscaled or re-encoded
   */
  public record Upload(byte[] bytes, String mediaType, int width, int height, boolean resized) {}

  /**
   * Width and height of a validated image.
   *
   * @param mediaType {@code image/png} or {@code image/jpeg}
   * @param width width in pixels
   * @param height height in pixels
   */
  public record Info(String mediaType, int width, int height) {}

  /** A generated image that failed validation; the message says why. */
  public static final class InvalidImageException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidImageException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Downscales an image so that its longer side is at most {@code maxSide} (aspect kept), encoding
   * the result as PNG. PNG and JPEG images that already fit are sent unchanged; other formats are
   * re-encoded as PNG.
   *
   * @param image the image
   * @param maxSide longest side in pixels
   * @param maxPixels decompression-bomb limit on the declared input size
   * @return the upload
   * @throws InvalidInputException naming the image if it cannot be read or is too large to decode
   */
  public static Upload prepareForUpload(ImageData image, int maxSide, long maxPixels) {
    byte[] bytes = image.bytes();
    String mime = image.mediaType();
    int[] dims;
    try {
      dims = headerSize(bytes);
    } catch (IOException e) {
      throw new InvalidInputException("Image " + image.source() + " (" + mime + ") cannot be read: " + e.getMessage(), e);
    }
    long pixels = (long) dims[0] * dims[1];
    if (pixels > maxPixels) {
      throw new InvalidInputException("Image " + image.source() + " declares " + dims[0] + "x" + dims[1]
          + " pixels, over the limit of " + maxPixels + " pixels");
    }
    boolean supported = mime.equals("image/png") || mime.equals("image/jpeg");
    if (supported && Math.max(dims[0], dims[1]) <= maxSide) {
      return new Upload(bytes, mime, dims[0], dims[1], false);
    }
    BufferedImage src = image.decode();
    BufferedImage out = fit(src, maxSide);
    return new Upload(png(out, image.source()), "image/png", out.getWidth(), out.getHeight(), true);
  }

  /**
   * @param src pixels
   * @param maxSide longest side
   * @return the image scaled down to fit (or {@code src} if it fits), aspect ratio kept
   */
  public static BufferedImage fit(BufferedImage src, int maxSide) {
    int w = src.getWidth();
    int h = src.getHeight();
    if (Math.max(w, h) <= maxSide) {
      return src;
    }
    double s = (double) maxSide / Math.max(w, h);
    int tw = Math.max(1, (int) Math.round(w * s));
    int th = Math.max(1, (int) Math.round(h * s));
    BufferedImage cur = src;
    // halve with bilinear while more than 2x too large (avoids aliasing), then one bicubic step
    while (cur.getWidth() / 2 >= tw && cur.getHeight() / 2 >= th) {
      cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }
    return draw(cur, tw, th, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
  }

  private static BufferedImage draw(BufferedImage src, int w, int h, Object interpolation) {
    int type = src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    BufferedImage dst = new BufferedImage(w, h, type);
    Graphics2D g = dst.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return dst;
  }

  private static byte[] png(BufferedImage img, String source) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      // in-memory image stream: ImageIO's default spools through a temporary file
      try (var ios = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
        if (!ImageIO.write(img, "png", ios)) {
          throw new InvalidInputException("No PNG writer for image " + source);
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new InvalidInputException("Cannot encode image " + source + " as PNG: " + e, e);
    }
  }

  /**
   * Checks a generated image: PNG or JPEG magic bytes, declared width × height at most
   * {@code maxPixels} (read from the header, before any pixel is decoded), then a full decode.
   *
   * @param bytes the encoded image
   * @param maxPixels pixel-count limit
   * @return format and size
   * @throws InvalidImageException saying what is wrong
   */
  public static Info validate(byte[] bytes, long maxPixels) throws InvalidImageException {
    String mime = ImageData.of(bytes).mediaType();
    if (!mime.equals("image/png") && !mime.equals("image/jpeg")) {
      throw new InvalidImageException("the image is not PNG or JPEG (" + mime + ", " + bytes.length
          + " bytes, starts with " + hexHead(bytes) + ")", null);
    }
    int[] dims;
    try {
      dims = headerSize(bytes);
    } catch (IOException e) {
      throw new InvalidImageException("the " + mime + " header is unreadable: " + e.getMessage(), e);
    }
    long pixels = (long) dims[0] * dims[1];
    if (dims[0] <= 0 || dims[1] <= 0 || pixels > maxPixels) {
      throw new InvalidImageException("the " + mime + " header declares " + dims[0] + "x" + dims[1] + " = " + pixels
          + " pixels, over the limit of " + maxPixels + " (decompression bomb guard); not decoded", null);
    }
    try {
      BufferedImage img = ImageIO.read(new javax.imageio.stream.MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
      if (img == null) {
        throw new InvalidImageException("the " + mime + " image is not decodable", null);
      }
      return new Info(mime, img.getWidth(), img.getHeight());
    } catch (IOException | RuntimeException e) {
      throw new InvalidImageException("the " + mime + " image is corrupt or truncated (" + bytes.length
          + " bytes): " + e.getMessage(), e);
    }
  }

  /**
   * @param bytes encoded image
   * @return {width, height} read from the header only
   * @throws IOException if no reader understands the header
   */
  public static int[] headerSize(byte[] bytes) throws IOException {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("no image reader recognises the data (" + hexHead(bytes) + ")");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  private static String hexHead(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      sb.append(String.format("%02x", b[i] & 0xff));
    }
    return sb.toString();
  }
}
