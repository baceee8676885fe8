package dev.paracosm.examples;

import dev.paracosm.Gallery;
import dev.paracosm.Hit;
import dev.paracosm.IndexReport;
import dev.paracosm.Paracosm;
import dev.paracosm.Query;
import dev.paracosm.SearchOptions;
import dev.paracosm.fusion.Mode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * E-commerce catalog search: index a product folder with a progress bar, then query with a customer's
 * photo plus a text ("like this, but in red"), optionally restricted by product metadata.
 *
 * <pre>{@code
 * mvn -q -pl paracosm-examples -am test-compile exec:java -Dexec.mainClass=dev.paracosm.examples.CatalogSearch \
 *   -Dexec.args="path/to/catalog path/to/photo.jpg 'same but in red' --filter category=dress --encoder histogram:"
 * }</pre>
 *
 * <p>The catalog folder holds the product images (id = file name without extension) and optionally
 * {@code metadata.json} mapping ids to string metadata, e.g. {@code {"red-dress-01": {"category":
 * "dress", "price_band": "mid"}}}. Arguments: {@code <catalog-dir> <photo> <text>}, then optionally
 * {@code --filter EXPR} (e.g. {@code category=dress}, {@code category=dress,price_band=low|mid}, {@code
 * category!=shoe}), {@code --k N} (default 10), {@code --encoder SPEC} (else {@code PARACOSM_ENCODER}),
 * {@code --mode ID} (default {@code baseline_image_text}), {@code --lambda L} (Paracosm's λ, default
 * 0.3), {@code --index DIR} (else {@code PARACOSM_INDEX_DIR} or {@code ./paracosm-index}) and {@code
 * --concurrency N} (items indexed concurrently, default 4). Hits print with their category and price
 * band; the progress bar and failures go to stderr.
 */
public final class CatalogSearch {
  static final String USAGE = "Usage: CatalogSearch <catalog-dir> <photo> <text> [--filter EXPR] [--k N]"
      + " [--encoder SPEC] [--mode ID] [--lambda L] [--index DIR] [--concurrency N]";

  private CatalogSearch() {}

  /**
   * @param args see the class comment
   */
  public static void main(String[] args) {
    run(args, System.out, System.err);
  }

  /**
   * Indexes the catalog and runs the query.
   *
   * @param args see the class comment
   * @param out where results are printed
   * @param err where the progress bar and failures are drawn
   * @return the hits, best first
   */
  static List<Hit> run(String[] args, PrintStream out, PrintStream err) {
    Args a = Args.parse(args, Set.of("filter", "k", "encoder", "mode", "lambda", "index", "concurrency"), USAGE);
    List<String> p = a.positionals(3, USAGE);
    Path catalog = Path.of(p.get(0));
    Paracosm.Builder builder = Paracosm.builder()
        .mode(Mode.fromId(a.option("mode") != null ? a.option("mode") : Mode.BASELINE_IMAGE_TEXT.id()))
        .concurrency(a.intOption("concurrency", 4, 1));
    if (a.option("lambda") != null) {
      builder.lambda(parseLambda(a.option("lambda")));
    }
    if (a.option("encoder") != null) {
      builder.encoder(a.option("encoder"));
    }
    if (a.option("index") != null) {
      builder.indexDirectory(Path.of(a.option("index")));
    }
    Gallery gallery = Gallery.fromDirectory(catalog);
    try (Paracosm paracosm = builder.build()) {
      err.println("Indexing " + gallery.size() + " products from " + catalog + " into " + paracosm.indexDirectory());
      IndexReport report = paracosm.index(gallery, new ConsoleProgressBar(err));
      out.printf("indexed %d, already indexed %d, failed %d of %d%n", report.indexed(), report.skipped(),
          report.failures().size(), report.total());
      SearchOptions options = SearchOptions.defaults().withFilter(a.option("filter"));
      List<Hit> hits = paracosm.search(Query.of(Path.of(p.get(1)), p.get(2)), a.intOption("k", 10, 1), options);
      out.printf("%-4s %-30s %-8s %-14s %s%n", "rank", "product", "score", "category", "price_band");
      for (Hit hit : hits) {
        Map<String, String> m = hit.metadata();
        out.printf("%-4d %-30s %-8.4f %-14s %s%n", hit.rank(), hit.id(), hit.score(),
            m.getOrDefault("category", "-"), m.getOrDefault("price_band", "-"));
      }
      if (hits.isEmpty()) {
        out.println("no product matches filter '" + a.option("filter") + "'");
      }
      return hits;
    }
  }

  private static double parseLambda(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new dev.paracosm.InvalidInputException("Option '--lambda' must be a number in [0, 1], got '" + s + "'",
          e);
    }
  }
}
