package dev.paracosm.prompt;

import dev.paracosm.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser for the template syntax of prompts.json: Python {@code str.format} style {@code {name}}
 * placeholders; {@code {{} and {@code }}} stand for literal braces.
 */
final class TemplateSyntax {
  private TemplateSyntax() {}

  /** A piece of a parsed template. */
  sealed interface Segment permits Literal, Slot {}

  /** @param text literal text */
  record Literal(String text) implements Segment {}

  /** @param name placeholder name */
  record Slot(String name) implements Segment {}

  /**
   * @param id template id (for messages)
   * @param template template text
   * @return literal and placeholder segments in order; adjacent literals merged
   * @throws ConfigurationException on an unbalanced brace or an invalid placeholder name
   */
  static List<Segment> parse(String id, String template) {
    List<Segment> out = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c == '{') {
        if (i + 1 < n && template.charAt(i + 1) == '{') {
          lit.append('{');
          i += 2;
          continue;
        }
        int close = template.indexOf('}', i + 1);
        if (close < 0) {
          throw new ConfigurationException("Prompt template '" + id + "' has an unclosed '{' at offset " + i
              + " (write '{{' for a literal brace)");
        }
        String name = template.substring(i + 1, close);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new ConfigurationException("Prompt template '" + id + "' has an invalid placeholder '{" + name
              + "}' at offset " + i + " (names are letters, digits and '_'; write '{{' for a literal brace)");
        }
        if (lit.length() > 0) {
          out.add(new Literal(lit.toString()));
          lit.setLength(0);
        }
        out.add(new Slot(name));
        i = close + 1;
      } else if (c == '}') {
        if (i + 1 < n && template.charAt(i + 1) == '}') {
          lit.append('}');
          i += 2;
          continue;
        }
        throw new ConfigurationException("Prompt template '" + id + "' has an unmatched '}' at offset " + i
            + " (write '}}' for a literal brace)");
      } else {
        lit.append(c);
        i++;
      }
    }
    if (lit.length() > 0) {
      out.add(new Literal(lit.toString()));
    }
    return List.copyOf(out);
  }
}
