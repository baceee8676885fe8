package dev.paracosm.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.ConfigurationException;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The prompt templates of the methods, by id: the bundled {@code prompts.json} (spec data, with the
 * provenance status and source of every wording) plus user overrides and additions.
 *
 * <p>The {@code *TemplateFor} methods pick the template method.md prescribes per dataset:
 *
 * <ul>
 *   <li>mental image edit (§3.1): {@code paracosm.edit.<dataset>[.<task>]};
 *   <li>{@code t_mod} texts (§3.3): {@code paracosm.tmod.*} (FashionIQ: forward and reverse);
 *   <li>PEFUSE composition (§6): {@code pefuse.compose.<dataset>}; the PEFUSE database caption prompt is
 *       not published and must be provided ({@link #pefuseDatabaseCaptionTemplate()}).
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PromptLibrary {
  /** Classpath location of the bundled templates. */
  public static final String BUNDLED_RESOURCE = "/dev/paracosm/prompt/prompts.json";

  /** Id of the Paracosm mental-image description prompt ({@code t_query}). */
  public static final String DESCRIBE_MENTAL = "paracosm.describe.mental_one_sentence";
  /** Id of the Paracosm database-image detailed description prompt ({@code t_detailed}). */
  public static final String DESCRIBE_DATABASE_DETAILED = "paracosm.describe.database_detailed";
  /** Id of the Paracosm database-image brief description prompt ({@code t_brief}, optional variant). */
  public static final String DESCRIBE_DATABASE_BRIEF = "paracosm.describe.database_brief";
  /** Id of the synthetic-counterpart text-to-image prompt. */
  public static final String T2I_SYNTHETIC_COUNTERPART = "paracosm.t2i.synthetic_counterpart";
  /** Id of the image editor's negative prompt. */
  public static final String EDIT_NEGATIVE_PROMPT = "paracosm.edit.negative_prompt";
  /** Id of the text-to-image negative prompt. */
  public static final String T2I_NEGATIVE_PROMPT = "paracosm.t2i.negative_prompt";
  /** Id of the PEFUSE database caption prompt {@code q} (not published; must be provided). */
  public static final String PEFUSE_DATABASE_CAPTION = "pefuse.caption.database";
  /** Id of the PEFUSE diffusion instruction (the composed description). */
  public static final String PEFUSE_EDIT_INSTRUCTION = "pefuse.edit.instruction";
  /** Id of the PEFUSE ablation instruction (the raw modification text). */
  public static final String PEFUSE_EDIT_INSTRUCTION_RAW = "pefuse.edit.instruction_raw";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile PromptLibrary bundled;

  private final Map<String, PromptTemplate> templates;

  private PromptLibrary(Map<String, PromptTemplate> templates) {
    this.templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
  }

  /**
   * @return the bundled templates of prompts.json, unchanged
   * @throws FormatCorruptException if the bundled file is missing or corrupt (a packaging error)
   */
  public static PromptLibrary defaults() {
    PromptLibrary lib = bundled;
    if (lib == null) {
      synchronized (PromptLibrary.class) {
        if (bundled == null) {
          bundled = new PromptLibrary(loadBundled());
        }
        lib = bundled;
      }
    }
    return lib;
  }

  /** @return a builder starting from the bundled templates */
  public static Builder builder() {
    return new Builder(defaults().templates);
  }

  /** @return a builder starting from this library's templates */
  public Builder toBuilder() {
    return new Builder(templates);
  }

  /** @return every template id, in file order (user additions last) */
  public Set<String> ids() {
    return templates.keySet();
  }

  /** @return every template, in file order */
  public Collection<PromptTemplate> templates() {
    return templates.values();
  }

  /**
   * @param id a template id
   * @return the template, if present
   */
  public Optional<PromptTemplate> find(String id) {
    return Optional.ofNullable(templates.get(id));
  }

  /**
   * @param id a template id
   * @return the template (its text may still be absent; see {@link #require(String)})
   * @throws ConfigurationException if no template has this id
   */
  public PromptTemplate get(String id) {
    PromptTemplate t = templates.get(id);
    if (t == null) {
      throw new ConfigurationException("No prompt template with id '" + id + "'. Known ids: " + templates.keySet()
          + ". Add it with PromptLibrary.builder().withTemplate(\"" + id + "\", \"...\")");
    }
    return t;
  }

  /**
   * @param id a template id
   * @return the template, guaranteed to have a text
   * @throws ConfigurationException if the id is unknown or its text was never published and was not
   *     provided by the user
   */
  public PromptTemplate require(String id) {
    PromptTemplate t = get(id);
    if (!t.isAvailable()) {
      throw t.missingText();
    }
    return t;
  }

  /**
   * The Paracosm mental-image edit template for a dataset without tasks (method.md §3.1).
   *
   * @param dataset {@code CIRR}, {@code CIRCO} or {@code FashionIQ} (case-insensitive)
   * @return the template ({@code paracosm.edit.<dataset>})
   * @throws InvalidInputException if the dataset is unknown or needs a task (GeneCIS)
   */
  public PromptTemplate editTemplateFor(String dataset) {
    return editTemplateFor(dataset, null);
  }

  /**
   * The Paracosm mental-image edit template (method.md §3.1).
   *
   * @param dataset {@code CIRR}, {@code CIRCO}, {@code FashionIQ} or {@code GeneCIS} (case-insensitive)
   * @param task the GeneCIS task ({@code focus_attribute}, {@code change_attribute}, {@code focus_object},
   *     {@code change_object}); {@code null} for the other datasets
   * @return the template
   * @throws InvalidInputException if the dataset or task is unknown
   */
  public PromptTemplate editTemplateFor(String dataset, String task) {
    String ds = dataset(dataset);
    String t = task(ds, task);
    return require("paracosm.edit." + ds + (t == null ? "" : "." + t));
  }

  /**
   * The texts encoded as {@code t_mod} (method.md §3.3): one template, or two for FashionIQ (forward and
   * reverse caption order, whose encodings are averaged).
   *
   * @param dataset dataset name (case-insensitive)
   * @param task GeneCIS task, or {@code null}
   * @return the templates in order
   */
  public List<PromptTemplate> tModTemplatesFor(String dataset, String task) {
    String ds = dataset(dataset);
    String t = task(ds, task);
    switch (ds) {
      case "fashioniq":
        return List.of(require("paracosm.tmod.fashioniq.forward"), require("paracosm.tmod.fashioniq.reverse"));
      case "genecis":
        if (t.endsWith("_attribute")) {
          return List.of(require("paracosm.tmod.genecis.attribute"));
        }
        return List.of(require("paracosm.tmod.genecis." + t));
      default:
        return List.of(require("paracosm.tmod." + ds));
    }
  }

  /**
   * The PEFUSE composition prompt {@code p} (method.md §6). Its {@code {image}} placeholder marks where
   * the reference image goes; render it with {@link PromptTemplate#renderParts}.
   *
   * @param dataset dataset name (case-insensitive)
   * @return the template ({@code pefuse.compose.<dataset>})
   */
  public PromptTemplate pefuseComposeTemplateFor(String dataset) {
    return require("pefuse.compose." + dataset(dataset));
  }

  /**
   * The PEFUSE database caption prompt {@code q}. It was never published (status absent), so it must be
   * provided by the user.
   *
   * @return the user's template
   * @throws ConfigurationException if it was not provided
   */
  public PromptTemplate pefuseDatabaseCaptionTemplate() {
    return require(PEFUSE_DATABASE_CAPTION);
  }

  /** @return the Paracosm {@code t_query} prompt for the mental image */
  public PromptTemplate describeMentalTemplate() {
    return require(DESCRIBE_MENTAL);
  }

  /** @return the Paracosm {@code t_detailed} prompt for database images */
  public PromptTemplate describeDatabaseTemplate() {
    return require(DESCRIBE_DATABASE_DETAILED);
  }

  /** @return the synthetic-counterpart text-to-image prompt ({@code {detailed_description}}) */
  public PromptTemplate syntheticCounterpartTemplate() {
    return require(T2I_SYNTHETIC_COUNTERPART);
  }

  /** @return the image editor's negative prompt text (a single space by default) */
  public String editNegativePrompt() {
    return require(EDIT_NEGATIVE_PROMPT).render();
  }

  /** @return the text-to-image negative prompt text (a single space by default) */
  public String textToImageNegativePrompt() {
    return require(T2I_NEGATIVE_PROMPT).render();
  }

  @Override
  public String toString() {
    return "PromptLibrary[" + templates.size() + " templates]";
  }

  /** Normalises a dataset name to the id component used in prompts.json. */
  static String dataset(String dataset) {
    if (dataset == null || dataset.isBlank()) {
      throw new InvalidInputException("Dataset name is empty; expected CIRR, CIRCO, FashionIQ or GeneCIS");
    }
    String d = dataset.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    switch (d) {
      case "cirr":
        return "cirr";
      case "circo":
        return "circo";
      case "fashioniq":
      case "fiq":
        return "fashioniq";
      case "genecis":
        return "genecis";
      default:
        throw new InvalidInputException("Unknown dataset '" + dataset
            + "'; expected CIRR, CIRCO, FashionIQ or GeneCIS");
    }
  }

  private static final List<String> GENECIS_TASKS =
      List.of("focus_attribute", "change_attribute", "focus_object", "change_object");

  private static String task(String ds, String task) {
    if (!ds.equals("genecis")) {
      return null; // the other datasets have no task-specific templates; a category (FashionIQ) is ignored
    }
    if (task == null || task.isBlank()) {
      throw new InvalidInputException("GeneCIS needs a task to choose its prompt; expected one of " + GENECIS_TASKS);
    }
    String t = task.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (!GENECIS_TASKS.contains(t)) {
      throw new InvalidInputException("Unknown GeneCIS task '" + task + "'; expected one of " + GENECIS_TASKS);
    }
    return t;
  }

  private static Map<String, PromptTemplate> loadBundled() {
    try (InputStream in = PromptLibrary.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new FormatCorruptException("Bundled prompt file " + BUNDLED_RESOURCE + " is missing from the classpath");
      }
      JsonNode root = JSON.readTree(in);
      return parseFull(root, "classpath:" + BUNDLED_RESOURCE, null);
    } catch (IOException e) {
      throw new FormatCorruptException("Bundled prompt file " + BUNDLED_RESOURCE + " is not valid JSON: " + e.getMessage(), e);
    } catch (ConfigurationException e) {
      throw new FormatCorruptException("Bundled prompt file " + BUNDLED_RESOURCE + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** Parses the prompts.json format; entries may override {@code base} templates (user files). */
  private static Map<String, PromptTemplate> parseFull(JsonNode root, String where, Map<String, PromptTemplate> base) {
    JsonNode list = root.get("templates");
    if (list == null || !list.isArray()) {
      throw new ConfigurationException(where + ": expected an object with a 'templates' array");
    }
    Map<String, PromptTemplate> out = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode n : list) {
      String id = text(n, "id");
      if (id == null || id.isBlank()) {
        throw new ConfigurationException(where + ": templates[" + index + "] has no 'id'");
      }
      if (out.containsKey(id)) {
        throw new ConfigurationException(where + ": duplicate template id '" + id + "'");
      }
      JsonNode tn = n.get("template");
      if (tn != null && !tn.isNull() && !tn.isTextual()) {
        throw new ConfigurationException(where + ": template '" + id + "' must be a string or null");
      }
      String text = tn == null || tn.isNull() ? null : tn.asText();
      PromptTemplate prev = base == null ? null : base.get(id);
      Map<String, String> ph = new LinkedHashMap<>();
      JsonNode phn = n.get("placeholders");
      if (phn != null && phn.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = phn.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          ph.put(e.getKey(), e.getValue().asText());
        }
      } else if (prev != null) {
        ph.putAll(prev.placeholders());
      }
      PromptStatus status;
      if (base == null) {
        status = PromptStatus.fromId(text(n, "status"));
      } else {
        status = PromptStatus.USER; // every template from a user file is a user template
      }
      if (text == null && status != PromptStatus.ABSENT) {
        if (base != null) {
          throw new ConfigurationException(where + ": template '" + id + "' has no text");
        }
        throw new ConfigurationException(where + ": template '" + id + "' has a null text but status "
            + status.id() + " (only 'absent' templates may lack a text)");
      }
      PromptTemplate t = new PromptTemplate(id,
          or(text(n, "method"), prev == null ? null : prev.method()),
          or(text(n, "dataset"), prev == null ? "*" : prev.dataset()),
          or(text(n, "task"), prev == null ? null : prev.task()),
          or(text(n, "role"), prev == null ? null : prev.role()),
          or(text(n, "purpose"), prev == null ? null : prev.purpose()),
          text, ph, status,
          base == null ? text(n, "source") : or(text(n, "source"), where),
          or(text(n, "notes"), prev == null ? "" : prev.notes()));
      for (String name : t.placeholderNames()) {
        if (base == null && !ph.containsKey(name)) {
          throw new ConfigurationException(where + ": template '" + id + "' uses {" + name
              + "} which its 'placeholders' object does not declare");
        }
      }
      out.put(id, base == null ? t : t.withText(text, t.source()));
      index++;
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }

  /** Builder: starts from a set of templates; overrides and additions replace templates by id. */
  public static final class Builder {
    private final Map<String, PromptTemplate> templates;

    private Builder(Map<String, PromptTemplate> start) {
      this.templates = new LinkedHashMap<>(start);
    }

    /**
     * Overrides the text of a known template (keeping its metadata) or adds a new one.
     *
     * @param id template id
     * @param text the template text with {@code {name}} placeholders
     * @return this
     * @throws ConfigurationException if the text has an invalid placeholder syntax
     */
    public Builder withTemplate(String id, String text) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(text, () -> "text of prompt template '" + id + "'");
      PromptTemplate prev = templates.get(id);
      templates.put(id, prev == null ? PromptTemplate.of(id, text) : prev.withText(text, "user"));
      return this;
    }

    /**
     * Adds or replaces a template with full metadata.
     *
     * @param template the template
     * @return this
     */
    public Builder withTemplate(PromptTemplate template) {
      Objects.requireNonNull(template, "template");
      templates.put(template.id(), template);
      return this;
    }

    /**
     * Loads user templates from a JSON file: either the prompts.json format
     * ({@code {"templates": [{"id": ..., "template": ...}, ...]}}, other fields optional) or a plain
     * object mapping ids to texts ({@code {"pefuse.caption.database": "Describe ..."}}). Each entry
     * overrides the template with the same id (keeping its metadata) or adds a new one.
     *
     * @param file the JSON file
     * @return this
     * @throws ConfigurationException naming the file if it cannot be read or is malformed
     */
    public Builder withTemplates(Path file) {
      Objects.requireNonNull(file, "file");
      JsonNode root;
      try {
        root = JSON.readTree(Files.readAllBytes(file));
      } catch (NoSuchFileException e) {
        throw new ConfigurationException("Prompt file " + file + " does not exist", e);
      } catch (JsonProcessingException e) {
        throw new ConfigurationException("Prompt file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        throw new ConfigurationException("Cannot read prompt file " + file + ": " + e, e);
      }
      if (root == null || !root.isObject()) {
        throw new ConfigurationException("Prompt file " + file + " must contain a JSON object");
      }
      String where = "Prompt file " + file;
      if (root.has("templates")) {
        templates.putAll(parseFull(root, where, templates));
      } else {
        List<String> bad = new ArrayList<>();
        root.fields().forEachRemaining(e -> {
          if (!e.getValue().isTextual()) {
            bad.add(e.getKey());
          }
        });
        if (!bad.isEmpty()) {
          throw new ConfigurationException(where + ": values must be template strings, but " + bad + " are not");
        }
        root.fields().forEachRemaining(e -> {
          PromptTemplate prev = templates.get(e.getKey());
          String text = e.getValue().asText();
          templates.put(e.getKey(), prev == null
              ? PromptTemplate.of(e.getKey(), text).withText(text, file.toString())
              : prev.withText(text, file.toString()));
        });
      }
      return this;
    }

    /** @return the library */
    public PromptLibrary build() {
      return new PromptLibrary(templates);
    }
  }
}
