package dev.paracosm.eval.testing;

import dev.paracosm.image.ImageData;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.GeneratedImage;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.TextToImage;
import dev.paracosm.role.TextToImageRequest;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Deterministic in-test roles. Images are tiny solid PNGs whose colour encodes an integer "code";
 * the encoder maps a code to a chosen vector (one-hot by default) and a text to a chosen vector
 * (a hash-derived one otherwise), so a test can place any gallery item at any rank. Generative roles
 * return deterministic outputs derived from their input and count their calls.
 */
public final class TestRoles {
  private TestRoles() {}

  /** Dimension of the test embeddings. */
  public static final int DIM = 128;

  /**
   * @param code an integer in [0, 2^24)
   * @return a 4×4 PNG whose every pixel has RGB value {@code code}
   */
  public static ImageData image(int code) {
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        img.setRGB(x, y, code & 0xffffff);
      }
    }
    return ImageData.fromBufferedImage(img, "code-" + code);
  }

  /** Writes {@link #image(int)} to a file. */
  public static Path writeImage(Path file, int code) {
    return writeImage(file, code, 4);
  }

  /** Writes a {@code size}×{@code size} image of one colour {@code code} to a file (PNG bytes whatever the name). */
  public static Path writeImage(Path file, int code, int size) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          img.setRGB(x, y, code & 0xffffff);
        }
      }
      ImageIO.write(img, "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the code of an image made by {@link #image(int)} */
  public static int code(ImageData image) {
    return image.decode().getRGB(0, 0) & 0xffffff;
  }

  /** @return the unit vector e_i */
  public static float[] oneHot(int i) {
    float[] v = new float[DIM];
    v[i] = 1f;
    return v;
  }

  /** @return a deterministic pseudo-random vector for a string */
  public static float[] hashVector(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      float[] v = new float[DIM];
      for (int i = 0; i < DIM; i++) {
        v[i] = (h[i % h.length] ^ (i * 31)) / 128f;
      }
      return v;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An encoder with per-code image vectors and per-text text vectors; counts calls. */
  public static final class TableEncoder implements Encoder {
    public final Map<Integer, float[]> images = new ConcurrentHashMap<>();
    public final Map<String, float[]> texts = new ConcurrentHashMap<>();
    public final AtomicInteger imageCalls = new AtomicInteger();
    public final AtomicInteger textCalls = new AtomicInteger();

    @Override
    public String modelId() {
      return "test-table-encoder";
    }

    @Override
    public int dimension() {
      return DIM;
    }

    @Override
    public float[] encodeImage(ImageData image) {
      imageCalls.incrementAndGet();
      int c = code(image);
      float[] v = images.get(c);
      return v != null ? v.clone() : c < DIM ? oneHot(c) : hashVector("image:" + c);
    }

    @Override
    public float[] encodeText(String text) {
      textCalls.incrementAndGet();
      float[] v = texts.get(text);
      return v != null ? v.clone() : hashVector("text:" + text);
    }
  }

  /** A captioner answering "caption of <image codes> for <prompt hash>"; counts calls. */
  public static final class CountingCaptioner implements Captioner {
    public final AtomicInteger calls = new AtomicInteger();
    public final java.util.Set<Double> temperatures = ConcurrentHashMap.newKeySet();

    @Override
    public String modelId() {
      return "test-captioner";
    }

    @Override
    public GeneratedText caption(CaptionRequest request) {
      calls.incrementAndGet();
      if (request.sampling().temperature() != null) {
        temperatures.add(request.sampling().temperature());
      }
      StringBuilder sb = new StringBuilder("caption of");
      request.images().forEach(i -> sb.append(' ').append(code(i)));
      sb.append(" for ").append(Integer.toHexString(request.text().hashCode()));
      return GeneratedText.of(sb.toString());
    }
  }

  /** An editor returning the image whose code is the reference code + 1000; counts calls. */
  public static final class CountingEditor implements ImageEditor {
    public final AtomicInteger calls = new AtomicInteger();

    @Override
    public String modelId() {
      return "test-editor";
    }

    @Override
    public GeneratedImage edit(EditRequest request) {
      calls.incrementAndGet();
      return GeneratedImage.of(image(code(request.image()) + 1000));
    }
  }

  /**
   * A text-to-image model: a prompt containing {@code caption of N} (a {@link CountingCaptioner}
   * description of image N) gives back image N, so a synthetic counterpart encodes like its real
   * image; any other prompt gives an image coded by its hash. Counts calls.
   */
  public static final class CountingTextToImage implements TextToImage {
    public final AtomicInteger calls = new AtomicInteger();

    @Override
    public String modelId() {
      return "test-t2i";
    }

    @Override
    public GeneratedImage generate(TextToImageRequest request) {
      calls.incrementAndGet();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("caption of (\\d+)").matcher(request.prompt());
      if (m.find()) {
        return GeneratedImage.of(image(Integer.parseInt(m.group(1))));
      }
      return GeneratedImage.of(image(2000 + Math.floorMod(request.prompt().hashCode(), 100000)));
    }
  }

  /** @return a colour-coded image (for readability in reports) */
  public static Color colour(int code) {
    return new Color(code & 0xffffff);
  }
}
