package dev.paracosm.image;

import dev.paracosm.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * An encoded image (PNG, JPEG, ...) as immutable bytes, with a content hash used for cache keys.
 *
 * <p>Images travel through Paracosm encoded, so that a reference image, a mental image and a
 * synthetic counterpart can be hashed, cached and sent over HTTP without loss. Decoding happens
 * where pixels are needed (an encoder's preprocessing).
 */
public final class ImageData {
  private final byte[] bytes;
  private final String source;
  private final String sha256;

  private ImageData(byte[] bytes, String source) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new InvalidInputException("Image " + source + " is empty (0 bytes)");
    }
    this.bytes = bytes.clone();
    this.source = Objects.requireNonNull(source, "source");
    this.sha256 = hex(this.bytes);
  }

  /**
   * @param bytes encoded image bytes (copied)
   * @return an image whose source is described as {@code <bytes>}
   */
  public static ImageData of(byte[] bytes) {
    return new ImageData(bytes, "<" + (bytes == null ? 0 : bytes.length) + " bytes>");
  }

  /**
   * @param bytes encoded image bytes (copied)
   * @param source a human-readable name used in error messages (a path, an item id, a URL)
   * @return the image
   */
  public static ImageData of(byte[] bytes, String source) {
    return new ImageData(bytes, source);
  }

  /**
   * Reads an image file. The bytes are not decoded here; see {@link #decode()}.
   *
   * @param path the file
   * @return the image
   * @throws InvalidInputException if the file cannot be read or is empty
   */
  public static ImageData read(Path path) {
    try {
      return new ImageData(Files.readAllBytes(path), path.toString());
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read image file " + path + ": " + e, e);
    }
  }

  /**
   * Wraps a decoded image by encoding it as PNG (lossless).
   *
   * @param image pixels
   * @param source a name for error messages
   * @return the PNG-encoded image
   */
  public static ImageData fromBufferedImage(BufferedImage image, String source) {
    try {
      var out = new java.io.ByteArrayOutputStream();
      // in-memory image stream: ImageIO's default spools through a temporary file
      try (var ios = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
        if (!ImageIO.write(image, "png", ios)) {
          throw new InvalidInputException("No PNG writer for image " + source);
        }
      }
      return new ImageData(out.toByteArray(), source);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot encode image " + source + " as PNG: " + e, e);
    }
  }

  /** @return a copy of the encoded bytes */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** @return number of encoded bytes */
  public int size() {
    return bytes.length;
  }

  /** @return where the image came from, for messages */
  public String source() {
    return source;
  }

  /** @return lowercase hex SHA-256 of the encoded bytes */
  public String sha256() {
    return sha256;
  }

  /** @return the media type sniffed from the magic bytes, {@code application/octet-stream} if unknown */
  public String mediaType() {
    if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
      return "image/png";
    }
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8) {
      return "image/jpeg";
    }
    if (bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[8] == 'W' && bytes[9] == 'E') {
      return "image/webp";
    }
    if (bytes.length >= 6 && bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
      return "image/gif";
    }
    if (bytes.length >= 2 && bytes[0] == 'B' && bytes[1] == 'M') {
      return "image/bmp";
    }
    return "application/octet-stream";
  }

  /**
   * Decodes the pixels with ImageIO.
   *
   * @return the decoded image
   * @throws InvalidInputException naming {@link #source()} if the bytes are not a decodable image
   */
  public BufferedImage decode() {
    try {
      BufferedImage img = ImageIO.read(new javax.imageio.stream.MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
      if (img == null) {
        throw new InvalidInputException(
            "Image " + source + " is not a decodable image (" + mediaType() + ", " + bytes.length + " bytes)");
      }
      return img;
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException iie) {
        throw iie;
      }
      throw new InvalidInputException("Image " + source + " is corrupt or truncated: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageData other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return sha256.hashCode();
  }

  @Override
  public String toString() {
    return "ImageData[" + source + ", " + bytes.length + " bytes, sha256=" + sha256.substring(0, 12) + "]";
  }

  private static String hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
