package dev.paracosm.eval.experiment;

import dev.paracosm.BenchmarkDataException;
import dev.paracosm.ConfigurationException;
import dev.paracosm.Gallery;
import dev.paracosm.InvalidInputException;
import dev.paracosm.Query;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.benchmark.BenchmarkSubsets;
import dev.paracosm.eval.benchmark.Benchmarks;
import dev.paracosm.eval.benchmark.FashionIqCategory;
import dev.paracosm.eval.benchmark.GeneCisTask;
import dev.paracosm.eval.metrics.CirMetrics;
import dev.paracosm.image.ImageData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads {@link EvalTask}s from the official benchmark layouts through {@link Benchmarks} and scores
 * them with {@link CirMetrics}.
 *
 * <p>Data roots: CIRR and CIRCO as {@link Benchmarks#cirr}/{@link Benchmarks#circo} expect;
 * FashionIQ the root holding {@code captions/}, {@code image_splits/}, {@code images/}; GeneCIS a
 * folder holding the four {@code <task>.json} (directly or under {@code genecis/}) plus COCO
 * {@code val2017/} (or {@code coco2017/val2017/}) and Visual Genome images ({@code
 * Visual_Genome/VG_All/}, {@code VG_100K_all/}, ...).
 */
final class BenchmarkTasks {
  private BenchmarkTasks() {}

  static List<EvalTask> load(ExperimentConfig config, Path workDirectory) {
    Path root = config.dataRoot();
    if (root == null) {
      throw new ConfigurationException("Experiment " + config.name()
          + " has no data root: set 'data_root' in the config or pass --data-root");
    }
    if (!Files.isDirectory(root)) {
      throw new BenchmarkDataException("Data root " + root + " of experiment " + config.name()
          + " does not exist or is not a directory");
    }
    Path crops = workDirectory.resolve("crops");
    List<EvalTask> out = new ArrayList<>();
    switch (config.dataset()) {
      case "cirr" -> out.add(new BenchmarkTask(Benchmarks.cirr(root, config.split()), null, "cirr", config, crops));
      case "circo" -> out.add(new BenchmarkTask(Benchmarks.circo(root, config.split()), null, "circo", config, crops));
      case "fashioniq" -> {
        List<String> cats = config.subsets().isEmpty()
            ? List.of("dress", "shirt", "toptee") : config.subsets();
        for (String c : cats) {
          FashionIqCategory cat = FashionIqCategory.fromId(c);
          out.add(new BenchmarkTask(Benchmarks.fashionIq(root, cat, config.split()), cat.id(), "fashioniq", config,
              crops));
        }
      }
      case "genecis" -> {
        List<String> tasks = config.subsets().isEmpty()
            ? List.of("focus_attribute", "change_attribute", "focus_object", "change_object") : config.subsets();
        Path annotations = Files.isDirectory(root.resolve("genecis")) ? root.resolve("genecis") : root;
        for (String t : tasks) {
          GeneCisTask task = GeneCisTask.fromId(t);
          Path images = task.isAttributeTask()
              ? first(root, "Visual_Genome/VG_All", "Visual_Genome/VG_100K_all", "VG_100K_all", "VG_All")
              : first(root, "val2017", "coco2017/val2017", "GeneCIS/val2017");
          out.add(new BenchmarkTask(Benchmarks.geneCis(annotations, task, images), task.id(), "genecis/" + task.id(),
              config, crops));
        }
      }
      default -> throw new ConfigurationException("Unknown dataset '" + config.dataset() + "'");
    }
    return out;
  }

  private static Path first(Path root, String... candidates) {
    for (String c : candidates) {
      if (Files.isDirectory(root.resolve(c))) {
        return root.resolve(c);
      }
    }
    return root.resolve(candidates[0]);
  }

  /** One benchmark (or FashionIQ category / GeneCIS task) as an evaluation task. */
  static final class BenchmarkTask implements EvalTask {
    private static final int MISS_DEPTH = 50;
    private final Benchmark benchmark;
    private final String subset;
    private final String datasetHint;
    private final Path cropDir;
    private final List<EvalQuery> queries;

    BenchmarkTask(Benchmark full, String subset, String datasetHint, ExperimentConfig config, Path cropDir) {
      Integer limit = config.limit();
      this.benchmark = limit != null && full.queries().size() > limit ? BenchmarkSubsets.firstQueries(full, limit)
          : full;
      this.subset = subset;
      this.datasetHint = datasetHint;
      this.cropDir = cropDir.resolve(full.name());
      List<EvalQuery> qs = new ArrayList<>();
      for (BenchmarkQuery bq : benchmark.queries()) {
        qs.add(evalQuery(bq));
      }
      this.queries = List.copyOf(qs);
    }

    Benchmark benchmark() {
      return benchmark;
    }

    private EvalQuery evalQuery(BenchmarkQuery bq) {
      List<String> texts = bq.modificationTexts();
      Query.Builder b = Query.builder().id(bq.id()).reference(PLACEHOLDER).referenceId(bq.referenceId())
          .dataset(datasetHint).groupMembers(bq.groupMembers());
      bq.sharedConcept().ifPresent(b::sharedConcept);
      if (texts.size() >= 2) {
        // FashionIQ: T(t_mod) is the mean of both caption orders, symmetric in the two captions, so a
        // blank first caption (three val records) is swapped to second place.
        boolean swap = texts.get(0).isBlank() && !texts.get(1).isBlank();
        b.modificationText(swap ? texts.get(1) : texts.get(0)).secondCaption(swap ? texts.get(0) : texts.get(1));
      } else if (!texts.isEmpty()) {
        b.modificationText(texts.get(0));
      }
      if ("genecis/focus_object".equals(datasetHint) && !texts.isEmpty()) {
        b.tmodOverride("Focus on the object of " + texts.get(0)); // method.md §3.3 [C]
      }
      Query context;
      try {
        context = b.build();
      } catch (InvalidInputException e) {
        throw new BenchmarkDataException("Query " + bq.id() + " of " + benchmark.name() + " (" + benchmark.source()
            + ") has no usable modification text: " + texts, e);
      }
      List<String> candidates = benchmark.hasPerQueryGallery() ? bq.gallery() : List.of();
      return new EvalQuery(context, () -> benchmark.reference(bq).read(), bq.targetIds(), candidates,
          benchmark.kind().protocol() == dev.paracosm.fusion.Protocol.CIRR ? bq.groupMembers() : List.of());
    }

    @Override
    public String subset() {
      return subset;
    }

    private Gallery gallery;

    @Override
    public synchronized Gallery gallery() {
      if (gallery != null) {
        return gallery;
      }
      List<dev.paracosm.GalleryItem> items = new ArrayList<>();
      for (String id : benchmark.galleryIds()) {
        items.add(dev.paracosm.GalleryItem.of(id, file(benchmark.item(id)), Map.of(ID_KEY, id)));
      }
      gallery = Gallery.of(items);
      return gallery;
    }

    /** The image file of an item: its own file, or a cached PNG of its crop (GeneCIS attribute tasks). */
    private Path file(dev.paracosm.eval.benchmark.GalleryItem item) {
      if (item.crop().isEmpty()) {
        return item.path();
      }
      Path f = cropDir.resolve(item.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
      if (!Files.exists(f)) {
        ImageData crop = item.read();
        try {
          Files.createDirectories(cropDir);
          Path tmp = Files.createTempFile(cropDir, "crop", ".tmp");
          Files.write(tmp, crop.bytes());
          Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new BenchmarkDataException("Cannot write the crop of item " + item.id() + " to " + f + ": " + e, e);
        }
      }
      return f;
    }

    @Override
    public List<EvalQuery> queries() {
      return queries;
    }

    @Override
    public Path imagePath(String id) {
      try {
        return file(benchmark.item(id));
      } catch (RuntimeException e) {
        return null;
      }
    }

    /**
     * A ranking that scores a failed query as a miss at every reported cut-off: 50 gallery ids that
     * are neither targets nor the reference, then (CIRR) the other group members, then the targets.
     */
    private List<String> missRanking(EvalQuery q) {
      java.util.Set<String> avoid = new java.util.HashSet<>(q.targets());
      avoid.add(q.query().referenceId());
      java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
      List<String> pool = q.candidates().isEmpty() ? benchmark.galleryIds() : q.candidates();
      for (String id : pool) {
        if (out.size() >= MISS_DEPTH && q.candidates().isEmpty()) {
          break;
        }
        if (!avoid.contains(id)) {
          out.add(id);
        }
      }
      for (String id : q.groupMembers()) {
        if (!avoid.contains(id)) {
          out.add(id);
        }
      }
      out.addAll(q.targets());
      return List.copyOf(out);
    }

    @Override
    public Map<String, Double> metrics(List<QueryOutcome> outcomes) {
      if (!benchmark.hasGroundTruth()) {
        return Map.of();
      }
      Map<String, List<String>> rankings = new LinkedHashMap<>();
      for (QueryOutcome o : outcomes) {
        rankings.put(o.query().query().id(), o.failed() ? missRanking(o.query()) : o.mergedRanking());
      }
      return CirMetrics.evaluate(benchmark, rankings).values();
    }
  }
}
