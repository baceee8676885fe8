package dev.paracosm.example.histogram;

import dev.paracosm.InvalidInputException;

/**
 * The shape of a {@link ColorHistogramEncoder} embedding.
 *
 * <p>An embedding has three blocks: {@code bins³} joint RGB histogram cells, {@code 3·grid²} mean
 * colours of a {@code grid × grid} layout, and {@code words} hashed word buckets. Different settings
 * give different {@link ColorHistogramEncoder#modelId() model ids}, so an index built with one is never
 * searched with another.
 *
 * @param bins quantisation levels per RGB channel, in [2, 16]
 * @param grid cells per side of the spatial layout, in [1, 16]
 * @param words hashed word buckets for non-colour words, in [8, 4096]
 */
public record HistogramSettings(int bins, int grid, int words) {
  /** Default levels per channel (64 histogram cells). */
  public static final int DEFAULT_BINS = 4;
  /** Default layout grid (4 × 4 cells). */
  public static final int DEFAULT_GRID = 4;
  /** Default hashed word buckets. */
  public static final int DEFAULT_WORDS = 64;

  /**
   * Validates the ranges.
   *
   * @throws InvalidInputException naming the setting and its allowed range
   */
  public HistogramSettings {
    check("bins", bins, 2, 16);
    check("grid", grid, 1, 16);
    check("words", words, 8, 4096);
  }

  /** @return bins 4, grid 4, words 64 (64 + 48 + 64 = 176 dimensions) */
  public static HistogramSettings defaults() {
    return new HistogramSettings(DEFAULT_BINS, DEFAULT_GRID, DEFAULT_WORDS);
  }

  /** @return the number of joint colour-histogram cells, {@code bins³} */
  public int histogramSize() {
    return bins * bins * bins;
  }

  /** @return the number of layout values, {@code 3·grid²} */
  public int layoutSize() {
    return 3 * grid * grid;
  }

  /** @return the embedding dimension: histogram + layout + word buckets */
  public int dimension() {
    return histogramSize() + layoutSize() + words;
  }

  /** @return the canonical option string, e.g. {@code bins=4,grid=4,words=64} */
  public String optionString() {
    return "bins=" + bins + ",grid=" + grid + ",words=" + words;
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidInputException("Histogram encoder setting '" + name + "' must be in [" + min + ", " + max
          + "], got " + value);
    }
  }
}
