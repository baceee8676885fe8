package dev.paracosm.internal;

import dev.paracosm.ConfigurationException;
import dev.paracosm.Gallery;
import dev.paracosm.GalleryItem;
import dev.paracosm.GenerationSettings;
import dev.paracosm.GenerationSettings.PefuseInstruction;
import dev.paracosm.Hit;
import dev.paracosm.IndexReport;
import dev.paracosm.InvalidInputException;
import dev.paracosm.ParacosmException;
import dev.paracosm.ProgressEvent;
import dev.paracosm.ProgressListener;
import dev.paracosm.Query;
import dev.paracosm.QueryEncoding;
import dev.paracosm.SearchOptions;
import dev.paracosm.artifact.ArtifactStore;
import dev.paracosm.fusion.FloatMatrix;
import dev.paracosm.fusion.Fuser;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.QueryComponent;
import dev.paracosm.fusion.Ranking;
import dev.paracosm.image.ImageData;
import dev.paracosm.index.GalleryIndex;
import dev.paracosm.index.IndexOptions;
import dev.paracosm.index.IndexSnapshot;
import dev.paracosm.index.IndexedItem;
import dev.paracosm.index.MetadataFilter;
import dev.paracosm.index.StorageType;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.Providers;
import dev.paracosm.role.TextToImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline behind {@link dev.paracosm.Paracosm}: gallery and query plans, caching, fusion, ranking. */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  /** Items committed per checkpoint during indexing. */
  static final int COMMIT_EVERY = 16;

  private final PipelineConfig config;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Encoder encoder;
  private final Captioner captioner;
  private final ImageEditor imageEditor;
  private final TextToImage textToImage;
  private final GalleryIndex index;
  private final ArtifactStore artifacts;
  private final Generations generations;
  private final Counters counters = new Counters();
  private final Fuser fuser = Fuser.standard();

  /**
   * Resolves roles, checks that the configured modes can run, opens the index and artifact store.
   *
   * @param config resolved settings
   */
  public Pipeline(PipelineConfig config) {
    this.config = config;
    try {
      checkRoles(config);
      this.encoder = config.encoder() != null ? config.encoder()
          : own(Providers.encoder(config.encoderSpec(), config.providerOptions()));
      this.captioner = config.captioner() != null ? config.captioner()
          : config.captionerSpec() == null ? null
          : own(Providers.captioner(config.captionerSpec(), config.providerOptions()));
      this.imageEditor = config.imageEditor() != null ? config.imageEditor()
          : config.imageEditorSpec() == null ? null
          : own(Providers.imageEditor(config.imageEditorSpec(), config.providerOptions()));
      this.textToImage = config.textToImage() != null ? config.textToImage()
          : config.textToImageSpec() == null ? null
          : own(Providers.textToImage(config.textToImageSpec(), config.providerOptions()));
      this.index = own(GalleryIndex.open(config.indexDirectory(), IndexOptions.builder()
          .encoderId(encoder.modelId()).dimension(encoder.dimension())
          .storage(config.halfPrecision() ? StorageType.FLOAT16 : StorageType.FLOAT32).build()));
      this.artifacts = own(ArtifactStore.open(config.artifactDirectory()));
      this.generations = new Generations(artifacts, new Prompts(config.generation().promptOverrides()), counters);
    } catch (RuntimeException e) {
      closeOwned();
      throw e;
    }
  }

  private <T extends AutoCloseable> T own(T t) {
    owned.add(t);
    return t;
  }

  /** One error listing every role the configured modes need and lack. */
  static void checkRoles(PipelineConfig c) {
    boolean hasEncoder = c.encoder() != null || c.encoderSpec() != null;
    boolean hasCaptioner = c.captioner() != null || c.captionerSpec() != null;
    boolean hasEditor = c.imageEditor() != null || c.imageEditorSpec() != null;
    boolean hasT2i = c.textToImage() != null || c.textToImageSpec() != null;
    List<String> missing = new ArrayList<>();
    if (!hasEncoder) {
      missing.add("an encoder (Paracosm.builder().encoder(\"hf:openai/clip-vit-base-patch32\") or PARACOSM_ENCODER)");
    }
    for (Mode m : c.modes()) {
      Set<String> need = rolesFor(m, c.fusion().mode() == m ? c.fusion() : FusionConfig.of(m), c.generation());
      if (need.contains("captioner") && !hasCaptioner) {
        missing.add("mode " + m.id() + " needs a captioner (.captioner(spec) or PARACOSM_CAPTIONER)");
      }
      if (need.contains("image_editor") && !hasEditor) {
        missing.add("mode " + m.id() + " needs an image editor (.imageEditor(spec) or PARACOSM_IMAGE_EDITOR)");
      }
      if (need.contains("text_to_image") && !hasT2i) {
        missing.add("mode " + m.id() + " needs a text-to-image model (.textToImage(spec) or PARACOSM_TEXT_TO_IMAGE)");
      }
      if (need.contains("pefuse_database_prompt") && c.generation().pefuseDatabasePrompt() == null) {
        missing.add("mode " + m.id() + " needs PEFUSE's database-caption prompt, which is unpublished"
            + " (GenerationSettings.withPefuseDatabasePrompt(...))");
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigurationException("Cannot build the pipeline: " + String.join("; ", missing)
          + ". See docs/serving.md for running the generative models.");
    }
  }

  /** Roles (and required settings) a mode needs for both its gallery and query plans. */
  static Set<String> rolesFor(Mode m, FusionConfig f, GenerationSettings g) {
    Set<String> need = new java.util.HashSet<>();
    switch (m) {
      case PARACOSM -> {
        if (f.queryParts().contains(QueryComponent.MENTAL_IMAGE) || f.queryParts().contains(QueryComponent.T_QUERY)) {
          need.add("image_editor");
        }
        if (f.queryParts().contains(QueryComponent.T_QUERY)) {
          need.add("captioner");
        }
        if (f.galleryParts().contains(GalleryComponent.SYN_IMAGE)) {
          need.add("captioner");
          need.add("text_to_image");
        }
        if (f.galleryParts().contains(GalleryComponent.T_DETAILED) || f.galleryParts().contains(GalleryComponent.T_BRIEF)) {
          need.add("captioner");
        }
      }
      case PEFUSE_T2I -> need.add("captioner");
      case PEFUSE_I2I -> {
        need.add("image_editor");
        if (g.pefuseInstruction() == PefuseInstruction.COMPOSED) {
          need.add("captioner");
        }
      }
      case PEFUSE_T2T -> {
        need.add("captioner");
        need.add("pefuse_database_prompt");
      }
      case PEFUSE_I2T -> {
        need.add("captioner");
        need.add("image_editor");
        need.add("pefuse_database_prompt");
      }
      default -> { }
    }
    return need;
  }

  /** @return the modes whose roles are configured */
  public Set<Mode> availableModes() {
    Set<Mode> out = EnumSet.noneOf(Mode.class);
    for (Mode m : Mode.values()) {
      Set<String> need = rolesFor(m, FusionConfig.of(m), config.generation());
      boolean ok = (!need.contains("captioner") || captioner != null)
          && (!need.contains("image_editor") || imageEditor != null)
          && (!need.contains("text_to_image") || textToImage != null)
          && (!need.contains("pefuse_database_prompt") || config.generation().pefuseDatabasePrompt() != null);
      if (ok) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * @param fusion a fusion choice
   * @return raw query components it needs
   */
  public static Set<QueryComponent> componentsFor(FusionConfig fusion) {
    return EnumSet.copyOf(fusion.queryParts());
  }

  /** Gallery components the configured modes need. */
  Set<GalleryComponent> galleryComponents() {
    Set<GalleryComponent> out = EnumSet.noneOf(GalleryComponent.class);
    for (Mode m : config.modes()) {
      FusionConfig f = config.fusion().mode() == m ? config.fusion() : FusionConfig.of(m);
      out.addAll(f.galleryParts());
      if (m == Mode.PARACOSM && captioner != null) {
        // t_detailed is generated for the synthetic counterpart anyway; its embedding enables ablations
        out.add(GalleryComponent.T_DETAILED);
      }
    }
    if (config.generation().briefDescriptions() && captioner != null) {
      out.add(GalleryComponent.T_BRIEF);
    }
    return out;
  }

  // ---------------------------------------------------------------- indexing

  /**
   * @param gallery items
   * @param listener progress
   * @return report
   */
  public IndexReport index(Gallery gallery, ProgressListener listener) {
    Set<GalleryComponent> needed = galleryComponents();
    int total = gallery.size();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    Map<String, String> failures = new java.util.concurrent.ConcurrentHashMap<>();
    listener.onEvent(new ProgressEvent(ProgressEvent.Kind.STARTED, null, 0, total, 0, "components " + needed));
    ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
      Thread t = new Thread(r, "paracosm-index");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      // results are added to the index in gallery order (not completion order), so rows and hence
      // the order of exact ties do not depend on thread timing
      InOrderAppender appender = new InOrderAppender(total, listener, done, failed, total);
      List<GalleryItem> list = gallery.items();
      for (int position = 0; position < list.size(); position++) {
        GalleryItem item = list.get(position);
        int pos = position;
        futures.add(pool.submit(() -> {
          try {
            Map<String, float[]> missing = new LinkedHashMap<>();
            boolean complete = true;
            for (GalleryComponent c : needed) {
              if (!index.hasComponent(item.id(), c.id())) {
                complete = false;
              }
            }
            if (complete) {
              skipped.incrementAndGet();
              appender.complete(pos, null);
              listener.onEvent(new ProgressEvent(ProgressEvent.Kind.ITEM_SKIPPED, item.id(),
                  done.incrementAndGet(), total, failed.get(), null));
              return;
            }
            ImageData image = item.image();
            image.decode(); // fail early with a typed error naming the file
            Map<String, String> texts = new HashMap<>(); // generated once per item, shared by components
            for (GalleryComponent c : needed) {
              if (!index.hasComponent(item.id(), c.id())) {
                missing.put(c.id(), galleryComponent(c, image, texts));
              }
            }
            appender.complete(pos, new IndexedItem(item.id(), item.metadata(), missing));
            listener.onEvent(new ProgressEvent(ProgressEvent.Kind.ITEM_DONE, item.id(), done.incrementAndGet(),
                total, failed.get(), null));
          } catch (ParacosmException | java.io.UncheckedIOException e) {
            appender.complete(pos, null);
            failures.put(item.id(), e.getMessage());
            LOG.warn("Gallery item {} failed: {}", item.id(), e.getMessage());
            listener.onEvent(new ProgressEvent(ProgressEvent.Kind.ITEM_FAILED, item.id(), done.incrementAndGet(),
                total, failed.incrementAndGet(), e.getMessage()));
          }
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException re ? re : new ParacosmException("Indexing failed", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ParacosmException("Indexing interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
      synchronized (index) {
        index.commit();
      }
    }
    listener.onEvent(new ProgressEvent(ProgressEvent.Kind.CHECKPOINT, null, done.get(), total, failed.get(), null));
    listener.onEvent(new ProgressEvent(ProgressEvent.Kind.FINISHED, null, done.get(), total, failed.get(), null));
    return new IndexReport(total, total - skipped.get() - failures.size(), skipped.get(), failures);
  }

  /**
   * Adds finished items to the index in gallery order and commits every {@link #COMMIT_EVERY}
   * added items; an item that finished early waits (in memory) for the ones before it.
   */
  private final class InOrderAppender {
    private final IndexedItem[] results;
    private final boolean[] finished;
    private final ProgressListener listener;
    private final AtomicInteger done;
    private final AtomicInteger failed;
    private final int total;
    private int next;
    private int sinceCommit;

    InOrderAppender(int n, ProgressListener listener, AtomicInteger done, AtomicInteger failed, int total) {
      this.results = new IndexedItem[n];
      this.finished = new boolean[n];
      this.listener = listener;
      this.done = done;
      this.failed = failed;
      this.total = total;
    }

    /** @param item the item's new components, or null when it was skipped or failed */
    void complete(int position, IndexedItem item) {
      synchronized (index) {
        results[position] = item;
        finished[position] = true;
        while (next < finished.length && finished[next]) {
          if (results[next] != null) {
            index.add(results[next]);
            results[next] = null;
            sinceCommit++;
          }
          next++;
          if (sinceCommit >= COMMIT_EVERY) {
            index.commit();
            sinceCommit = 0;
            listener.onEvent(new ProgressEvent(ProgressEvent.Kind.CHECKPOINT, null, done.get(), total, failed.get(),
                null));
          }
        }
      }
    }
  }

  private float[] galleryComponent(GalleryComponent c, ImageData image, Map<String, String> texts) {
    GenerationSettings g = config.generation();
    return switch (c) {
      case IMAGE -> encodeImage(image);
      case T_DETAILED -> encodeText(detailedDescription(c, image, texts));
      case SYN_IMAGE -> {
        String detailed = detailedDescription(c, image, texts);
        yield encodeImage(generations.textToImage(requireT2i(), "paracosm.t2i.synthetic_counterpart",
            Map.of("detailed_description", detailed), g.syntheticCounterpart()));
      }
      case T_BRIEF -> encodeText(generations.caption(requireCaptioner(c), image, "paracosm.describe.database_brief",
          Map.of(), g.describeSampling()));
      case PEFUSE_CAPTION -> encodeText(generations.captionWithPrompt(requireCaptioner(c), image,
          "pefuse.caption.database", requirePefusePrompt(), g.pefuseComposeSampling()));
    };
  }

  /** t_detailed of a gallery image, generated (or read from the artifact store) once per item. */
  private String detailedDescription(GalleryComponent c, ImageData image, Map<String, String> texts) {
    return texts.computeIfAbsent("t_detailed", k -> generations.caption(requireCaptioner(c), image,
        "paracosm.describe.database_detailed", Map.of(), config.generation().describeSampling()));
  }

  private float[] encodeImage(ImageData image) {
    counters.count("encoder.image");
    return checkDim(encoder.encodeImage(image), "image " + image.source());
  }

  private float[] encodeText(String text) {
    counters.count("encoder.text");
    return checkDim(encoder.encodeText(text), "text");
  }

  private float[] checkDim(float[] v, String what) {
    if (v.length != encoder.dimension()) {
      throw new InvalidInputException("Encoder " + encoder.modelId() + " returned dimension " + v.length
          + " for " + what + " but declares " + encoder.dimension());
    }
    return v;
  }

  private Captioner requireCaptioner(Object what) {
    if (captioner == null) {
      throw new ConfigurationException("No captioner configured, needed for " + what
          + " (set PARACOSM_CAPTIONER or Paracosm.builder().captioner(...))");
    }
    return captioner;
  }

  private ImageEditor requireEditor(Object what) {
    if (imageEditor == null) {
      throw new ConfigurationException("No image editor configured, needed for " + what
          + " (set PARACOSM_IMAGE_EDITOR or Paracosm.builder().imageEditor(...))");
    }
    return imageEditor;
  }

  private TextToImage requireT2i() {
    if (textToImage == null) {
      throw new ConfigurationException("No text-to-image model configured, needed for syn_image"
          + " (set PARACOSM_TEXT_TO_IMAGE or Paracosm.builder().textToImage(...))");
    }
    return textToImage;
  }

  private String requirePefusePrompt() {
    String p = config.generation().pefuseDatabasePrompt();
    if (p == null) {
      throw new ConfigurationException("PEFUSE's database-caption prompt is unpublished and must be given:"
          + " GenerationSettings.withPefuseDatabasePrompt(...)");
    }
    return p;
  }

  // ---------------------------------------------------------------- queries

  /**
   * @param query query
   * @param wanted components
   * @return encoding
   */
  public QueryEncoding encodeQuery(Query query, Set<QueryComponent> wanted) {
    GenerationSettings g = config.generation();
    Map<QueryComponent, float[]> out = new EnumMap<>(QueryComponent.class);
    Map<String, String> texts = new HashMap<>();
    Map<String, ImageData> images = new HashMap<>();
    Dataset ds = Dataset.of(query.dataset());
    for (QueryComponent c : wanted) {
      switch (c) {
        case REF_IMAGE -> out.put(c, encodeImage(query.reference()));
        case T_MOD, T_MOD_FWD, T_MOD_REV -> {
          if (out.containsKey(QueryComponent.T_MOD) || out.containsKey(QueryComponent.T_MOD_FWD)) {
            continue; // already encoded for another t_mod variant
          }
          var orders = query.fashionIqOrders();
          if (orders.isPresent()) {
            out.put(QueryComponent.T_MOD_FWD, encodeText(orders.get().get(0)));
            out.put(QueryComponent.T_MOD_REV, encodeText(orders.get().get(1)));
          } else {
            out.put(QueryComponent.T_MOD, encodeText(ds.tmodText(query, generations.prompts())));
          }
        }
        case MENTAL_IMAGE, T_QUERY -> {
          ImageData mental = images.computeIfAbsent("mental_image", k -> generations.edit(requireEditor(c),
              query.reference(), ds.editTemplate(), ds.editValues(query), g.mentalImageEdit()));
          if (c == QueryComponent.MENTAL_IMAGE) {
            out.put(c, encodeImage(mental));
          } else {
            String tq = generations.caption(requireCaptioner(c), mental, "paracosm.describe.mental_one_sentence",
                Map.of(), g.describeSampling());
            texts.put("t_query", tq);
            out.put(c, encodeText(tq));
          }
        }
        case PEFUSE_TEXT -> out.put(c, encodeText(texts.computeIfAbsent("pefuse_text",
            k -> composed(query, ds))));
        case PEFUSE_IMAGE -> {
          String instruction;
          String template;
          Map<String, String> values;
          if (g.pefuseInstruction() == PefuseInstruction.COMPOSED) {
            instruction = texts.computeIfAbsent("pefuse_text", k -> composed(query, ds));
            template = "pefuse.edit.instruction";
            values = Map.of("composed_description", instruction);
          } else {
            template = "pefuse.edit.instruction_raw";
            values = Map.of("modification", ds.modification(query));
          }
          ImageData edited = generations.edit(requireEditor(c), query.reference(), template, values, g.pefuseEdit());
          images.put("pefuse_image", edited);
          out.put(c, encodeImage(edited));
        }
      }
    }
    if (images.containsKey("mental_image") && !wanted.contains(QueryComponent.MENTAL_IMAGE)) {
      images.remove("mental_image");
    }
    return new QueryEncoding(query.effectiveId(), out, texts, images);
  }

  private String composed(Query query, Dataset ds) {
    return generations.captionChat(requireCaptioner("pefuse_text"), query.reference(), ds.composeTemplate(),
        ds.composeValues(query), config.generation().pefuseComposeSampling());
  }

  /**
   * @param queries queries
   * @param k hits
   * @param options options
   * @return hits
   */
  public List<List<Hit>> searchBatch(List<Query> queries, int k, SearchOptions options) {
    FusionConfig fusion = options.fusion() != null ? options.fusion() : config.fusion();
    Set<QueryComponent> wanted = componentsFor(fusion);
    List<QueryEncoding> enc = new ArrayList<>(queries.size());
    for (Query q : queries) {
      enc.add(encodeQuery(q, wanted));
    }
    return searchEncoded(enc, queries, k, options);
  }

  /**
   * @param encodings encodings
   * @param queries aligned queries
   * @param k hits
   * @param options options
   * @return hits
   */
  public List<List<Hit>> searchEncoded(List<QueryEncoding> encodings, List<Query> queries, int k,
      SearchOptions options) {
    if (encodings.size() != queries.size()) {
      throw new InvalidInputException("Got " + encodings.size() + " encodings for " + queries.size() + " queries");
    }
    if (k < 1) {
      throw new InvalidInputException("k must be >= 1, got " + k);
    }
    FusionConfig fusion = options.fusion() != null ? options.fusion() : config.fusion();
    if (encodings.isEmpty()) {
      return List.of();
    }
    float[][] q = new float[encodings.size()][];
    for (int i = 0; i < q.length; i++) {
      q[i] = fuser.queryVector(encodings.get(i).components(), fusion);
      if (q[i].length != encoder.dimension()) {
        throw new InvalidInputException("Query " + encodings.get(i).queryId() + " has dimension " + q[i].length
            + " but the index holds " + encoder.dimension() + "-d embeddings of " + encoder.modelId());
      }
    }
    IndexSnapshot snap = index.snapshot();
    MetadataFilter filter = options.filter() == null ? MetadataFilter.all() : MetadataFilter.parse(options.filter());
    int depth = options.protocol().rankDepth(k);
    counters.count("ranker.queries", q.length);
    List<Ranking> rankings = snap.search(FloatMatrix.of(q), fusion, depth, filter);
    List<List<Hit>> out = new ArrayList<>(rankings.size());
    for (int i = 0; i < rankings.size(); i++) {
      Ranking r = rankings.get(i);
      Map<String, Integer> pos = new HashMap<>();
      List<String> ids = new ArrayList<>(r.size());
      for (int j = 0; j < r.size(); j++) {
        String id = snap.id(r.index(j));
        ids.add(id);
        pos.put(id, j);
      }
      List<String> reported = options.protocol().apply(ids, queries.get(i).referenceId());
      List<Hit> hits = new ArrayList<>(Math.min(k, reported.size()));
      for (int j = 0; j < reported.size() && j < k; j++) {
        int p = pos.get(reported.get(j));
        hits.add(new Hit(j + 1, reported.get(j), r.score(p), snap.metadata(r.index(p))));
      }
      out.add(hits);
    }
    return out;
  }

  /** @return fusion */
  public FusionConfig defaultFusion() {
    return config.fusion();
  }

  /** @return counters */
  public Map<String, Long> counters() {
    return counters.snapshot();
  }

  /** @return dir */
  public Path indexDirectory() {
    return config.indexDirectory();
  }

  @Override
  public void close() {
    closeOwned();
  }

  private void closeOwned() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", owned.get(i), e.toString());
      }
    }
    owned.clear();
  }
}
