package dev.paracosm.eval.cli;

import dev.paracosm.Hit;
import dev.paracosm.InvalidInputException;
import dev.paracosm.Paracosm;
import dev.paracosm.Query;
import dev.paracosm.SearchOptions;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Profile;
import dev.paracosm.fusion.Protocol;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.Encoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code paracosm search}: rank an indexed gallery for one composed query. */
@Command(name = "search", sortOptions = false, mixinStandardHelpOptions = true,
    header = "Search an index with a reference image and a modification text.",
    description = {"Search an indexed gallery with a reference image and a modification text.",
        "Prints one line per hit: rank, id, score and metadata."},
    footerHeading = "%nExamples:%n",
    footer = {"  paracosm search --index-dir idx --image ref.jpg --text \"the same dress but red\" -k 5",
        "  paracosm search --index-dir idx --image ref.jpg --text \"in blue\" --filter category=dress --mode "
            + "baseline_image_text"})
final class SearchCommand extends ParacosmCli.SubCommand {
  @Option(names = {"-i", "--image"}, required = true, paramLabel = "FILE", description = "Reference image.")
  Path image;

  @Option(names = {"-t", "--text"}, required = true, paramLabel = "TEXT", description = "Modification text.")
  String text;

  @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "Number of hits. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--filter", paramLabel = "EXPR",
      description = "Metadata filter, e.g. category=dress,price_band=low|mid.")
  String filter;

  @Option(names = "--exclude-id", paramLabel = "ID",
      description = "Gallery id of the reference image, removed from the hits (as on CIRR).")
  String excludeId;

  @Mixin FusionOptions fusion;
  @Mixin RoleOptions roles;

  @Override
  public Integer call() {
    CliContext ctx = top.context;
    if (k < 1) {
      throw new InvalidInputException("-k must be >= 1, got " + k);
    }
    if (!Files.isRegularFile(image)) {
      throw new InvalidInputException("Reference image " + image + " does not exist or is not a file");
    }
    FusionConfig f = fusion.fusion(Profile.CODE);
    Query q = Query.builder().reference(ImageData.read(image)).modificationText(text).referenceId(excludeId).build();
    try (Encoder encoder = ctx.encoderFactory.apply(roles.encoderSpec(ctx, null), Map.copyOf(roles.providerOptions));
        RoleOptions.Opened generative = roles.open(ctx);
        Paracosm paracosm = roles.builder(ctx, encoder, generative).fusion(f).build()) {
      Protocol protocol = excludeId == null ? Protocol.GENERIC : Protocol.CIRR;
      List<Hit> hits = paracosm.search(q, k, new SearchOptions(f, protocol, filter));
      for (Hit h : hits) {
        out().printf(Locale.ROOT, "%d\t%s\t%.6f%s%n", h.rank(), h.id(), h.score(),
            h.metadata().isEmpty() ? "" : "\t" + h.metadata());
      }
      if (hits.isEmpty()) {
        err().println("paracosm: no hits" + (filter == null ? "" : " (does the filter '" + filter + "' match any item?)"));
      }
      return ParacosmCli.OK;
    }
  }
}
