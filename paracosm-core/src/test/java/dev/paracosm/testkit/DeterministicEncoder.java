package dev.paracosm.testkit;

import dev.paracosm.image.ImageData;
import dev.paracosm.role.Encoder;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic in-test encoder with meaningful geometry: an image maps to the mean RGB of a 4×4
 * grid (48 values, centred), a text to a hashed bag of words, both in the same 48-d space and with
 * varying norms (so normalisation mistakes change rankings). Counts calls; optional delay per call.
 */
public final class DeterministicEncoder implements Encoder {
  /** Embedding dimension. */
  public static final int DIM = 48;
  private final long delayMillis;
  private final AtomicLong imageCalls = new AtomicLong();
  private final AtomicLong textCalls = new AtomicLong();

  /** An encoder without delay. */
  public DeterministicEncoder() {
    this(0);
  }

  /** @param delayMillis sleep per call (slow-role tests) */
  public DeterministicEncoder(long delayMillis) {
    this.delayMillis = delayMillis;
  }

  @Override
  public String modelId() {
    return "test:deterministic-encoder-v1";
  }

  @Override
  public int dimension() {
    return DIM;
  }

  @Override
  public float[] encodeImage(ImageData image) {
    imageCalls.incrementAndGet();
    sleep();
    BufferedImage img = image.decode();
    float[] v = new float[DIM];
    int w = img.getWidth();
    int h = img.getHeight();
    for (int gy = 0; gy < 4; gy++) {
      for (int gx = 0; gx < 4; gx++) {
        long[] sum = new long[3];
        int n = 0;
        for (int y = gy * h / 4; y < Math.max(gy * h / 4 + 1, (gy + 1) * h / 4); y++) {
          for (int x = gx * w / 4; x < Math.max(gx * w / 4 + 1, (gx + 1) * w / 4); x++) {
            int rgb = img.getRGB(Math.min(x, w - 1), Math.min(y, h - 1));
            sum[0] += (rgb >> 16) & 0xff;
            sum[1] += (rgb >> 8) & 0xff;
            sum[2] += rgb & 0xff;
            n++;
          }
        }
        for (int c = 0; c < 3; c++) {
          v[(gy * 4 + gx) * 3 + c] = (float) (sum[c] / (double) n / 255.0 - 0.5) * 3f;
        }
      }
    }
    return v;
  }

  @Override
  public float[] encodeText(String text) {
    textCalls.incrementAndGet();
    sleep();
    float[] v = new float[DIM];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) {
        continue;
      }
      int h = word.hashCode();
      v[Math.floorMod(h, DIM)] += 1f;
      v[Math.floorMod(h * 31 + 7, DIM)] -= 0.5f;
    }
    return v;
  }

  /** @return image encode calls so far */
  public long imageCalls() {
    return imageCalls.get();
  }

  /** @return text encode calls so far */
  public long textCalls() {
    return textCalls.get();
  }

  private void sleep() {
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
