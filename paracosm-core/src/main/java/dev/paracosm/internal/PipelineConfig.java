package dev.paracosm.internal;

import dev.paracosm.ConfigurationException;
import dev.paracosm.GenerationSettings;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Profile;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.TextToImage;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolved pipeline settings. Unset values come from system properties ({@code paracosm.encoder})
 * or environment variables ({@code PARACOSM_ENCODER}), then defaults. Not public API.
 *
 * @param encoderSpec encoder spec or null
 * @param encoder encoder instance or null
 * @param captionerSpec captioner spec or null
 * @param captioner captioner instance or null
 * @param imageEditorSpec image editor spec or null
 * @param imageEditor image editor instance or null
 * @param textToImageSpec text-to-image spec or null
 * @param textToImage text-to-image instance or null
 * @param fusion default fusion
 * @param modes modes the index must support
 * @param indexDirectory index dir
 * @param artifactDirectory artifact dir
 * @param generation generation settings
 * @param concurrency items in flight
 * @param providerOptions provider options
 * @param halfPrecision fp16 index storage
 */
public record PipelineConfig(
    String encoderSpec,
    Encoder encoder,
    String captionerSpec,
    Captioner captioner,
    String imageEditorSpec,
    ImageEditor imageEditor,
    String textToImageSpec,
    TextToImage textToImage,
    FusionConfig fusion,
    Set<Mode> modes,
    Path indexDirectory,
    Path artifactDirectory,
    GenerationSettings generation,
    int concurrency,
    Map<String, String> providerOptions,
    boolean halfPrecision) {

  /** @return a builder */
  public static Builder builder() {
    return new Builder(PipelineConfig::setting);
  }

  /**
   * @param lookup setting lookup by env name (for tests)
   * @return a builder resolving unset values through {@code lookup}
   */
  public static Builder builder(Function<String, String> lookup) {
    return new Builder(lookup);
  }

  /** Reads {@code paracosm.x.y} system property, then {@code PARACOSM_X_Y} env. */
  static String setting(String envName) {
    String prop = envName.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    String v = System.getProperty(prop);
    if (v == null || v.isBlank()) {
      v = System.getenv(envName);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Mutable builder behind {@link dev.paracosm.Paracosm.Builder}. */
  public static final class Builder {
    private final Function<String, String> lookup;
    private String encoderSpec;
    private Encoder encoder;
    private String captionerSpec;
    private Captioner captioner;
    private String imageEditorSpec;
    private ImageEditor imageEditor;
    private String textToImageSpec;
    private TextToImage textToImage;
    private Mode mode;
    private Set<Mode> modes;
    private Double lambda;
    private Profile profile;
    private FusionConfig fusion;
    private Path indexDirectory;
    private Path artifactDirectory;
    private GenerationSettings generation;
    private int concurrency = 4;
    private Map<String, String> providerOptions = Map.of();
    private boolean halfPrecision;

    Builder(Function<String, String> lookup) {
      this.lookup = lookup;
    }

    /**
     * @param v spec
     * @return this
     */
    public Builder encoderSpec(String v) { encoderSpec = v; return this; }
    /**
     * @param v instance
     * @return this
     */
    public Builder encoder(Encoder v) { encoder = v; return this; }
    /**
     * @param v spec
     * @return this
     */
    public Builder captionerSpec(String v) { captionerSpec = v; return this; }
    /**
     * @param v instance
     * @return this
     */
    public Builder captioner(Captioner v) { captioner = v; return this; }
    /**
     * @param v spec
     * @return this
     */
    public Builder imageEditorSpec(String v) { imageEditorSpec = v; return this; }
    /**
     * @param v instance
     * @return this
     */
    public Builder imageEditor(ImageEditor v) { imageEditor = v; return this; }
    /**
     * @param v spec
     * @return this
     */
    public Builder textToImageSpec(String v) { textToImageSpec = v; return this; }
    /**
     * @param v instance
     * @return this
     */
    public Builder textToImage(TextToImage v) { textToImage = v; return this; }
    /**
     * @param v mode
     * @return this
     */
    public Builder mode(Mode v) { mode = v; return this; }
    /**
     * @param v modes
     * @return this
     */
    public Builder modes(Set<Mode> v) { modes = v; return this; }
    /**
     * @param v λ
     * @return this
     */
    public Builder lambda(double v) { lambda = v; return this; }
    /**
     * @param v profile
     * @return this
     */
    public Builder profile(Profile v) { profile = v; return this; }
    /**
     * @param v fusion
     * @return this
     */
    public Builder fusion(FusionConfig v) { fusion = v; return this; }
    /**
     * @param v dir
     * @return this
     */
    public Builder indexDirectory(Path v) { indexDirectory = v; return this; }
    /**
     * @param v dir
     * @return this
     */
    public Builder artifactDirectory(Path v) { artifactDirectory = v; return this; }
    /**
     * @param v settings
     * @return this
     */
    public Builder generation(GenerationSettings v) { generation = v; return this; }
    /**
     * @param v concurrency
     * @return this
     */
    public Builder concurrency(int v) {
      if (v < 1) {
        throw new ConfigurationException("concurrency must be >= 1, got " + v);
      }
      concurrency = v;
      return this;
    }
    /**
     * @param v options
     * @return this
     */
    public Builder providerOptions(Map<String, String> v) { providerOptions = Map.copyOf(v); return this; }
    /**
     * @param v fp16
     * @return this
     */
    public Builder halfPrecision(boolean v) { halfPrecision = v; return this; }

    /** @return the resolved config */
    public PipelineConfig build() {
      String enc = encoder == null ? first(encoderSpec, lookup.apply("PARACOSM_ENCODER")) : null;
      String cap = captioner == null ? first(captionerSpec, lookup.apply("PARACOSM_CAPTIONER")) : null;
      String edit = imageEditor == null ? first(imageEditorSpec, lookup.apply("PARACOSM_IMAGE_EDITOR")) : null;
      String t2i = textToImage == null ? first(textToImageSpec, lookup.apply("PARACOSM_TEXT_TO_IMAGE")) : null;
      FusionConfig f = fusion;
      if (f == null) {
        Mode m = mode != null ? mode
            : lookup.apply("PARACOSM_MODE") != null ? Mode.fromId(lookup.apply("PARACOSM_MODE")) : Mode.PARACOSM;
        double l = lambda != null ? lambda
            : lookup.apply("PARACOSM_LAMBDA") != null ? parseLambda(lookup.apply("PARACOSM_LAMBDA"))
            : FusionConfig.DEFAULT_LAMBDA;
        Profile p = profile != null ? profile
            : lookup.apply("PARACOSM_PROFILE") != null ? Profile.fromId(lookup.apply("PARACOSM_PROFILE"))
            : Profile.CODE;
        f = new FusionConfig(m, l, p, null, null);
      }
      Set<Mode> ms = new LinkedHashSet<>();
      ms.add(f.mode());
      if (modes != null) {
        ms.addAll(modes);
      }
      Path idx = indexDirectory != null ? indexDirectory
          : Path.of(first(lookup.apply("PARACOSM_INDEX_DIR"), "paracosm-index"));
      Path art = artifactDirectory != null ? artifactDirectory
          : lookup.apply("PARACOSM_CACHE_DIR") != null ? Path.of(lookup.apply("PARACOSM_CACHE_DIR"))
          : idx.resolve("artifacts");
      return new PipelineConfig(enc, encoder, cap, captioner, edit, imageEditor, t2i, textToImage, f,
          EnumSet.copyOf(ms), idx, art, generation == null ? GenerationSettings.defaults() : generation,
          concurrency, providerOptions, halfPrecision);
    }

    private static double parseLambda(String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new ConfigurationException("PARACOSM_LAMBDA must be a number in [0, 1], got '" + s + "'");
      }
    }

    private static String first(String a, String b) {
      return a != null ? a : b;
    }
  }
}
