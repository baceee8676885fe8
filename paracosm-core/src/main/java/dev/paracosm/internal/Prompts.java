package dev.paracosm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.ConfigurationException;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.ChatPart;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pipeline's view of the bundled prompt templates (spec/prompts.json) plus user overrides. */
final class Prompts {
  static final String RESOURCE = "/dev/paracosm/prompt/prompts.json";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_0-9]+)}");
  private static volatile Map<String, String> bundled;

  private final Map<String, String> templates;

  Prompts(Map<String, String> overrides) {
    Map<String, String> t = new HashMap<>(bundled());
    t.putAll(overrides);
    this.templates = t;
  }

  static Map<String, String> bundled() {
    Map<String, String> b = bundled;
    if (b == null) {
      try (InputStream in = Prompts.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new FormatCorruptException("Bundled prompt library " + RESOURCE + " is missing from the classpath");
        }
        JsonNode root = new ObjectMapper().readTree(in);
        Map<String, String> m = new HashMap<>();
        for (JsonNode t : root.get("templates")) {
          JsonNode text = t.get("template");
          m.put(t.get("id").asText(), text == null || text.isNull() ? null : text.asText());
        }
        bundled = b = m;
      } catch (IOException e) {
        throw new FormatCorruptException("Cannot read bundled prompt library " + RESOURCE + ": " + e, e);
      }
    }
    return b;
  }

  String template(String id) {
    if (!templates.containsKey(id)) {
      throw new ConfigurationException("Unknown prompt template '" + id + "'");
    }
    String t = templates.get(id);
    if (t == null) {
      throw new ConfigurationException("Prompt template '" + id + "' is unpublished [A] and must be provided"
          + " (GenerationSettings prompt overrides or the matching setting)");
    }
    return t;
  }

  String render(String id, Map<String, String> values) {
    return fill(id, template(id), values);
  }

  /** Renders a chat template, splitting at {image} into text, image, text parts (image first if absent). */
  List<ChatPart> chat(String id, Map<String, String> values, ImageData image) {
    String t = template(id);
    int at = t.indexOf("{image}");
    List<ChatPart> parts = new ArrayList<>();
    if (at < 0) {
      parts.add(ChatPart.image(image));
      parts.add(ChatPart.text(fill(id, t, values)));
      return parts;
    }
    String before = fill(id, t.substring(0, at), values);
    String after = fill(id, t.substring(at + "{image}".length()), values);
    if (!before.isBlank()) {
      parts.add(ChatPart.text(before));
    }
    parts.add(ChatPart.image(image));
    if (!after.isBlank()) {
      parts.add(ChatPart.text(after));
    }
    return parts;
  }

  static String fill(String id, String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new InvalidInputException("Prompt template '" + id + "' needs a value for {" + m.group(1) + "}");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
