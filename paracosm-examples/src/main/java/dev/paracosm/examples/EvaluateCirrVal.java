package dev.paracosm.examples;

import dev.paracosm.Gallery;
import dev.paracosm.GalleryItem;
import dev.paracosm.Hit;
import dev.paracosm.IndexReport;
import dev.paracosm.InvalidInputException;
import dev.paracosm.Paracosm;
import dev.paracosm.Query;
import dev.paracosm.SearchOptions;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.benchmark.Benchmarks;
import dev.paracosm.eval.metrics.CirMetrics;
import dev.paracosm.eval.metrics.MetricReport;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Protocol;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates on the CIRR validation split: loads the official annotations, indexes the val gallery,
 * ranks every query and prints the official metrics (Recall@1/5/10/50, Recall_subset@1/2/3 and their
 * average of Recall@5 and Recall_subset@1), in percent.
 *
 * <pre>{@code
 * mvn -q -pl paracosm-examples -am test-compile exec:java -Dexec.mainClass=dev.paracosm.examples.EvaluateCirrVal \
 *   -Dexec.args="path/to/CIRR --encoder hf:openai/clip-vit-base-patch32 --mode baseline_image_text"
 * }</pre>
 *
 * <p>The CIRR root holds {@code captions/cap.rc2.val.json}, {@code image_splits/split.rc2.val.json}
 * (or both under {@code cirr/}) and the images at the relative paths the split names ({@code
 * dev/*.png}). Options: {@code --encoder SPEC} (else {@code PARACOSM_ENCODER}), {@code --mode ID}
 * (default {@code baseline_image_text}; {@code paracosm} and the PEFUSE modes need the generative roles
 * from {@code PARACOSM_CAPTIONER}, {@code PARACOSM_IMAGE_EDITOR}, {@code PARACOSM_TEXT_TO_IMAGE}),
 * {@code --lambda L} (default 0.3), {@code --index DIR} (else {@code PARACOSM_INDEX_DIR} or {@code
 * ./paracosm-index}) and {@code --concurrency N}. Every query is ranked against the whole gallery
 * (the metrics remove the reference image, as CIRR's protocol prescribes). Indexing is resumable and
 * generated outputs are cached, so a rerun with another mode or λ only re-ranks. For grids of modes
 * and λ values, tables and plots, use the experiment runner of {@code paracosm-eval} instead.
 */
public final class EvaluateCirrVal {
  static final String USAGE = "Usage: EvaluateCirrVal <cirr-root> [--encoder SPEC] [--mode ID] [--lambda L]"
      + " [--index DIR] [--concurrency N]";
  /** Queries ranked per batch: bounds the hits held at once to this many full rankings. */
  static final int QUERY_BATCH = 128;

  private EvaluateCirrVal() {}

  /**
   * @param args see the class comment
   */
  public static void main(String[] args) {
    run(args, System.out, System.err);
  }

  /**
   * Loads CIRR val, indexes its gallery, ranks every query and prints the metrics.
   *
   * @param args see the class comment
   * @param out where the metrics are printed
   * @param err where the progress bar is drawn
   * @return the metric report
   */
  static MetricReport run(String[] args, PrintStream out, PrintStream err) {
    Args a = Args.parse(args, Set.of("encoder", "mode", "lambda", "index", "concurrency"), USAGE);
    Path root = Path.of(a.positionals(1, USAGE).get(0));
    Benchmark cirr = Benchmarks.cirr(root, "val");
    Mode mode = Mode.fromId(a.option("mode") != null ? a.option("mode") : Mode.BASELINE_IMAGE_TEXT.id());
    FusionConfig fusion = FusionConfig.of(mode).withLambda(lambda(a.option("lambda")));
    Paracosm.Builder builder = Paracosm.builder().fusion(fusion).concurrency(a.intOption("concurrency", 4, 1));
    if (a.option("encoder") != null) {
      builder.encoder(a.option("encoder"));
    }
    if (a.option("index") != null) {
      builder.indexDirectory(Path.of(a.option("index")));
    }

    List<GalleryItem> items = new ArrayList<>(cirr.galleryIds().size());
    for (String id : cirr.galleryIds()) {
      items.add(GalleryItem.of(id, cirr.item(id).path()));
    }
    try (Paracosm paracosm = builder.build()) {
      err.println("CIRR val: " + items.size() + " gallery images, " + cirr.queries().size() + " queries, mode "
          + mode.id() + (mode.isParacosm() ? ", lambda " + fusion.lambda() : ""));
      IndexReport report = paracosm.index(Gallery.of(items), new ConsoleProgressBar(err));
      if (!report.failures().isEmpty()) {
        throw new InvalidInputException("CIRR val gallery images failed to index under " + root + ": "
            + report.failures());
      }
      Map<String, List<String>> rankings = new LinkedHashMap<>();
      List<BenchmarkQuery> queries = cirr.queries();
      SearchOptions options = SearchOptions.of(fusion).withProtocol(Protocol.GENERIC);
      for (int start = 0; start < queries.size(); start += QUERY_BATCH) {
        List<BenchmarkQuery> batch = queries.subList(start, Math.min(queries.size(), start + QUERY_BATCH));
        List<Query> composed = new ArrayList<>(batch.size());
        for (BenchmarkQuery q : batch) {
          composed.add(Query.builder().id("cirr-val-" + q.id()).reference(cirr.reference(q).read())
              .modificationText(q.modificationText()).referenceId(q.referenceId())
              .groupMembers(q.groupMembers()).dataset("cirr").build());
        }
        List<List<Hit>> hits = paracosm.searchBatch(composed, items.size(), options);
        for (int i = 0; i < batch.size(); i++) {
          rankings.put(batch.get(i).id(), hits.get(i).stream().map(Hit::id).toList());
        }
        err.print("\rranked " + Math.min(queries.size(), start + QUERY_BATCH) + "/" + queries.size());
      }
      err.println();
      MetricReport metrics = CirMetrics.evaluate(cirr, rankings);
      metrics.values().forEach((name, value) -> out.printf("%-18s %6.2f%n", name, value));
      return metrics;
    }
  }

  private static double lambda(String s) {
    if (s == null) {
      return FusionConfig.DEFAULT_LAMBDA;
    }
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("Option '--lambda' must be a number in [0, 1], got '" + s + "'", e);
    }
  }
}
