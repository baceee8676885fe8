package dev.paracosm.example.histogram;

import dev.paracosm.image.ImageData;
import dev.paracosm.role.Encoder;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A model-free encoder that puts images and texts into one space, as a worked example of a plugin.
 *
 * <ul>
 *   <li><b>Image</b>: the square roots of the fractions of pixels in each joint RGB histogram cell (so
 *       that the dot product of two histogram blocks is their Bhattacharyya coefficient), then the mean
 *       colour of each cell of a {@code grid × grid} layout, centred and scaled by {@code 1/grid}; the
 *       word block is zero. Large images are sampled on a regular lattice of at most 256 × 256 pixels.
 *   <li><b>Text</b>: each colour word ({@code red}, {@code navy}, {@code grey}, ...) adds 1 to the
 *       histogram cell of its colour; every other word adds ±1 to a bucket of the word block chosen by
 *       a stable FNV-1a hash. The layout block is zero.
 * </ul>
 *
 * <p>So "red" retrieves red images, a reference image retrieves images with similar colours laid out
 * similarly, and a raw image + text sum (the {@code baseline_image_text} mode) mixes both. It is no
 * substitute for CLIP; it exists to show the {@link Encoder} contract with code small enough to read.
 * Vectors are raw (not normalised), as the contract requires. Instances are immutable and thread-safe.
 */
public final class ColorHistogramEncoder implements Encoder {
  /** Longest side of the sampling lattice: larger images are read with a stride. */
  static final int MAX_SAMPLES_PER_SIDE = 256;

  /** Colour words and their sRGB values (CSS colour keywords). */
  static final Map<String, Integer> COLOUR_WORDS = Map.ofEntries(
      Map.entry("red", 0xFF0000), Map.entry("green", 0x008000), Map.entry("blue", 0x0000FF),
      Map.entry("yellow", 0xFFFF00), Map.entry("orange", 0xFFA500), Map.entry("purple", 0x800080),
      Map.entry("pink", 0xFFC0CB), Map.entry("brown", 0x8B4513), Map.entry("black", 0x000000),
      Map.entry("white", 0xFFFFFF), Map.entry("gray", 0x808080), Map.entry("grey", 0x808080),
      Map.entry("beige", 0xF5F5DC), Map.entry("navy", 0x000080), Map.entry("teal", 0x008080),
      Map.entry("cyan", 0x00FFFF), Map.entry("magenta", 0xFF00FF), Map.entry("gold", 0xFFD700),
      Map.entry("silver", 0xC0C0C0), Map.entry("maroon", 0x800000), Map.entry("olive", 0x808000));

  private final HistogramSettings settings;

  /** An encoder with {@link HistogramSettings#defaults()}. */
  public ColorHistogramEncoder() {
    this(HistogramSettings.defaults());
  }

  /** @param settings the embedding shape */
  public ColorHistogramEncoder(HistogramSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** @return the embedding shape */
  public HistogramSettings settings() {
    return settings;
  }

  /** @return {@code histogram-v1:} followed by the canonical option string */
  @Override
  public String modelId() {
    return "histogram-v1:" + settings.optionString();
  }

  @Override
  public int dimension() {
    return settings.dimension();
  }

  /**
   * @param image an encoded image
   * @return histogram block, layout block, zero word block
   * @throws dev.paracosm.InvalidInputException naming the image source if it cannot be decoded
   */
  @Override
  public float[] encodeImage(ImageData image) {
    BufferedImage img = image.decode();
    int w = img.getWidth();
    int h = img.getHeight();
    int bins = settings.bins();
    int grid = settings.grid();
    int step = Math.max(1, (Math.max(w, h) + MAX_SAMPLES_PER_SIDE - 1) / MAX_SAMPLES_PER_SIDE);
    float[] v = new float[dimension()];

    long[] cells = new long[settings.histogramSize()];
    long samples = 0;
    for (int y = 0; y < h; y += step) {
      for (int x = 0; x < w; x += step) {
        cells[histogramCell(img.getRGB(x, y), bins)]++;
        samples++;
      }
    }
    for (int i = 0; i < cells.length; i++) {
      v[i] = (float) Math.sqrt(cells[i] / (double) samples);
    }

    int offset = settings.histogramSize();
    for (int gy = 0; gy < grid; gy++) {
      int y0 = Math.min(h - 1, gy * h / grid);
      int y1 = Math.max(y0 + 1, (gy + 1) * h / grid);
      for (int gx = 0; gx < grid; gx++) {
        int x0 = Math.min(w - 1, gx * w / grid);
        int x1 = Math.max(x0 + 1, (gx + 1) * w / grid);
        long r = 0;
        long g = 0;
        long b = 0;
        long n = 0;
        for (int y = y0; y < y1; y += step) {
          for (int x = x0; x < x1; x += step) {
            int rgb = img.getRGB(x, y);
            r += (rgb >> 16) & 0xFF;
            g += (rgb >> 8) & 0xFF;
            b += rgb & 0xFF;
            n++;
          }
        }
        int at = offset + 3 * (gy * grid + gx);
        v[at] = centred(r, n, grid);
        v[at + 1] = centred(g, n, grid);
        v[at + 2] = centred(b, n, grid);
      }
    }
    return v;
  }

  /**
   * @param text text to encode; words are split on anything but letters and digits, case-insensitively
   * @return colour words in the histogram block, other words hashed into the word block
   */
  @Override
  public float[] encodeText(String text) {
    float[] v = new float[dimension()];
    int wordOffset = settings.histogramSize() + settings.layoutSize();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) {
        continue;
      }
      Integer colour = COLOUR_WORDS.get(word);
      if (colour != null) {
        v[histogramCell(colour, settings.bins())] += 1f;
      } else {
        int hash = fnv1a(word);
        int bucket = Math.floorMod(hash, settings.words());
        v[wordOffset + bucket] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
      }
    }
    return v;
  }

  /**
   * @param rgb a packed sRGB colour
   * @param bins levels per channel
   * @return the joint histogram cell {@code (r·bins + g)·bins + b} of the quantised channels
   */
  static int histogramCell(int rgb, int bins) {
    int r = ((rgb >> 16) & 0xFF) * bins / 256;
    int g = ((rgb >> 8) & 0xFF) * bins / 256;
    int b = (rgb & 0xFF) * bins / 256;
    return (r * bins + g) * bins + b;
  }

  private static float centred(long sum, long n, int grid) {
    return (float) ((sum / (double) n / 255.0 - 0.5) / grid);
  }

  /** 32-bit FNV-1a over UTF-8 bytes: a hash fixed by its definition, so embeddings never change. */
  static int fnv1a(String word) {
    int h = 0x811C9DC5;
    for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x01000193;
    }
    return h;
  }

  @Override
  public String toString() {
    return "ColorHistogramEncoder[" + settings.optionString() + "]";
  }
}
