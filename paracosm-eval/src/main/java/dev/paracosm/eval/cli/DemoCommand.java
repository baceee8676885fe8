package dev.paracosm.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.Gallery;
import dev.paracosm.GenerationSettings;
import dev.paracosm.Hit;
import dev.paracosm.IndexReport;
import dev.paracosm.InvalidInputException;
import dev.paracosm.Paracosm;
import dev.paracosm.Query;
import dev.paracosm.QueryEncoding;
import dev.paracosm.SearchOptions;
import dev.paracosm.eval.report.QualitativeReport;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Protocol;
import dev.paracosm.fusion.QueryComponent;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.Encoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code paracosm demo}: index the bundled gallery and run a few composed queries. */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
    header = "Index a bundled gallery and run composed queries on it.",
    description = {"Index a small bundled gallery (15 public-domain images) and run composed queries on it,",
        "printing the ranked results and writing a self-contained HTML report.",
        "The encoder runs in process (default hf:openai/clip-vit-base-patch32, downloaded once into the Hugging Face "
            + "cache; use --encoder dir:<folder> for a local copy).",
        "The generative stages run only when their endpoints are set (PARACOSM_CAPTIONER, PARACOSM_IMAGE_EDITOR, "
            + "PARACOSM_TEXT_TO_IMAGE); without them the demo runs the baselines and says what it skipped."},
    footerHeading = "%nExamples:%n",
    footer = {"  paracosm demo",
        "  paracosm demo --encoder dir:/models/clip-vit-base-patch32 --work-dir /tmp/demo -k 3",
        "  PARACOSM_CAPTIONER=... PARACOSM_IMAGE_EDITOR=... PARACOSM_TEXT_TO_IMAGE=... paracosm demo"})
final class DemoCommand extends ParacosmCli.SubCommand {
  /** The encoder used when neither --encoder nor PARACOSM_ENCODER names one. */
  static final String DEFAULT_ENCODER = "hf:openai/clip-vit-base-patch32";
  static final String RESOURCES = "/dev/paracosm/demo/";
  static final List<Mode> BASELINES = List.of(Mode.BASELINE_IMAGE_ONLY, Mode.BASELINE_TEXT_ONLY,
      Mode.BASELINE_IMAGE_TEXT);

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "paracosm-demo",
      description = "Where the gallery is extracted and the index, cache and report are written. Default: ${DEFAULT-VALUE}.")
  Path workDir;

  @Option(names = "-k", paramLabel = "K", defaultValue = "5", description = "Hits per query. Default: ${DEFAULT-VALUE}.")
  int k;

  @Mixin RoleOptions roles;

  record DemoQuery(String id, String reference, String text, String target) {}

  @Override
  public Integer call() throws IOException {
    CliContext ctx = top.context;
    if (k < 1) {
      throw new InvalidInputException("-k must be >= 1, got " + k);
    }
    Path galleryDir = extractGallery(workDir.resolve("gallery"));
    List<DemoQuery> queries = queries();
    Gallery gallery = Gallery.fromDirectory(galleryDir);
    out().printf("Demo gallery: %d images in %s%n", gallery.size(), galleryDir);

    boolean cap = roles.captionerSpec(ctx) != null;
    boolean edit = roles.imageEditorSpec(ctx) != null;
    boolean t2i = roles.textToImageSpec(ctx) != null;
    String dbPrompt = ctx.env.apply("PARACOSM_PEFUSE_DATABASE_PROMPT");
    Set<Mode> modes = EnumSet.copyOf(BASELINES);
    List<String> skipped = new ArrayList<>();
    if (cap && edit && t2i) {
      modes.add(Mode.PARACOSM);
    } else {
      skipped.add("paracosm (mental image, t_query, synthetic counterparts): needs " + missing(cap, edit, t2i));
    }
    if (cap) {
      modes.add(Mode.PEFUSE_T2I);
    } else {
      skipped.add("pefuse_t2i (composed description): needs " + missing(false, true, true));
    }
    if (cap && edit) {
      modes.add(Mode.PEFUSE_I2I);
    } else {
      skipped.add("pefuse_i2i (edited image): needs " + missing(cap, edit, true));
    }
    if (cap && dbPrompt != null) {
      modes.add(Mode.PEFUSE_T2T);
      if (edit) {
        modes.add(Mode.PEFUSE_I2T);
      }
    } else {
      skipped.add("pefuse_t2t / pefuse_i2t (gallery captions): need "
          + (cap ? "" : "PARACOSM_CAPTIONER and ") + "PARACOSM_PEFUSE_DATABASE_PROMPT (PEFUSE's caption prompt is "
          + "unpublished, so you choose it)");
    }

    String spec = roles.encoderSpec(ctx, DEFAULT_ENCODER);
    out().println("Encoder: " + spec);
    GenerationSettings settings = GenerationSettings.defaults();
    if (dbPrompt != null) {
      settings = settings.withPefuseDatabasePrompt(dbPrompt);
    }
    List<QualitativeReport.Entry> entries = new ArrayList<>();
    try (Encoder encoder = ctx.encoderFactory.apply(spec, Map.copyOf(roles.providerOptions));
        RoleOptions.Opened generative = roles.open(ctx);
        Paracosm paracosm = roles.builder(ctx, encoder, generative)
            .indexDirectory(roles.indexDirectory(ctx, workDir.resolve("index").resolve(indexName(spec))))
            .artifactDirectory(roles.cacheDirectory(ctx, workDir.resolve("artifacts")))
            .mode(modes.contains(Mode.PARACOSM) ? Mode.PARACOSM : Mode.BASELINE_IMAGE_TEXT)
            .modes(modes).generation(settings).build()) {
      ProgressBar bar = top.progress("index");
      IndexReport ir;
      try {
        ir = paracosm.index(gallery, bar);
      } finally {
        bar.close();
      }
      out().printf("Indexed %d images (%d already indexed, %d failed)%n", ir.indexed(), ir.skipped(),
          ir.failures().size());
      ir.failures().forEach((id, why) -> err().println("failed: " + id + ": " + ParacosmCli.oneLine(why)));
      Set<QueryComponent> components = new LinkedHashSet<>();
      for (Mode m : modes) {
        components.addAll(Paracosm.componentsFor(FusionConfig.of(m)));
      }
      for (DemoQuery dq : queries) {
        Path ref = galleryDir.resolve(fileOf(galleryDir, dq.reference()));
        Query q = Query.builder().id(dq.id()).reference(ImageData.read(ref)).modificationText(dq.text())
            .referenceId(dq.reference()).build();
        out().printf("%nQuery %s: reference '%s' + \"%s\" (expected: %s)%n", dq.id(), dq.reference(), dq.text(),
            dq.target());
        QueryEncoding enc;
        try {
          enc = paracosm.encodeQuery(q, components);
        } catch (dev.paracosm.GenerationFailedException e) {
          err().println("  generation failed, query skipped: " + ParacosmCli.oneLine(e.getMessage()));
          continue;
        }
        for (Mode m : modes) {
          List<Hit> hits = new ArrayList<>();
          for (Hit h : paracosm.searchEncoded(List.of(enc), List.of(q), k + 1,
              new SearchOptions(FusionConfig.of(m), Protocol.GENERIC, null)).get(0)) {
            if (!h.id().equals(dq.reference()) && hits.size() < k) {
              hits.add(new Hit(hits.size() + 1, h.id(), h.score(), h.metadata()));
            }
          }
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-20s", m.id()));
          List<QualitativeReport.HitView> views = new ArrayList<>();
          for (Hit h : hits) {
            boolean target = h.id().equals(dq.target());
            line.append(String.format(Locale.ROOT, " %d. %s (%.3f)%s", h.rank(), h.id(), h.score(), target ? " ✓" : ""));
            views.add(new QualitativeReport.HitView(h.id(), ImageData.read(galleryDir.resolve(fileOf(galleryDir, h.id()))),
                h.score(), target));
          }
          out().println(line);
          entries.add(new QualitativeReport.Entry(dq.id() + " · " + m.id(), q.reference(), dq.text(),
              QualitativeReport.onlyUsedBy(m.id(), enc.texts()), QualitativeReport.onlyUsedBy(m.id(), enc.images()),
              views, List.of(dq.target())));
        }
      }
    }
    out().println();
    if (skipped.isEmpty()) {
      out().println("Every Paracosm and PEFUSE stage ran.");
    } else {
      out().println("Skipped stages (no generative endpoints configured):");
      skipped.forEach(s -> out().println("  - " + s));
      out().println("Set the PARACOSM_* variables above to OpenAI-compatible endpoint specs (see docs/serving.md) and "
          + "rerun to add them; the index resumes, only the new components are computed.");
    }
    Path report = workDir.resolve("demo-report.html");
    QualitativeReport.write("Paracosm demo", entries, report);
    out().println("HTML report: " + report.toAbsolutePath());
    return ParacosmCli.OK;
  }

  /** A directory name per encoder spec (an index holds one encoder's embeddings). */
  static String indexName(String spec) {
    String clean = spec.replaceAll("[^A-Za-z0-9._-]+", "_");
    return clean.length() <= 80 ? clean : clean.substring(clean.length() - 60) + "-" + Integer.toHexString(spec.hashCode());
  }

  private static String missing(boolean cap, boolean edit, boolean t2i) {
    List<String> m = new ArrayList<>();
    if (!cap) {
      m.add("PARACOSM_CAPTIONER");
    }
    if (!edit) {
      m.add("PARACOSM_IMAGE_EDITOR");
    }
    if (!t2i) {
      m.add("PARACOSM_TEXT_TO_IMAGE");
    }
    return String.join(", ", m);
  }

  private static String fileOf(Path dir, String id) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(id + ".")).findFirst()
          .orElseThrow(() -> new InvalidInputException("Demo image '" + id + "' is not in " + dir));
    }
  }

  /** Copies the bundled images (and their licences) into {@code dir}, keeping files already there. */
  static Path extractGallery(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> names = new ArrayList<>(List.of(resourceText("gallery/files.txt").split("\\R")));
    names.removeIf(String::isBlank);
    names.add("LICENSES.md");
    for (String name : names) {
      Path target = dir.resolve(name.strip());
      if (Files.exists(target)) {
        continue;
      }
      try (InputStream in = resource("gallery/" + name.strip())) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  static List<DemoQuery> queries() throws IOException {
    JsonNode root = new ObjectMapper().readTree(resourceText("demo-queries.json"));
    List<DemoQuery> out = new ArrayList<>();
    for (JsonNode n : root) {
      out.add(new DemoQuery(n.get("id").asText(), n.get("reference").asText(), n.get("text").asText(),
          n.get("target").asText()));
    }
    return out;
  }

  private static InputStream resource(String name) {
    InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IllegalStateException("Bundled demo resource " + RESOURCES + name + " is missing from the jar");
    }
    return in;
  }

  private static String resourceText(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

}
