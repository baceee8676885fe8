package dev.paracosm.prompt;

import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.ChatPart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One prompt template of the library, with the metadata of prompts.json (method, dataset, task, role,
 * provenance {@link PromptStatus status} and source).
 *
 * <p>Placeholders are written {@code {name}}; {@code {{} and {@code }}} are literal braces. A template
 * whose text was never published ({@link PromptStatus#ABSENT}, {@code template} {@code null}) cannot be
 * rendered until the user provides it (see {@link PromptLibrary.Builder#withTemplate(String, String)}).
 *
 * @param id unique id, e.g. {@code paracosm.edit.circo}
 * @param method {@code paracosm}, {@code pefuse} or a user-chosen name
 * @param dataset dataset name, or {@code *} for all
 * @param task dataset task (GeneCIS), or {@code null}
 * @param role the role that consumes the prompt ({@code image_editor}, {@code captioner}, ...)
 * @param purpose what the prompt is for
 * @param template the template text, or {@code null} when it must be provided by the user
 * @param placeholders declared placeholder names with their descriptions, in declaration order
 * @param status how the wording is attested
 * @param source where the wording comes from
 * @param notes free-form notes
 */
public record PromptTemplate(
    String id,
    String method,
    String dataset,
    String task,
    String role,
    String purpose,
    String template,
    Map<String, String> placeholders,
    PromptStatus status,
    String source,
    String notes) {

  /** Validates the id and the template syntax; copies the placeholder map. */
  public PromptTemplate {
    if (id == null || id.isBlank()) {
      throw new ConfigurationException("A prompt template needs a non-blank id");
    }
    Objects.requireNonNull(status, "status");
    placeholders = placeholders == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(placeholders));
    if (template != null) {
      TemplateSyntax.parse(id, template); // fail early on bad syntax
    }
  }

  /**
   * A user template with only an id and a text.
   *
   * @param id template id
   * @param text template text (placeholders {@code {name}})
   * @return the template, status {@link PromptStatus#USER}
   */
  public static PromptTemplate of(String id, String text) {
    Objects.requireNonNull(text, () -> "text of prompt template '" + id + "'");
    Map<String, String> ph = new LinkedHashMap<>();
    for (TemplateSyntax.Segment s : TemplateSyntax.parse(id, text)) {
      if (s instanceof TemplateSyntax.Slot slot) {
        ph.putIfAbsent(slot.name(), "");
      }
    }
    return new PromptTemplate(id, null, "*", null, null, null, text, ph, PromptStatus.USER, "user", "");
  }

  /** @return whether the template text is known (not {@link PromptStatus#ABSENT}) */
  public boolean isAvailable() {
    return template != null;
  }

  /**
   * @return the template text
   * @throws ConfigurationException if the text was never published and must be provided by the user
   */
  public String text() {
    if (template == null) {
      throw missingText();
    }
    return template;
  }

  /**
   * @return the placeholder names used by the template text, in order of first use; for a template
   *     without text, the declared names
   */
  public Set<String> placeholderNames() {
    if (template == null) {
      return Collections.unmodifiableSet(new LinkedHashSet<>(placeholders.keySet()));
    }
    Set<String> names = new LinkedHashSet<>();
    for (TemplateSyntax.Segment s : TemplateSyntax.parse(id, template)) {
      if (s instanceof TemplateSyntax.Slot slot) {
        names.add(slot.name());
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * Renders a template without placeholders.
   *
   * @return the text
   * @throws InvalidInputException if the template has placeholders
   */
  public String render() {
    return render(Map.of());
  }

  /**
   * Substitutes every placeholder. Values for names the template does not use are ignored; a
   * {@code null} value counts as missing.
   *
   * @param values placeholder values by name
   * @return the rendered text
   * @throws InvalidInputException naming the template and the missing placeholders if a value is missing
   * @throws ConfigurationException if the template text must be provided by the user
   */
  public String render(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    List<TemplateSyntax.Segment> segments = TemplateSyntax.parse(id, text());
    checkComplete(segments, present(values), Set.of());
    StringBuilder sb = new StringBuilder();
    for (TemplateSyntax.Segment s : segments) {
      if (s instanceof TemplateSyntax.Literal lit) {
        sb.append(lit.text());
      } else {
        sb.append(values.get(((TemplateSyntax.Slot) s).name()));
      }
    }
    return sb.toString();
  }

  /**
   * Renders the template as chat parts, splitting the text at image placeholders. This is how the
   * PEFUSE composition prompt, which inlines the reference image at {@code {image}}, becomes a
   * chat message: text, image, text (method.md §6). Empty text pieces are left out.
   *
   * @param values text placeholder values by name
   * @param images image placeholder values by name
   * @return the parts in template order
   * @throws InvalidInputException if a placeholder has no value or has both a text and an image value
   */
  public List<ChatPart> renderParts(Map<String, String> values, Map<String, ImageData> images) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(images, "images");
    Set<String> both = new TreeSet<>(values.keySet());
    both.retainAll(images.keySet());
    if (!both.isEmpty()) {
      throw new InvalidInputException("Prompt '" + id + "': placeholder(s) " + both
          + " were given both a text and an image value");
    }
    List<TemplateSyntax.Segment> segments = TemplateSyntax.parse(id, text());
    checkComplete(segments, present(values), present(images));
    List<ChatPart> parts = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (TemplateSyntax.Segment s : segments) {
      if (s instanceof TemplateSyntax.Literal lit) {
        sb.append(lit.text());
        continue;
      }
      String name = ((TemplateSyntax.Slot) s).name();
      ImageData image = images.get(name);
      if (image == null) {
        sb.append(values.get(name));
      } else {
        if (sb.length() > 0) {
          parts.add(ChatPart.text(sb.toString()));
          sb.setLength(0);
        }
        parts.add(ChatPart.image(image));
      }
    }
    if (sb.length() > 0) {
      parts.add(ChatPart.text(sb.toString()));
    }
    return List.copyOf(parts);
  }

  /**
   * @param text the new text
   * @param source where it comes from (e.g. a file path)
   * @return a copy with the new text, status {@link PromptStatus#USER} and the other metadata kept
   */
  public PromptTemplate withText(String text, String source) {
    Objects.requireNonNull(text, () -> "text of prompt template '" + id + "'");
    Map<String, String> ph = new LinkedHashMap<>(placeholders);
    for (TemplateSyntax.Segment s : TemplateSyntax.parse(id, text)) {
      if (s instanceof TemplateSyntax.Slot slot) {
        ph.putIfAbsent(slot.name(), "");
      }
    }
    return new PromptTemplate(id, method, dataset, task, role, purpose, text, ph, PromptStatus.USER,
        source == null ? "user" : source, notes);
  }

  private void checkComplete(List<TemplateSyntax.Segment> segments, Set<String> textNames, Set<String> imageNames) {
    Set<String> missing = new LinkedHashSet<>();
    for (TemplateSyntax.Segment s : segments) {
      if (s instanceof TemplateSyntax.Slot slot && !textNames.contains(slot.name())
          && !imageNames.contains(slot.name())) {
        missing.add(slot.name());
      }
    }
    if (!missing.isEmpty()) {
      StringBuilder msg = new StringBuilder("Prompt '" + id + "' is missing a value for placeholder(s) ");
      msg.append(missing.stream().map(m -> "{" + m + "}").toList());
      for (String m : missing) {
        String d = placeholders.get(m);
        if (d != null && !d.isBlank()) {
          msg.append("; {").append(m).append("} = ").append(d);
        }
      }
      Set<String> given = new TreeSet<>(textNames);
      given.addAll(imageNames);
      msg.append(" (given: ").append(given).append(')');
      throw new InvalidInputException(msg.toString());
    }
  }

  private static Set<String> present(Map<String, ?> values) {
    Set<String> names = new LinkedHashSet<>();
    values.forEach((k, v) -> {
      if (v != null) {
        names.add(k);
      }
    });
    return names;
  }

  ConfigurationException missingText() {
    StringBuilder msg = new StringBuilder("Prompt template '" + id + "'");
    if (method != null) {
      msg.append(" (").append(method).append(role == null ? "" : ", role " + role).append(')');
    }
    msg.append(" has no published text (status ").append(status.id()).append(source == null ? "" : ": " + source)
        .append("); it must be provided, e.g. PromptLibrary.builder().withTemplate(\"").append(id)
        .append("\", \"...\") or a user prompts file (PromptLibrary.Builder#withTemplates(Path))");
    if (notes != null && !notes.isBlank()) {
      msg.append(". Note: ").append(notes);
    }
    return new ConfigurationException(msg.toString());
  }
}
