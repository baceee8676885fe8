package dev.paracosm.eval.cli;

import dev.paracosm.Gallery;
import dev.paracosm.IndexReport;
import dev.paracosm.Paracosm;
import dev.paracosm.fusion.Mode;
import dev.paracosm.role.Encoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code paracosm index}: index a directory of images. */
@Command(name = "index", sortOptions = false, mixinStandardHelpOptions = true,
    header = "Index a directory of images so it can be searched.",
    description = {"Index a directory of images (png, jpg, jpeg, bmp, gif, webp) so it can be searched.",
        "Every component the chosen modes need is generated and encoded once; a rerun resumes where it stopped.",
        "An optional metadata.json in the directory maps image ids to key/values usable in --filter."},
    footerHeading = "%nExamples:%n",
    footer = {"  paracosm index catalog/ --index-dir catalog-index --mode baseline_image_only",
        "  paracosm index catalog/ --index-dir catalog-index --mode paracosm   # needs the generative roles"})
final class IndexCommand extends ParacosmCli.SubCommand {
  @Parameters(paramLabel = "DIR", description = "Directory of gallery images.")
  Path directory;

  @Option(names = "--mode", paramLabel = "MODE", split = ",",
      description = "Modes the index must support (repeatable or comma-separated). Default: baseline_image_only "
          + "when no generative role is configured, else paracosm.")
  List<String> modes = new ArrayList<>();

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
      description = "Items processed concurrently. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Mixin RoleOptions roles;

  @Override
  public Integer call() {
    CliContext ctx = top.context;
    Gallery gallery = Gallery.fromDirectory(directory);
    Set<Mode> wanted = EnumSet.noneOf(Mode.class);
    for (String m : modes) {
      wanted.add(Mode.fromId(m));
    }
    if (wanted.isEmpty()) {
      wanted.add(roles.captionerSpec(ctx) == null ? Mode.BASELINE_IMAGE_ONLY : Mode.PARACOSM);
    }
    ProgressBar bar = top.progress("index");
    try (Encoder encoder = ctx.encoderFactory.apply(roles.encoderSpec(ctx, null), Map.copyOf(roles.providerOptions));
        RoleOptions.Opened generative = roles.open(ctx);
        Paracosm paracosm = roles.builder(ctx, encoder, generative).mode(wanted.iterator().next()).modes(wanted)
            .concurrency(concurrency).build()) {
      IndexReport r;
      try {
        r = paracosm.index(gallery, bar);
      } finally {
        bar.close();
      }
      out().printf("Indexed %d of %d items (%d already indexed, %d failed) into %s for modes %s%n", r.indexed(),
          r.total(), r.skipped(), r.failures().size(), paracosm.indexDirectory(),
          wanted.stream().map(Mode::id).toList());
      r.failures().forEach((id, why) -> err().println("failed: " + id + ": " + ParacosmCli.oneLine(why)));
      return ParacosmCli.OK;
    }
  }
}
