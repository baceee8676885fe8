package dev.paracosm.examples;

import dev.paracosm.Gallery;
import dev.paracosm.Hit;
import dev.paracosm.Paracosm;
import dev.paracosm.ProgressListener;
import dev.paracosm.Query;
import dev.paracosm.fusion.Mode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Quickstart: index a folder of images, run one composed query (reference image + modification text),
 * print the hits.
 *
 * <pre>{@code
 * mvn -q -pl paracosm-examples -am test-compile exec:java -Dexec.mainClass=dev.paracosm.examples.Quickstart \
 *   -Dexec.args="path/to/catalog path/to/ref.jpg 'same dress but red' --encoder histogram:"
 * }</pre>
 *
 * <p>Arguments: {@code <gallery-dir> <reference-image> <modification-text>}, then optionally {@code
 * --encoder SPEC} (else {@code PARACOSM_ENCODER}; {@code histogram:} is the example plugin, {@code hf:}
 * and {@code dir:} load CLIP/SigLIP checkpoints when paracosm-models provides them), {@code --mode ID}
 * (default {@code baseline_image_text}, which needs no generative model; {@code paracosm} needs
 * {@code PARACOSM_CAPTIONER}, {@code PARACOSM_IMAGE_EDITOR} and {@code PARACOSM_TEXT_TO_IMAGE}),
 * {@code --index DIR} (else {@code PARACOSM_INDEX_DIR} or {@code ./paracosm-index}) and {@code --k N}
 * (default 5). Indexing is incremental: a second run reuses the index.
 */
public final class Quickstart {
  static final String USAGE = "Usage: Quickstart <gallery-dir> <reference-image> <modification-text>"
      + " [--encoder SPEC] [--mode ID] [--index DIR] [--k N]";

  private Quickstart() {}

  /**
   * @param args see the class comment
   */
  public static void main(String[] args) {
    run(args, System.out);
  }

  /**
   * Runs the quickstart.
   *
   * @param args see the class comment
   * @param out where the hits are printed
   * @return the hits, best first
   */
  static List<Hit> run(String[] args, PrintStream out) {
    Args a = Args.parse(args, Set.of("encoder", "mode", "index", "k"), USAGE);
    List<String> p = a.positionals(3, USAGE);
    Paracosm.Builder builder = Paracosm.builder()
        .mode(Mode.fromId(a.option("mode") != null ? a.option("mode") : Mode.BASELINE_IMAGE_TEXT.id()));
    if (a.option("encoder") != null) {
      builder.encoder(a.option("encoder"));
    }
    if (a.option("index") != null) {
      builder.indexDirectory(Path.of(a.option("index")));
    }
    // The quickstart proper: build, index, search.
    try (Paracosm paracosm = builder.build()) {
      paracosm.index(Gallery.fromDirectory(Path.of(p.get(0))), ProgressListener.NONE);
      List<Hit> hits = paracosm.search(Query.of(Path.of(p.get(1)), p.get(2)), a.intOption("k", 5, 1));
      for (Hit hit : hits) {
        out.printf("%2d. %-30s %.4f%n", hit.rank(), hit.id(), hit.score());
      }
      return hits;
    }
  }
}
