package dev.paracosm.eval.experiment;

import dev.paracosm.ConfigurationException;
import dev.paracosm.GenerationSettings;
import dev.paracosm.Hit;
import dev.paracosm.IndexReport;
import dev.paracosm.InvalidInputException;
import dev.paracosm.Paracosm;
import dev.paracosm.ParacosmException;
import dev.paracosm.ProgressEvent;
import dev.paracosm.ProgressListener;
import dev.paracosm.Query;
import dev.paracosm.QueryEncoding;
import dev.paracosm.SearchOptions;
import dev.paracosm.eval.report.QualitativeReport;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Protocol;
import dev.paracosm.fusion.QueryComponent;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.TextToImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment grid. For each (subset, encoder, generation setting) it builds one {@link
 * Paracosm} pipeline over the benchmark gallery and indexes it once, encodes every query once with
 * the union of the components all its points need ({@link Paracosm#encodeQuery}), then ranks every
 * fusion point from those encodings ({@link Paracosm#searchEncoded}): a λ sweep or an ablation table
 * costs no regeneration and no re-encoding. Each point's metrics are appended (fsynced) to a JSONL
 * results file; points already there are skipped, so an interrupted run resumes. Every role is
 * wrapped in a timing decorator feeding the {@link ComputeReport}.
 *
 * <pre>{@code
 * RunSummary s = ExperimentRunner.builder()
 *     .config(ExperimentConfig.load(Path.of("lambda_sweep.yaml")).withDataRoot(Path.of("/data/CIRR")))
 *     .resultsFile(Path.of("results/lambda_sweep.jsonl"))
 *     .workDirectory(Path.of("work"))
 *     .build()
 *     .run();
 * }</pre>
 */
public final class ExperimentRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
  private static final int EXAMPLE_DEPTH = 10;

  private final ExperimentConfig config;
  private final Path resultsFile;
  private final Path workDirectory;
  private final ProgressListener progress;
  private final ProgressListener indexProgress;
  private final ProgressListener queryProgress;
  private final EvalTask.Source tasks;
  private final RoleSource roles;
  private final boolean ownsRoles;
  private final Function<String, String> env;
  private final int concurrency;
  private final RankingListener rankingListener;
  private final Path indexBase;
  private final Path artifactDirectory;

  private ExperimentRunner(Builder b) {
    this.config = Objects.requireNonNull(b.config, "config");
    this.resultsFile = Objects.requireNonNull(b.resultsFile, "resultsFile");
    this.workDirectory = b.workDirectory != null ? b.workDirectory
        : resultsFile.toAbsolutePath().getParent().resolve(config.name() + "-work");
    this.progress = b.progress == null ? ProgressListener.NONE : b.progress;
    this.indexProgress = b.indexProgress == null ? ProgressListener.NONE : b.indexProgress;
    this.queryProgress = b.queryProgress == null ? ProgressListener.NONE : b.queryProgress;
    this.env = b.env;
    this.tasks = b.tasks != null ? b.tasks : BenchmarkTasks::load;
    this.ownsRoles = b.roles == null;
    ExperimentConfig.RoleSpecs c = config.roles();
    ExperimentConfig.RoleSpecs o = b.roleSpecs == null ? new ExperimentConfig.RoleSpecs(null, null, null) : b.roleSpecs;
    ExperimentConfig.RoleSpecs specs = new ExperimentConfig.RoleSpecs(
        o.captioner() != null ? o.captioner() : c.captioner(),
        o.imageEditor() != null ? o.imageEditor() : c.imageEditor(),
        o.textToImage() != null ? o.textToImage() : c.textToImage());
    Function<String, Encoder> factory = b.encoderFactory;
    RoleSource base = factory == null ? new RoleSource(specs, b.providerOptions, env)
        : new RoleSource(specs, b.providerOptions, env) {
          @Override
          Encoder createEncoder(String spec) {
            return factory.apply(spec);
          }
        };
    if (b.roles == null && b.generativeGiven) {
      Captioner c0 = b.captioner;
      ImageEditor e0 = b.imageEditor;
      TextToImage t0 = b.textToImage;
      base = new RoleSource(specs, b.providerOptions, env) {
        @Override
        Encoder createEncoder(String spec) {
          return factory != null ? factory.apply(spec) : super.createEncoder(spec);
        }

        @Override
        synchronized Captioner captioner() {
          return c0;
        }

        @Override
        synchronized ImageEditor imageEditor() {
          return e0;
        }

        @Override
        synchronized TextToImage textToImage() {
          return t0;
        }
      };
    }
    this.roles = b.roles != null ? b.roles : base;
    this.concurrency = b.concurrency;
    this.rankingListener = b.rankingListener;
    this.indexBase = b.indexBase != null ? b.indexBase : workDirectory.resolve("index");
    this.artifactDirectory = b.artifactDirectory != null ? b.artifactDirectory : workDirectory.resolve("artifacts");
  }

  /** @return a builder; {@code config} and {@code resultsFile} are required */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every point not yet in the results file.
   *
   * @return what ran, what was skipped, and the compute report
   * @throws ConfigurationException if no encoder is configured or a mode's roles are missing
   * @throws dev.paracosm.BenchmarkDataException if the benchmark files are missing or malformed
   */
  public RunSummary run() {
    long runStart = System.nanoTime();
    StageRecorder recorder = new StageRecorder();
    List<String> encoders = config.encoders();
    if (encoders.isEmpty() && env.apply("PARACOSM_ENCODER") != null) {
      encoders = List.of(env.apply("PARACOSM_ENCODER"));
    }
    List<EvalTask> loaded = tasks.load(config, workDirectory);
    Map<String, EvalTask> bySubset = new LinkedHashMap<>();
    List<String> subsets = new ArrayList<>();
    for (EvalTask t : loaded) {
      bySubset.put(String.valueOf(t.subset()), t);
      subsets.add(t.subset());
    }
    List<ExperimentPoint> points = ExperimentGrid.expand(config, subsets, encoders);
    List<ResultRecord> written = new ArrayList<>();
    long queriesDone = 0;
    double pipelineSeconds = 0;
    double modelSeconds = 0;
    long indexedItems = 0;
    double indexSeconds = 0;
    int skipped = 0;
    try (ResultsLog log = ResultsLog.open(resultsFile)) {
      Map<String, List<ExperimentPoint>> groups = new LinkedHashMap<>();
      int done = 0;
      progress.onEvent(new ProgressEvent(ProgressEvent.Kind.STARTED, null, 0, points.size(), 0,
          "experiment " + config.name() + ": " + points.size() + " points"));
      for (ExperimentPoint p : points) {
        if (log.contains(p.key())) {
          skipped++;
          done++;
          progress.onEvent(new ProgressEvent(ProgressEvent.Kind.ITEM_SKIPPED, p.key(), done, points.size(), 0,
              "already in " + resultsFile));
          continue;
        }
        groups.computeIfAbsent(p.subset() + "\u0000" + p.encoder() + "\u0000" + p.groupVariant().key(),
            k -> new ArrayList<>()).add(p);
      }
      for (List<ExperimentPoint> group : groups.values()) {
        ExperimentPoint first = group.get(0);
        EvalTask task = bySubset.get(String.valueOf(first.subset()));
        GroupRun g = runGroup(task, group, recorder, log, done, points.size());
        written.addAll(g.records);
        done += group.size();
        queriesDone += g.queries;
        pipelineSeconds += g.pipelineSeconds;
        modelSeconds += g.modelSeconds;
        indexedItems += g.indexed;
        indexSeconds += g.indexSeconds;
      }
      progress.onEvent(new ProgressEvent(ProgressEvent.Kind.FINISHED, null, points.size(), points.size(), 0,
          written.size() + " points evaluated, " + skipped + " skipped"));
    } finally {
      if (ownsRoles) {
        roles.close();
      }
    }
    ComputeReport compute = new ComputeReport(recorder.snapshot(), queriesDone,
        queriesDone == 0 ? 0 : pipelineSeconds / queriesDone, queriesDone == 0 ? 0 : modelSeconds / queriesDone,
        indexedItems, indexedItems == 0 ? 0 : indexSeconds / indexedItems, (System.nanoTime() - runStart) / 1e9,
        recorder.snapshot().stream().mapToLong(StageStats::peakHeapBytes).max().orElse(
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
    Path md = writeComputeReport(compute);
    return new RunSummary(points.size(), written.size(), skipped, written, compute, resultsFile, md);
  }

  private record GroupRun(List<ResultRecord> records, long queries, double pipelineSeconds, double modelSeconds,
      long indexed, double indexSeconds) {}

  private GroupRun runGroup(EvalTask task, List<ExperimentPoint> group, StageRecorder recorder, ResultsLog log,
      int doneBefore, int total) {
    ExperimentPoint first = group.get(0);
    GenerationSettings settings = first.groupVariant().apply(GenerationSettings.defaults());
    if (group.stream().anyMatch(p -> p.fusion().galleryParts().contains(GalleryComponent.T_BRIEF))) {
      settings = settings.withBriefDescriptions(true);
    }
    Encoder encoder = TimedRoles.encoder(roles.encoder(first.encoder()), recorder);
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    group.forEach(p -> modes.add(p.mode()));
    boolean needsGeneration = modes.stream().anyMatch(m -> m.isParacosm() || m.id().startsWith("pefuse"));
    Captioner captioner = needsGeneration ? TimedRoles.captioner(roles.captioner(), recorder) : null;
    ImageEditor editor = needsGeneration ? TimedRoles.imageEditor(roles.imageEditor(), recorder) : null;
    TextToImage t2i = needsGeneration ? TimedRoles.textToImage(roles.textToImage(), recorder) : null;
    String slug = slug(first.datasetName() + "|" + first.encoder() + "|" + first.groupVariant().key());
    Paracosm.Builder b = Paracosm.builder()
        .encoder(encoder)
        .fusion(defaultFusion(group))
        .modes(modes)
        .generation(settings)
        .concurrency(concurrency)
        .indexDirectory(indexBase.resolve(slug))
        .artifactDirectory(artifactDirectory);
    if (captioner != null) {
      b.captioner(captioner);
    }
    if (editor != null) {
      b.imageEditor(editor);
    }
    if (t2i != null) {
      b.textToImage(t2i);
    }
    List<ResultRecord> out = new ArrayList<>();
    try (Paracosm paracosm = b.build()) {
      long i0 = System.nanoTime();
      IndexReport ir = paracosm.index(task.gallery(), indexProgress);
      double indexSeconds = (System.nanoTime() - i0) / 1e9;
      if (!ir.failures().isEmpty()) {
        LOG.warn("{} of {} gallery items of {} failed to index; they cannot be retrieved: {}", ir.failures().size(),
            ir.total(), first.datasetName(), ir.failures().entrySet().stream().limit(3).toList());
      }
      Set<QueryComponent> components = new LinkedHashSet<>();
      for (ExperimentPoint p : group) {
        components.addAll(Paracosm.componentsFor(p.fusion()));
      }
      List<EvalTask.EvalQuery> queries = task.queries();
      if (config.limit() != null && queries.size() > config.limit()) {
        queries = queries.subList(0, config.limit());
      }
      long model0 = recorder.totalNanos(TimedRoles.MODEL_STAGES);
      long pipeline0 = recorder.totalNanos(Set.of(TimedRoles.QUERY_PIPELINE));
      List<QueryEncoding> encodings = encodeAll(paracosm, queries, components, recorder, first.datasetName());
      int failed = (int) encodings.stream().filter(java.util.Objects::isNull).count();
      double encodeSeconds = (recorder.totalNanos(Set.of(TimedRoles.QUERY_PIPELINE)) - pipeline0) / 1e9;
      double modelSeconds = (recorder.totalNanos(TimedRoles.MODEL_STAGES) - model0) / 1e9;
      double rankingSeconds = 0;
      Map<String, Map<String, String>> savedImages = new LinkedHashMap<>();
      int done = doneBefore;
      for (ExperimentPoint p : group) {
        String started = Instant.now().toString();
        long r0 = System.nanoTime();
        List<EvalTask.QueryOutcome> outcomes = rank(paracosm, task, p, queries, encodings, recorder);
        rankingSeconds += (System.nanoTime() - r0) / 1e9;
        if (rankingListener != null) {
          Map<String, List<String>> rankings = new LinkedHashMap<>();
          outcomes.forEach(o -> rankings.put(o.query().query().effectiveId(), o.mergedRanking()));
          rankingListener.onRankings(p, rankings);
        }
        Map<String, Double> metrics = task.metrics(outcomes);
        List<ResultRecord.Example> examples = examples(task, p, outcomes, encodings, savedImages, slug);
        ResultRecord rec = new ResultRecord(p.key(), p.experiment(), p.dataset(), p.split(), p.subset(), p.encoder(),
            p.mode().id(), p.fusion().lambda(), p.fusion().profile().id(), p.protocol().id(),
            p.fusion().queryParts().stream().map(QueryComponent::id).sorted().toList(),
            p.fusion().galleryParts().stream().map(GalleryComponent::id).sorted().toList(), p.ablation(),
            p.generation().asMap(), p.k(), queries.size(), failed, metrics, started, Instant.now().toString(),
            provenance(paracosm, encoder, captioner, editor, t2i, settings, ir), examples);
        log.append(rec);
        out.add(rec);
        done++;
        progress.onEvent(new ProgressEvent(ProgressEvent.Kind.ITEM_DONE, p.key(), done, total, 0,
            p.label() + " on " + p.datasetName() + ": " + metrics));
      }
      double pipelineSeconds = encodeSeconds + rankingSeconds / group.size();
      return new GroupRun(out, queries.size(), pipelineSeconds, modelSeconds, ir.indexed(), indexSeconds);
    }
  }

  /**
   * The pipeline's default fusion decides which gallery components are indexed for its mode: for
   * Paracosm use the union of the part sets of every Paracosm point, so one index serves them all.
   */
  static FusionConfig defaultFusion(List<ExperimentPoint> group) {
    Set<QueryComponent> q = EnumSet.noneOf(QueryComponent.class);
    Set<GalleryComponent> d = EnumSet.noneOf(GalleryComponent.class);
    ExperimentPoint paracosm = null;
    for (ExperimentPoint p : group) {
      if (p.mode().isParacosm()) {
        paracosm = paracosm == null ? p : paracosm;
        q.addAll(p.fusion().queryParts());
        d.addAll(p.fusion().galleryParts());
      }
    }
    if (paracosm == null) {
      return group.get(0).fusion();
    }
    FusionConfig f = paracosm.fusion();
    return new FusionConfig(Mode.PARACOSM, f.lambda(), f.profile(), q, d);
  }

  /**
   * Encodes every query once, {@code concurrency} at a time (generation dominates), keeping the
   * generated images only for the example queries of the qualitative report so thousands of mental
   * images are not held in memory. A failed query leaves {@code null}.
   */
  private List<QueryEncoding> encodeAll(Paracosm paracosm, List<EvalTask.EvalQuery> queries,
      Set<QueryComponent> components, StageRecorder recorder, String name) {
    int n = queries.size();
    QueryEncoding[] out = new QueryEncoding[n];
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
    queryProgress.onEvent(new ProgressEvent(ProgressEvent.Kind.STARTED, null, 0, n, 0, "queries of " + name));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, Math.min(concurrency, n)), r -> {
          Thread t = new Thread(r, "paracosm-eval-query");
          t.setDaemon(true);
          return t;
        });
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int idx = i;
        futures.add(pool.submit(() -> {
          EvalTask.EvalQuery q = queries.get(idx);
          try {
            QueryEncoding e = recorder.time(TimedRoles.QUERY_PIPELINE, 1, () -> paracosm.encodeQuery(q.load(),
                components));
            out[idx] = idx < config.qualitative() ? e
                : new QueryEncoding(e.queryId(), e.components(), e.texts(), Map.of());
            queryProgress.onEvent(new ProgressEvent(ProgressEvent.Kind.ITEM_DONE, q.query().id(),
                done.incrementAndGet(), n, failed.get(), null));
          } catch (ParacosmException e) {
            LOG.warn("Query {} of {} failed and counts as a miss: {}", q.query().effectiveId(), name, e.getMessage());
            queryProgress.onEvent(new ProgressEvent(ProgressEvent.Kind.ITEM_FAILED, q.query().id(),
                done.incrementAndGet(), n, failed.incrementAndGet(), e.getMessage()));
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof RuntimeException re ? re
              : new ParacosmException("Encoding the queries of " + name + " failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ParacosmException("Interrupted while encoding the queries of " + name, e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    queryProgress.onEvent(new ProgressEvent(ProgressEvent.Kind.FINISHED, null, n, n, failed.get(), null));
    return java.util.Arrays.asList(out);
  }

  private List<EvalTask.QueryOutcome> rank(Paracosm paracosm, EvalTask task, ExperimentPoint p,
      List<EvalTask.EvalQuery> queries, List<QueryEncoding> encodings, StageRecorder recorder) {
    SearchOptions options = new SearchOptions(p.fusion(), p.protocol(), null);
    Map<String, Integer> position = new java.util.HashMap<>();
    for (dev.paracosm.GalleryItem item : task.gallery()) {
      position.putIfAbsent(item.id(), position.size());
    }
    List<EvalTask.QueryOutcome> out = new ArrayList<>(queries.size());
    List<QueryEncoding> shared = new ArrayList<>();
    List<Query> sharedQueries = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      if (encodings.get(i) != null && queries.get(i).candidates().isEmpty()) {
        shared.add(encodings.get(i));
        sharedQueries.add(queries.get(i).query());
      }
    }
    List<List<Hit>> sharedHits = shared.isEmpty() ? List.of()
        : recorder.time(TimedRoles.RANKING, shared.size(), () -> paracosm.searchEncoded(shared, sharedQueries, p.k(),
            options));
    int s = 0;
    for (int i = 0; i < queries.size(); i++) {
      EvalTask.EvalQuery q = queries.get(i);
      QueryEncoding enc = encodings.get(i);
      if (enc == null) {
        out.add(new EvalTask.QueryOutcome(q, List.of(), List.of(), List.of(), true));
        continue;
      }
      List<Hit> hits = tiesByPosition(q.candidates().isEmpty() ? sharedHits.get(s++)
          : restricted(paracosm, task, enc, q, q.candidates(), q.candidates().size(), options, recorder), position);
      List<String> subset = List.of();
      if (!q.groupMembers().isEmpty() && p.protocol() == Protocol.CIRR) {
        List<Hit> sub = restricted(paracosm, task, enc, q, q.groupMembers(), q.groupMembers().size(), options,
            recorder);
        subset = Protocol.subsetRanking(tiesByPosition(sub, position).stream().map(Hit::id).toList(),
            q.groupMembers());
      }
      out.add(new EvalTask.QueryOutcome(q, hits.stream().map(Hit::id).toList(),
          hits.stream().map(Hit::score).toList(), subset, false));
    }
    return out;
  }

  /**
   * Orders exactly tied hits by their position in the benchmark's gallery (the tie rule of the
   * benchmark spec), whatever order the index stored the items in. Ties that straddle the top-k
   * cut are decided by the index, as in the reference code (which does not specify tie order).
   */
  static List<Hit> tiesByPosition(List<Hit> hits, Map<String, Integer> position) {
    List<Hit> sorted = new ArrayList<>(hits);
    sorted.sort((a, b) -> {
      int c = Double.compare(b.score(), a.score());
      return c != 0 ? c : Integer.compare(position.getOrDefault(a.id(), Integer.MAX_VALUE),
          position.getOrDefault(b.id(), Integer.MAX_VALUE));
    });
    List<Hit> out = new ArrayList<>(sorted.size());
    for (Hit h : sorted) {
      out.add(new Hit(out.size() + 1, h.id(), h.score(), h.metadata()));
    }
    return out;
  }

  /** Ranks one query against a subset of the indexed gallery (per-query galleries, CIRR groups). */
  private List<Hit> restricted(Paracosm paracosm, EvalTask task, QueryEncoding enc, EvalTask.EvalQuery q,
      List<String> ids, int k, SearchOptions options, StageRecorder recorder) {
    boolean safe = ids.stream().allMatch(id -> !id.isEmpty() && id.strip().equals(id)
        && id.indexOf(',') < 0 && id.indexOf('|') < 0 && id.indexOf('=') < 0);
    if (safe) {
      String filter = EvalTask.ID_KEY + "=" + String.join("|", new LinkedHashSet<>(ids));
      return recorder.time(TimedRoles.RANKING, 1,
          () -> paracosm.searchEncoded(List.of(enc), List.of(q.query()), k, options.withFilter(filter)).get(0));
    }
    Set<String> allowed = new LinkedHashSet<>(ids);
    List<Hit> all = recorder.time(TimedRoles.RANKING, 1, () -> paracosm.searchEncoded(List.of(enc),
        List.of(q.query()), task.gallery().size(), options).get(0));
    List<Hit> out = new ArrayList<>();
    for (Hit h : all) {
      if (allowed.contains(h.id())) {
        out.add(new Hit(out.size() + 1, h.id(), h.score(), h.metadata()));
      }
    }
    return out;
  }

  private List<ResultRecord.Example> examples(EvalTask task, ExperimentPoint p, List<EvalTask.QueryOutcome> outcomes,
      List<QueryEncoding> encodings, Map<String, Map<String, String>> saved, String slug) {
    List<ResultRecord.Example> out = new ArrayList<>();
    for (int i = 0; i < outcomes.size() && out.size() < config.qualitative(); i++) {
      EvalTask.QueryOutcome o = outcomes.get(i);
      if (o.failed()) {
        continue;
      }
      QueryEncoding enc = encodings.get(i);
      Query q = o.query().query();
      String qid = q.effectiveId();
      Map<String, String> images = saved.computeIfAbsent(qid, id -> saveImages(slug, id, enc.images()));
      int n = Math.min(EXAMPLE_DEPTH, o.ranking().size());
      Map<String, String> paths = new LinkedHashMap<>();
      for (String id : o.ranking().subList(0, n)) {
        Path path = task.imagePath(id);
        if (path != null) {
          paths.put(id, path.toString());
        }
      }
      Path ref = q.referenceId() == null ? null : task.imagePath(q.referenceId());
      out.add(new ResultRecord.Example(qid, q.referenceId(), ref == null ? null : ref.toString(),
          q.modificationText(), QualitativeReport.onlyUsedBy(p.mode().id(), enc.texts()),
          QualitativeReport.onlyUsedBy(p.mode().id(), images), o.ranking().subList(0, n), o.scores().subList(0, n), paths,
          o.query().targets()));
    }
    return out;
  }

  private Map<String, String> saveImages(String slug, String queryId, Map<String, ImageData> images) {
    Map<String, String> out = new LinkedHashMap<>();
    Path dir = workDirectory.resolve("examples").resolve(slug);
    for (Map.Entry<String, ImageData> e : images.entrySet()) {
      String ext = e.getValue().mediaType().endsWith("jpeg") ? ".jpg" : ".png";
      Path file = dir.resolve(slug(queryId) + "-" + e.getKey() + ext);
      try {
        Files.createDirectories(dir);
        Files.write(file, e.getValue().bytes());
        out.put(e.getKey(), file.toString());
      } catch (IOException ex) {
        throw new UncheckedIOException(new IOException("Cannot save example image " + file + ": " + ex, ex));
      }
    }
    return out;
  }

  private Map<String, Object> provenance(Paracosm paracosm, Encoder encoder, Captioner captioner, ImageEditor editor,
      TextToImage t2i, GenerationSettings settings, IndexReport ir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("paracosm_version", version());
    m.put("java_version", System.getProperty("java.version"));
    m.put("encoder_id", encoder.modelId());
    m.put("encoder_dimension", encoder.dimension());
    if (captioner != null) {
      m.put("captioner_id", captioner.modelId());
    }
    if (editor != null) {
      m.put("image_editor_id", editor.modelId());
    }
    if (t2i != null) {
      m.put("text_to_image_id", t2i.modelId());
    }
    m.put("generation_settings", ResultsLog.JSON.convertValue(settings, Map.class));
    m.put("index_directory", paracosm.indexDirectory().toString());
    m.put("gallery_items", ir.total());
    m.put("gallery_failures", ir.failures().size());
    m.put("data_root", config.dataRoot() == null ? null : config.dataRoot().toString());
    m.put("role_counters", new LinkedHashMap<>(paracosm.counters()));
    return m;
  }

  static String version() {
    String v = ExperimentRunner.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }

  private Path writeComputeReport(ComputeReport compute) {
    String base = resultsFile.getFileName().toString().replaceFirst("\\.jsonl$", "");
    Path dir = resultsFile.toAbsolutePath().getParent();
    Path md = dir.resolve(base + ".compute.md");
    Path json = dir.resolve(base + ".compute.json");
    try {
      Files.writeString(md, "# Compute report: " + config.name() + "\n\n" + compute.toMarkdown(), StandardCharsets.UTF_8);
      ResultsLog.JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), compute);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot write compute report " + md + ": " + e.getMessage(), e);
    }
    return md;
  }

  static String slug(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      String clean = s.replaceAll("[^A-Za-z0-9._-]+", "_");
      if (clean.length() > 40) {
        clean = clean.substring(0, 40);
      }
      return clean + "-" + HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builder for {@link ExperimentRunner}. */
  public static final class Builder {
    private ExperimentConfig config;
    private Path resultsFile;
    private Path workDirectory;
    private ProgressListener progress;
    private ProgressListener indexProgress;
    private ProgressListener queryProgress;
    private EvalTask.Source tasks;
    private RoleSource roles;
    private Map<String, String> providerOptions = Map.of();
    private Function<String, String> env = ExperimentRunner::setting;
    private int concurrency = 4;
    private ExperimentConfig.RoleSpecs roleSpecs;
    private Function<String, Encoder> encoderFactory;
    private RankingListener rankingListener;
    private Path indexBase;
    private Path artifactDirectory;
    private boolean generativeGiven;
    private Captioner captioner;
    private ImageEditor imageEditor;
    private TextToImage textToImage;

    private Builder() {}

    /**
     * Uses these generative role instances instead of creating them from specs (the runner does not
     * close them; {@code null} means the role is absent).
     *
     * @param captioner captioner or {@code null}
     * @param imageEditor image editor or {@code null}
     * @param textToImage text-to-image model or {@code null}
     * @return this
     */
    public Builder generativeRoles(Captioner captioner, ImageEditor imageEditor, TextToImage textToImage) {
      this.generativeGiven = true;
      this.captioner = captioner;
      this.imageEditor = imageEditor;
      this.textToImage = textToImage;
      return this;
    }

    /**

     * @param v parent of the per-(subset, encoder, generation) index directories (default {@code <work>/index})

     * @return this

     */
    public Builder indexBaseDirectory(Path v) { indexBase = v; return this; }
    /**
     * @param v artifact cache shared by every pipeline of the run (default {@code <work>/artifacts})
     * @return this
     */
    public Builder artifactDirectory(Path v) { artifactDirectory = v; return this; }

    /**

     * @param v generative role specs overriding the config's (null entries keep the config's / env)

     * @return this

     */
    public Builder roleSpecs(ExperimentConfig.RoleSpecs v) { roleSpecs = v; return this; }
    /**
     * @param v creates an encoder from a spec (default: the providers on the classpath); the runner closes it
     * @return this
     */
    public Builder encoderFactory(Function<String, Encoder> v) { encoderFactory = v; return this; }
    /**
     * @param v receives every point's rankings (e.g. to write test-server submissions)
     * @return this
     */
    public Builder rankingListener(RankingListener v) { rankingListener = v; return this; }

    /**

     * @param v the experiment (required)

     * @return this

     */
    public Builder config(ExperimentConfig v) { config = v; return this; }
    /**
     * @param v the JSONL results file (required; appended to, resumed from)
     * @return this
     */
    public Builder resultsFile(Path v) { resultsFile = v; return this; }
    /**
     * @param v directory for indexes, the artifact cache and example images (default {@code <results dir>/<name>-work})
     * @return this
     */
    public Builder workDirectory(Path v) { workDirectory = v; return this; }
    /**
     * @param v progress over points
     * @return this
     */
    public Builder progress(ProgressListener v) { progress = v; return this; }
    /**
     * @param v progress of gallery indexing
     * @return this
     */
    public Builder indexProgress(ProgressListener v) { indexProgress = v; return this; }

    /**
     * @param v progress of query generation and encoding
     * @return this
     */
    public Builder queryProgress(ProgressListener v) { queryProgress = v; return this; }
    /**
     * @param v options passed to role providers
     * @return this
     */
    public Builder providerOptions(Map<String, String> v) { providerOptions = Map.copyOf(v); return this; }
    /**
     * @param v gallery items indexed concurrently
     * @return this
     */
    public Builder concurrency(int v) {
      if (v < 1) {
        throw new ConfigurationException("concurrency must be >= 1, got " + v);
      }
      concurrency = v;
      return this;
    }
    Builder tasks(EvalTask.Source v) { tasks = v; return this; }
    Builder roles(RoleSource v) { roles = v; return this; }
    Builder env(Function<String, String> v) { env = v; return this; }

    /** @return the runner */
    public ExperimentRunner build() {
      return new ExperimentRunner(this);
    }
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
}
