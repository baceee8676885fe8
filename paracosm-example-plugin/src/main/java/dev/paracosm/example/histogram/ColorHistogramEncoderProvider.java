package dev.paracosm.example.histogram;

import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.EncoderProvider;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creates {@link ColorHistogramEncoder}s from specs {@code histogram:} and {@code
 * histogram:bins=8,grid=2,words=128} (any subset of the options, comma-separated, in any order).
 *
 * <p>Registered in {@code META-INF/services/dev.paracosm.role.EncoderProvider}, so {@code
 * Paracosm.builder().encoder("histogram:")} and {@code Providers.encoder("histogram:bins=8", Map.of())}
 * find it on the classpath. Provider options {@code histogram.bins}, {@code histogram.grid} and {@code
 * histogram.words} set defaults that the spec overrides; other provider options (meant for other
 * providers) are ignored.
 */
public final class ColorHistogramEncoderProvider implements EncoderProvider {
  /** The spec prefix this provider answers to. */
  public static final String PREFIX = "histogram:";
  private static final Set<String> KEYS = Set.of("bins", "grid", "words");

  /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
  public ColorHistogramEncoderProvider() {}

  @Override
  public String name() {
    return "histogram";
  }

  /** @return whether the spec starts with {@code histogram:} */
  @Override
  public boolean supports(String spec) {
    return spec != null && spec.startsWith(PREFIX);
  }

  /**
   * @param spec {@code histogram:} plus optional {@code key=value} pairs
   * @param options provider options; {@code histogram.<key>} entries are defaults
   * @return a new encoder
   * @throws ConfigurationException naming the spec if it has an unknown key, a malformed pair, a
   *     non-integer or out-of-range value
   */
  @Override
  public Encoder create(String spec, Map<String, String> options) {
    if (!supports(spec)) {
      throw new ConfigurationException("Spec '" + spec + "' is not a histogram encoder spec (expected '"
          + PREFIX + "[bins=N,grid=N,words=N]')");
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (options != null) {
      for (String key : KEYS) {
        String v = options.get("histogram." + key);
        if (v != null) {
          values.put(key, v.trim());
        }
      }
    }
    String rest = spec.substring(PREFIX.length()).trim();
    if (!rest.isEmpty()) {
      for (String pair : rest.split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
          throw new ConfigurationException("Histogram encoder spec '" + spec + "': '" + pair
              + "' is not a key=value pair (keys: bins, grid, words)");
        }
        String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        if (!KEYS.contains(key)) {
          throw new ConfigurationException("Histogram encoder spec '" + spec + "': unknown option '" + key
              + "' (keys: bins, grid, words)");
        }
        values.put(key, pair.substring(eq + 1).trim());
      }
    }
    try {
      return new ColorHistogramEncoder(new HistogramSettings(
          intValue(spec, values, "bins", HistogramSettings.DEFAULT_BINS),
          intValue(spec, values, "grid", HistogramSettings.DEFAULT_GRID),
          intValue(spec, values, "words", HistogramSettings.DEFAULT_WORDS)));
    } catch (InvalidInputException e) {
      throw new ConfigurationException("Histogram encoder spec '" + spec + "': " + e.getMessage(), e);
    }
  }

  private static int intValue(String spec, Map<String, String> values, String key, int fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigurationException("Histogram encoder spec '" + spec + "': option '" + key
          + "' must be an integer, got '" + v + "'", e);
    }
  }
}
