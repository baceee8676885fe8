package dev.paracosm.eval.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.paracosm.ConfigurationException;
import dev.paracosm.GenerationSettings;
import dev.paracosm.ParacosmException;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Profile;
import dev.paracosm.fusion.Protocol;
import dev.paracosm.fusion.QueryComponent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A declarative experiment: one dataset and split, the modes, encoders, λ grid, ablation part sets,
 * profile, protocol and generation-parameter sweeps to evaluate. Read from JSON or YAML with
 * {@link #load(Path)} or {@link #parse(String, String)}; every field uses snake_case:
 *
 * <pre>{@code
 * name: lambda_sweep
 * dataset: cirr                 # cirr | circo | fashioniq | genecis
 * data_root: /data/CIRR         # optional here; the CLI's --data-root overrides it
 * split: val
 * subsets: [dress, shirt]       # FashionIQ categories / GeneCIS tasks (default: all)
 * modes: [paracosm, baseline_image_only]
 * encoders: [hf:openai/clip-vit-base-patch32]
 * lambdas: [0.0, 0.1, 0.3, 0.5, 1.0]
 * profile: code                 # default: code (code_genecis on GeneCIS)
 * protocol: cirr                # default: the dataset's
 * k: 50
 * limit: 100                    # optional: first N queries only
 * qualitative: 8                # optional: keep N example queries per point for the HTML report
 * ablations:
 *   - {name: "t_query | I", query_parts: [t_query], db_parts: [image]}
 * generation:
 *   mllm_temperature: [0.1, 0.5]
 *   mllm_top_p: [0.9]
 *   mllm_top_k: [50]
 *   diffusion_steps: [30]
 *   diffusion_guidance: [7.5]
 *   diffusion_image_guidance: [3.0]
 *   pefuse_instruction: [composed, raw_modification]
 *   pefuse_database_prompt: ["Describe the image in one sentence."]
 * roles: {captioner: "vllm:...", image_editor: "...", text_to_image: "..."}
 * }</pre>
 *
 * @param name experiment name (default: the file name without extension)
 * @param dataset {@code cirr}, {@code circo}, {@code fashioniq} or {@code genecis}
 * @param dataRoot benchmark root directory, or {@code null} when given at run time
 * @param split benchmark split
 * @param subsets FashionIQ categories or GeneCIS tasks; empty for all
 * @param modes retrieval modes
 * @param encoders encoder spec strings; empty to use {@code PARACOSM_ENCODER}
 * @param lambdas λ grid (Paracosm mode only)
 * @param profile normalisation profile, or {@code null} for the dataset default
 * @param protocol ranking protocol, or {@code null} for the dataset's
 * @param k ranking depth kept per query (at least 50 for the papers' metrics)
 * @param limit evaluate only the first {@code limit} queries, or {@code null} for all
 * @param qualitative example queries kept per point for the HTML report
 * @param ablations Paracosm ablation part sets; empty for the full method
 * @param generation generation-parameter sweeps
 * @param roles generative role specs ({@code null} entries fall back to {@code PARACOSM_*})
 */
public record ExperimentConfig(
    String name,
    String dataset,
    Path dataRoot,
    String split,
    List<String> subsets,
    List<Mode> modes,
    List<String> encoders,
    List<Double> lambdas,
    Profile profile,
    Protocol protocol,
    int k,
    Integer limit,
    int qualitative,
    List<Ablation> ablations,
    GenerationSweep generation,
    RoleSpecs roles) {

  /** The datasets an experiment can name. */
  public static final List<String> DATASETS = List.of("cirr", "circo", "fashioniq", "genecis");

  private static final Set<String> FIELDS = Set.of("name", "dataset", "data_root", "split", "subsets", "modes",
      "encoders", "lambdas", "profile", "protocol", "k", "limit", "qualitative", "ablations", "generation", "roles");
  private static final Set<String> GENERATION_FIELDS = Set.of("mllm_temperature", "mllm_top_p", "mllm_top_k",
      "diffusion_steps", "diffusion_guidance", "diffusion_image_guidance", "pefuse_instruction",
      "pefuse_database_prompt");
  private static final Set<String> ROLE_FIELDS = Set.of("captioner", "image_editor", "text_to_image");
  private static final Set<String> ABLATION_FIELDS = Set.of("name", "query_parts", "db_parts");

  /** Validates and copies. */
  public ExperimentConfig {
    Objects.requireNonNull(dataset, "dataset");
    subsets = List.copyOf(subsets);
    modes = List.copyOf(modes);
    encoders = List.copyOf(encoders);
    lambdas = List.copyOf(lambdas);
    ablations = List.copyOf(ablations);
    generation = generation == null ? GenerationSweep.none() : generation;
    roles = roles == null ? new RoleSpecs(null, null, null) : roles;
    if (modes.isEmpty()) {
      throw new ConfigurationException("Experiment " + name + ": field 'modes' is empty");
    }
    if (lambdas.isEmpty()) {
      throw new ConfigurationException("Experiment " + name + ": field 'lambdas' is empty");
    }
  }

  /**
   * A Paracosm ablation: which query and gallery components the fusion uses (method.md §4.2).
   *
   * @param name row label in reports
   * @param queryParts query components
   * @param dbParts gallery components
   */
  public record Ablation(String name, Set<QueryComponent> queryParts, Set<GalleryComponent> dbParts) {
    /** Copies the sets. */
    public Ablation {
      queryParts = Set.copyOf(queryParts);
      dbParts = Set.copyOf(dbParts);
    }
  }

  /**
   * Generation-parameter sweeps; each list holds the values to try, empty for the default.
   *
   * @param temperature MLLM temperatures
   * @param topP MLLM top-p values
   * @param topK MLLM top-k values
   * @param steps diffusion step counts
   * @param guidance diffusion guidance scales
   * @param imageGuidance diffusion image guidance scales
   * @param instruction PEFUSE edit instruction choices
   * @param databasePrompt PEFUSE database-caption prompts
   */
  public record GenerationSweep(
      List<Double> temperature,
      List<Double> topP,
      List<Integer> topK,
      List<Integer> steps,
      List<Double> guidance,
      List<Double> imageGuidance,
      List<GenerationSettings.PefuseInstruction> instruction,
      List<String> databasePrompt) {
    /** Copies the lists. */
    public GenerationSweep {
      temperature = List.copyOf(temperature);
      topP = List.copyOf(topP);
      topK = List.copyOf(topK);
      steps = List.copyOf(steps);
      guidance = List.copyOf(guidance);
      imageGuidance = List.copyOf(imageGuidance);
      instruction = List.copyOf(instruction);
      databasePrompt = List.copyOf(databasePrompt);
    }

    /** @return no sweep: every generation setting at its default */
    public static GenerationSweep none() {
      return new GenerationSweep(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** @return the cartesian product of the lists, in declaration order (one default variant when all are empty) */
    public List<GenerationVariant> variants() {
      List<GenerationVariant> out = new ArrayList<>();
      for (Double t : orNull(temperature)) {
        for (Double p : orNull(topP)) {
          for (Integer kk : orNull(topK)) {
            for (Integer s : orNull(steps)) {
              for (Double g : orNull(guidance)) {
                for (Double ig : orNull(imageGuidance)) {
                  for (GenerationSettings.PefuseInstruction in : orNull(instruction)) {
                    for (String dp : orNull(databasePrompt)) {
                      out.add(new GenerationVariant(t, p, kk, s, g, ig, in, dp));
                    }
                  }
                }
              }
            }
          }
        }
      }
      return out;
    }

    private static <T> List<T> orNull(List<T> values) {
      List<T> out = new ArrayList<>(values);
      if (out.isEmpty()) {
        out.add(null);
      }
      return out;
    }
  }

  /**
   * Generative role specs.
   *
   * @param captioner captioner spec or {@code null}
   * @param imageEditor image editor spec or {@code null}
   * @param textToImage text-to-image spec or {@code null}
   */
  public record RoleSpecs(String captioner, String imageEditor, String textToImage) {}

  /** @return the profile used: the configured one, else {@code code_genecis} on GeneCIS and {@code code} elsewhere */
  public Profile effectiveProfile() {
    return profile != null ? profile : dataset.equals("genecis") ? Profile.CODE_GENECIS : Profile.CODE;
  }

  /** @return the protocol used: the configured one, else the dataset's */
  public Protocol effectiveProtocol() {
    return protocol != null ? protocol : Protocol.fromId(dataset);
  }

  /**
   * @param root a data root
   * @return a copy with that data root
   */
  public ExperimentConfig withDataRoot(Path root) {
    return new ExperimentConfig(name, dataset, root, split, subsets, modes, encoders, lambdas, profile, protocol, k,
        limit, qualitative, ablations, generation, roles);
  }

  /**
   * @param newLimit first N queries only, or {@code null} for all
   * @return a copy with that limit
   */
  public ExperimentConfig withLimit(Integer newLimit) {
    return new ExperimentConfig(name, dataset, dataRoot, split, subsets, modes, encoders, lambdas, profile, protocol,
        k, newLimit, qualitative, ablations, generation, roles);
  }

  /**
   * @param newEncoders encoder specs
   * @return a copy with those encoders
   */
  public ExperimentConfig withEncoders(List<String> newEncoders) {
    return new ExperimentConfig(name, dataset, dataRoot, split, subsets, modes, newEncoders, lambdas, profile,
        protocol, k, limit, qualitative, ablations, generation, roles);
  }

  /**
   * Reads a config file; {@code .yaml}/{@code .yml} as YAML, anything else as JSON.
   *
   * @param file the file
   * @return the validated config
   * @throws ConfigurationException naming the file and the offending field
   */
  public static ExperimentConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read experiment config " + file + ": " + e.getMessage(), e);
    }
    String fileName = file.getFileName().toString();
    String base = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    boolean yaml = fileName.endsWith(".yaml") || fileName.endsWith(".yml");
    return parse(text, yaml, file.toString(), base, file.toAbsolutePath().getParent());
  }

  /** Classpath folder of the bundled experiment configs. */
  public static final String BUNDLED = "/dev/paracosm/eval/experiments/";

  /**
   * Loads a config file, or a bundled config by name when no such file exists ({@code lambda_sweep}
   * or {@code lambda_sweep.yaml}; see {@link #BUNDLED}).
   *
   * @param fileOrName a path or a bundled config name
   * @return the validated config
   * @throws ConfigurationException if neither exists or the config is invalid
   */
  public static ExperimentConfig resolve(String fileOrName) {
    Path p = Path.of(fileOrName);
    if (Files.exists(p)) {
      return load(p);
    }
    String name = fileOrName.endsWith(".yaml") || fileOrName.endsWith(".json") ? fileOrName : fileOrName + ".yaml";
    try (java.io.InputStream in = ExperimentConfig.class.getResourceAsStream(BUNDLED + name)) {
      if (in == null) {
        throw new ConfigurationException("Experiment config " + fileOrName + " is neither a file nor a bundled config"
            + " (bundled: " + bundledNames() + ")");
      }
      String base = name.substring(0, name.lastIndexOf('.'));
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), true, "bundled:" + name,
          base, null);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read bundled config " + name + ": " + e.getMessage(), e);
    }
  }

  /** @return the names of the bundled configs */
  public static List<String> bundledNames() {
    try (java.io.InputStream in = ExperimentConfig.class.getResourceAsStream(BUNDLED + "INDEX")) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * @param text JSON or YAML text (JSON is valid YAML)
   * @param source a name for error messages
   * @return the validated config
   * @throws ConfigurationException naming the source and the offending field
   */
  public static ExperimentConfig parse(String text, String source) {
    return parse(text, true, source, "experiment", null);
  }

  private static ExperimentConfig parse(String text, boolean yaml, String source, String defaultName, Path baseDir) {
    JsonNode root;
    try {
      ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
      root = mapper.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ConfigurationException("Experiment config " + source + " is not valid " + (yaml ? "YAML" : "JSON")
          + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException("Experiment config " + source + " must be an object with at least 'dataset'");
    }
    Reader r = new Reader(source);
    r.checkFields(root, FIELDS, "");
    String name = r.string(root, "name", defaultName);
    String dataset = r.string(root, "dataset", null);
    if (dataset == null) {
      throw r.error("dataset", "is required (one of " + DATASETS + ")");
    }
    dataset = dataset.toLowerCase(Locale.ROOT);
    if (!DATASETS.contains(dataset)) {
      throw r.error("dataset", "must be one of " + DATASETS + ", got '" + dataset + "'");
    }
    String rootText = r.string(root, "data_root", null);
    Path dataRoot = null;
    if (rootText != null) {
      dataRoot = Path.of(rootText);
      if (!dataRoot.isAbsolute() && baseDir != null) {
        dataRoot = baseDir.resolve(dataRoot).normalize();
      }
    }
    String split = r.string(root, "split", defaultSplit(dataset));
    List<String> subsets = r.list(root, "subsets", "subsets", (n, f) -> r.text(n, f));
    List<Mode> modes = r.list(root, "modes", "modes", (n, f) -> r.parse(f, () -> Mode.fromId(r.text(n, f))));
    if (!root.has("modes")) {
      modes = List.of(Mode.PARACOSM);
    }
    List<String> encoders = r.list(root, "encoders", "encoders", (n, f) -> r.text(n, f));
    List<Double> lambdas = r.list(root, "lambdas", "lambdas", (n, f) -> {
      double v = r.number(n, f);
      if (!(v >= 0 && v <= 1)) {
        throw r.error(f, "values must be in [0, 1], got " + v);
      }
      return v;
    });
    if (!root.has("lambdas")) {
      lambdas = List.of(0.3);
    }
    String profileText = r.string(root, "profile", null);
    Profile profile = profileText == null ? null : r.parse("profile", () -> Profile.fromId(profileText));
    String protocolText = r.string(root, "protocol", null);
    Protocol protocol = protocolText == null ? null : r.parse("protocol", () -> Protocol.fromId(protocolText));
    int k = root.has("k") ? r.integer(root.get("k"), "k") : 50;
    if (k < 1) {
      throw r.error("k", "must be >= 1, got " + k);
    }
    Integer limit = root.has("limit") && !root.get("limit").isNull() ? r.integer(root.get("limit"), "limit") : null;
    if (limit != null && limit < 1) {
      throw r.error("limit", "must be >= 1, got " + limit);
    }
    int qualitative = root.has("qualitative") ? r.integer(root.get("qualitative"), "qualitative") : 0;
    if (qualitative < 0) {
      throw r.error("qualitative", "must be >= 0, got " + qualitative);
    }
    List<Ablation> ablations = new ArrayList<>();
    JsonNode abl = root.get("ablations");
    if (abl != null && !abl.isNull()) {
      if (!abl.isArray()) {
        throw r.error("ablations", "must be a list of {name, query_parts, db_parts}");
      }
      for (int i = 0; i < abl.size(); i++) {
        JsonNode a = abl.get(i);
        String field = "ablations[" + i + "]";
        if (!a.isObject()) {
          throw r.error(field, "must be an object {name, query_parts, db_parts}");
        }
        r.checkFields(a, ABLATION_FIELDS, field + ".");
        List<QueryComponent> qp = r.list(a, "query_parts", field + ".query_parts",
            (n, f) -> r.parse(f, () -> QueryComponent.fromId(r.text(n, f))));
        List<GalleryComponent> dp = r.list(a, "db_parts", field + ".db_parts",
            (n, f) -> r.parse(f, () -> GalleryComponent.fromId(r.text(n, f))));
        if (qp.isEmpty()) {
          throw r.error(field + ".query_parts", "must name at least one of mental_image, t_query, t_mod");
        }
        if (dp.isEmpty()) {
          throw r.error(field + ".db_parts", "must name at least one of image, syn_image, t_detailed, t_brief");
        }
        String an = r.string(a, "name", null);
        if (an == null) {
          an = qp.stream().map(QueryComponent::id).sorted().toList() + " | "
              + dp.stream().map(GalleryComponent::id).sorted().toList();
        }
        Ablation ab = new Ablation(an, new LinkedHashSet<>(qp), new LinkedHashSet<>(dp));
        try {
          new dev.paracosm.fusion.FusionConfig(Mode.PARACOSM, 0.3, Profile.CODE, ab.queryParts(), ab.dbParts());
        } catch (ParacosmException e) {
          throw r.error(field, e.getMessage());
        }
        ablations.add(ab);
      }
    }
    GenerationSweep gen = GenerationSweep.none();
    JsonNode g = root.get("generation");
    if (g != null && !g.isNull()) {
      if (!g.isObject()) {
        throw r.error("generation", "must be an object of parameter lists");
      }
      r.checkFields(g, GENERATION_FIELDS, "generation.");
      gen = new GenerationSweep(
          r.list(g, "mllm_temperature", "generation.mllm_temperature",
              (n, f) -> r.range(r.number(n, f), 0, Double.MAX_VALUE, f)),
          r.list(g, "mllm_top_p", "generation.mllm_top_p",
              (n, f) -> r.openRange(r.number(n, f), f)),
          r.list(g, "mllm_top_k", "generation.mllm_top_k", (n, f) -> r.positive(n, f)),
          r.list(g, "diffusion_steps", "generation.diffusion_steps", (n, f) -> r.positive(n, f)),
          r.list(g, "diffusion_guidance", "generation.diffusion_guidance",
              (n, f) -> r.range(r.number(n, f), 0, Double.MAX_VALUE, f)),
          r.list(g, "diffusion_image_guidance", "generation.diffusion_image_guidance",
              (n, f) -> r.range(r.number(n, f), 0, Double.MAX_VALUE,
                  f)),
          r.list(g, "pefuse_instruction", "generation.pefuse_instruction",
              (n, f) -> instruction(r, r.text(n, f))),
          r.list(g, "pefuse_database_prompt", "generation.pefuse_database_prompt",
              (n, f) -> r.text(n, f)));
    }
    RoleSpecs roles = new RoleSpecs(null, null, null);
    JsonNode rn = root.get("roles");
    if (rn != null && !rn.isNull()) {
      if (!rn.isObject()) {
        throw r.error("roles", "must be an object {captioner, image_editor, text_to_image}");
      }
      r.checkFields(rn, ROLE_FIELDS, "roles.");
      roles = new RoleSpecs(r.string(rn, "captioner", null), r.string(rn, "image_editor", null),
          r.string(rn, "text_to_image", null));
    }
    for (Mode m : modes) {
      if ((m == Mode.PEFUSE_T2T || m == Mode.PEFUSE_I2T) && gen.databasePrompt().isEmpty()) {
        throw r.error("generation.pefuse_database_prompt",
            "is required for mode " + m.id() + " (PEFUSE's database prompt q is unpublished [A]; choose one)");
      }
    }
    if (!ablations.isEmpty() && !modes.contains(Mode.PARACOSM)) {
      throw r.error("ablations", "apply to mode paracosm only, which is not in 'modes'");
    }
    return new ExperimentConfig(name, dataset, dataRoot, split, subsets, modes, encoders, lambdas, profile, protocol,
        k, limit, qualitative, ablations, gen, roles);
  }

  private static GenerationSettings.PefuseInstruction instruction(Reader r, String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "composed" -> GenerationSettings.PefuseInstruction.COMPOSED;
      case "raw_modification", "raw" -> GenerationSettings.PefuseInstruction.RAW_MODIFICATION;
      default -> throw r.error("generation.pefuse_instruction",
          "values must be 'composed' or 'raw_modification', got '" + s + "'");
    };
  }

  static String defaultSplit(String dataset) {
    return dataset.equals("genecis") ? "v0" : "val";
  }

  /** Field readers producing {@link ConfigurationException}s that name the source and field. */
  private record Reader(String source) {
    ConfigurationException error(String field, String what) {
      return new ConfigurationException("Experiment config " + source + ": field '" + field + "' " + what);
    }

    void checkFields(JsonNode obj, Set<String> allowed, String prefix) {
      for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
        String f = it.next().getKey();
        if (!allowed.contains(f)) {
          throw new ConfigurationException("Experiment config " + source + ": unknown field '" + prefix + f
              + "'; expected one of " + allowed.stream().sorted().toList());
        }
      }
    }

    String string(JsonNode obj, String field, String dflt) {
      JsonNode n = obj.get(field);
      if (n == null || n.isNull()) {
        return dflt;
      }
      return text(n, field);
    }

    String text(JsonNode n, String field) {
      if (!n.isValueNode() || n.isNull()) {
        throw error(field, "must be a string, got " + n);
      }
      String s = n.asText().trim();
      if (s.isEmpty()) {
        throw error(field, "must not be empty");
      }
      return s;
    }

    double number(JsonNode n, String field) {
      if (!n.isNumber()) {
        throw error(field, "must be a number, got " + n);
      }
      return n.asDouble();
    }

    int integer(JsonNode n, String field) {
      if (!n.isIntegralNumber() || !n.canConvertToInt()) {
        throw error(field, "must be an integer, got " + n);
      }
      return n.asInt();
    }

    int positive(JsonNode n, String field) {
      int v = integer(n, field);
      if (v < 1) {
        throw error(field, "values must be >= 1, got " + v);
      }
      return v;
    }

    double range(double v, double lo, double hi, String field) {
      if (!(v >= lo && v <= hi)) {
        throw error(field, "values must be >= " + lo + ", got " + v);
      }
      return v;
    }

    double openRange(double v, String field) {
      if (!(v > 0 && v <= 1)) {
        throw error(field, "values must be in (0, 1], got " + v);
      }
      return v;
    }

    <T> T parse(String field, java.util.function.Supplier<T> f) {
      try {
        return f.get();
      } catch (ParacosmException e) {
        throw error(field, "is invalid: " + e.getMessage());
      }
    }

    <T> List<T> list(JsonNode obj, String name, String field, BiFunction<JsonNode, String, T> each) {
      JsonNode n = obj.get(name);
      List<T> out = new ArrayList<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isArray()) {
        out.add(each.apply(n, field));
        return out;
      }
      for (int i = 0; i < n.size(); i++) {
        out.add(each.apply(n.get(i), field + "[" + i + "]"));
      }
      return out;
    }
  }
}
