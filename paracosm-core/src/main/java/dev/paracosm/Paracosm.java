package dev.paracosm;

import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Profile;
import dev.paracosm.fusion.QueryComponent;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.TextToImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The composed-image-retrieval pipeline: index a gallery once, then search with (reference image,
 * modification text) queries under any mode, λ, profile or ablation.
 *
 * <pre>{@code
 * try (Paracosm paracosm = Paracosm.builder()
 *         .encoder("hf:openai/clip-vit-base-patch32")
 *         .mode(Mode.PARACOSM).lambda(0.3)
 *         .indexDirectory(Path.of("catalog-index"))
 *         .build()) {
 *   paracosm.index(Gallery.fromDirectory(Path.of("catalog")), ProgressListener.NONE);
 *   List<Hit> hits = paracosm.search(Query.of(Path.of("ref.jpg"), "same dress but red"), 10);
 * }
 * }</pre>
 *
 * <p>Every generated output is cached in the artifact store, and every component embedding is kept
 * in the gallery index, so re-running, switching modes or sweeping λ never regenerates or re-encodes.
 * Instances are thread-safe for concurrent searches.
 */
public final class Paracosm implements AutoCloseable {
  private final dev.paracosm.internal.Pipeline pipeline;

  private Paracosm(dev.paracosm.internal.Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** @return a builder; settings left unset are resolved from {@code PARACOSM_*} env / system properties */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Indexes a gallery: generates and encodes every component the configured modes need, concurrently
   * (bounded per role), checkpointing as it goes. A rerun after a crash skips completed items.
   * Per-item failures are reported and do not stop the job.
   *
   * @param gallery the gallery
   * @param listener progress events
   * @return counts and failures
   */
  public IndexReport index(Gallery gallery, ProgressListener listener) {
    return pipeline.index(gallery, listener == null ? ProgressListener.NONE : listener);
  }

  /**
   * @param query the composed query
   * @param k number of hits
   * @return the top-k hits under the default fusion choice
   */
  public List<Hit> search(Query query, int k) {
    return search(query, k, SearchOptions.defaults());
  }

  /**
   * @param query the composed query
   * @param k number of hits
   * @param options fusion choice, protocol, metadata filter
   * @return the top-k hits after protocol post-processing
   */
  public List<Hit> search(Query query, int k, SearchOptions options) {
    return searchBatch(List.of(query), k, options).get(0);
  }

  /**
   * @param queries queries
   * @param k hits per query
   * @param options fusion choice, protocol, metadata filter
   * @return hits per query, in order
   */
  public List<List<Hit>> searchBatch(List<Query> queries, int k, SearchOptions options) {
    return pipeline.searchBatch(queries, k, options == null ? SearchOptions.defaults() : options);
  }

  /**
   * Runs the query plan (generation + encoding) for the components a fusion choice needs, without
   * ranking. Results are cached, so calling this for several configs costs one generation.
   *
   * @param query the query
   * @param components the raw components wanted
   * @return the encoding with intermediates
   */
  public QueryEncoding encodeQuery(Query query, Set<QueryComponent> components) {
    return pipeline.encodeQuery(query, components);
  }

  /**
   * @param fusion a fusion choice
   * @return the raw query components it needs (FashionIQ queries resolve {@code t_mod} to the two orders)
   */
  public static Set<QueryComponent> componentsFor(FusionConfig fusion) {
    return dev.paracosm.internal.Pipeline.componentsFor(fusion);
  }

  /**
   * Ranks already-encoded queries: the cheap inner loop of λ sweeps and ablation tables.
   *
   * @param encodings query encodings (from {@link #encodeQuery})
   * @param queries the queries, aligned with {@code encodings} (for protocol context)
   * @param k hits per query
   * @param options fusion choice, protocol, filter
   * @return hits per query
   */
  public List<List<Hit>> searchEncoded(List<QueryEncoding> encodings, List<Query> queries, int k,
      SearchOptions options) {
    return pipeline.searchEncoded(encodings, queries, k, options == null ? SearchOptions.defaults() : options);
  }

  /** @return the default fusion choice of this pipeline */
  public FusionConfig defaultFusion() {
    return pipeline.defaultFusion();
  }

  /** @return the modes whose roles are configured (index coverage is checked at search time) */
  public Set<Mode> availableModes() {
    return pipeline.availableModes();
  }

  /** @return per-role call counts and cache hits since start (for reports and tests) */
  public Map<String, Long> counters() {
    return pipeline.counters();
  }

  /** @return the gallery index directory */
  public Path indexDirectory() {
    return pipeline.indexDirectory();
  }

  @Override
  public void close() {
    pipeline.close();
  }

  /**
   * Builder for {@link Paracosm}. Required: an encoder (or {@code PARACOSM_ENCODER}); the generative
   * roles a chosen mode needs. Everything else has defaults.
   */
  public static final class Builder {
    final dev.paracosm.internal.PipelineConfig.Builder config = dev.paracosm.internal.PipelineConfig.builder();

    private Builder() {}

    /**
     * @param spec encoder spec, e.g. {@code hf:openai/clip-vit-base-patch32} or {@code dir:/models/clip}
     * @return this
     */
    public Builder encoder(String spec) { config.encoderSpec(spec); return this; }
    /**
     * @param encoder an encoder instance (not closed by the pipeline)
     * @return this
     */
    public Builder encoder(Encoder encoder) { config.encoder(encoder); return this; }
    /**
     * @param spec captioner spec, e.g. {@code vllm:Qwen/Qwen2.5-VL-7B-Instruct@http://host:8000/v1}
     * @return this
     */
    public Builder captioner(String spec) { config.captionerSpec(spec); return this; }
    /**
     * @param captioner a captioner instance (not closed by the pipeline)
     * @return this
     */
    public Builder captioner(Captioner captioner) { config.captioner(captioner); return this; }
    /**
     * @param spec image editor spec
     * @return this
     */
    public Builder imageEditor(String spec) { config.imageEditorSpec(spec); return this; }
    /**
     * @param editor an image editor instance (not closed by the pipeline)
     * @return this
     */
    public Builder imageEditor(ImageEditor editor) { config.imageEditor(editor); return this; }
    /**
     * @param spec text-to-image spec
     * @return this
     */
    public Builder textToImage(String spec) { config.textToImageSpec(spec); return this; }
    /**
     * @param t2i a text-to-image instance (not closed by the pipeline)
     * @return this
     */
    public Builder textToImage(TextToImage t2i) { config.textToImage(t2i); return this; }
    /**
     * @param mode default retrieval mode
     * @return this
     */
    public Builder mode(Mode mode) { config.mode(mode); return this; }
    /**
     * @param modes every mode the index must support (default: the default mode)
     * @return this
     */
    public Builder modes(Set<Mode> modes) { config.modes(modes); return this; }
    /**
     * @param lambda default λ
     * @return this
     */
    public Builder lambda(double lambda) { config.lambda(lambda); return this; }
    /**
     * @param profile default normalisation profile
     * @return this
     */
    public Builder profile(Profile profile) { config.profile(profile); return this; }
    /**
     * @param fusion default fusion choice (overrides mode/λ/profile)
     * @return this
     */
    public Builder fusion(FusionConfig fusion) { config.fusion(fusion); return this; }
    /**
     * @param dir gallery index directory (default {@code PARACOSM_INDEX_DIR} or {@code ./paracosm-index})
     * @return this
     */
    public Builder indexDirectory(Path dir) { config.indexDirectory(dir); return this; }
    /**
     * @param dir artifact cache directory (default {@code <index>/artifacts})
     * @return this
     */
    public Builder artifactDirectory(Path dir) { config.artifactDirectory(dir); return this; }
    /**
     * @param settings generation settings
     * @return this
     */
    public Builder generation(GenerationSettings settings) { config.generation(settings); return this; }
    /**
     * @param n items indexed concurrently (default 4)
     * @return this
     */
    public Builder concurrency(int n) { config.concurrency(n); return this; }
    /**
     * @param options options passed to providers created from spec strings
     * @return this
     */
    public Builder providerOptions(Map<String, String> options) { config.providerOptions(options); return this; }
    /**
     * @param halfPrecision store embeddings as float16
     * @return this
     */
    public Builder halfPrecisionIndex(boolean halfPrecision) { config.halfPrecision(halfPrecision); return this; }

    /**
     * @return the pipeline
     * @throws ConfigurationException listing every missing role the chosen modes need and how to provide it
     */
    public Paracosm build() {
      return new Paracosm(new dev.paracosm.internal.Pipeline(config.build()));
    }
  }
}
