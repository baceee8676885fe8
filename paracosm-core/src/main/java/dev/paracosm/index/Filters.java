package dev.paracosm.index;

import dev.paracosm.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The built-in {@link MetadataFilter} value classes and the parser. */
final class Filters {
  private Filters() {}

  private static final String RESERVED = ",|=!";

  enum All implements MetadataFilter {
    INSTANCE;

    @Override
    public boolean test(Map<String, String> metadata) {
      return true;
    }

    @Override
    public String toString() {
      return "*";
    }
  }

  record In(String key, List<String> values) implements MetadataFilter {
    In {
      values = List.copyOf(values);
    }

    @Override
    public boolean test(Map<String, String> metadata) {
      String v = metadata.get(key);
      return v != null && values.contains(v);
    }

    @Override
    public String toString() {
      return key + "=" + String.join("|", values);
    }
  }

  record And(List<MetadataFilter> parts) implements MetadataFilter {
    @Override
    public boolean test(Map<String, String> metadata) {
      for (MetadataFilter f : parts) {
        if (!f.test(metadata)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return parts.stream().map(Object::toString).collect(Collectors.joining(","));
    }
  }

  record Not(MetadataFilter inner) implements MetadataFilter {
    @Override
    public boolean test(Map<String, String> metadata) {
      return !inner.test(metadata);
    }

    @Override
    public String toString() {
      return inner instanceof In in ? in.key() + "!=" + String.join("|", in.values()) : "not(" + inner + ")";
    }
  }

  static String checkKey(String key) {
    if (key == null || key.isBlank()) {
      throw new InvalidInputException("Metadata filter key must be non-blank, got '" + key + "'");
    }
    return key;
  }

  static MetadataFilter parse(String text) {
    if (text == null) {
      throw new InvalidInputException("Metadata filter text is null");
    }
    String t = text.trim();
    if (t.isEmpty() || t.equals("*")) {
      return MetadataFilter.all();
    }
    List<MetadataFilter> clauses = new ArrayList<>();
    String[] parts = t.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String clause = parts[i].trim();
      String where = "Metadata filter '" + text + "': clause " + (i + 1) + " '" + clause + "'";
      if (clause.isEmpty()) {
        throw new InvalidInputException(where + " is empty (stray comma?)");
      }
      int eq = clause.indexOf('=');
      if (eq < 0) {
        throw new InvalidInputException(where + " has no '='; expected key=value or key=v1|v2 or key!=value");
      }
      boolean negated = eq > 0 && clause.charAt(eq - 1) == '!';
      String key = clause.substring(0, negated ? eq - 1 : eq).trim();
      if (key.isEmpty()) {
        throw new InvalidInputException(where + " has an empty key");
      }
      if (containsReserved(key)) {
        throw new InvalidInputException(where + " has a key containing one of " + RESERVED);
      }
      String[] rawValues = clause.substring(eq + 1).split("\\|", -1);
      List<String> values = new ArrayList<>();
      for (String rv : rawValues) {
        String v = rv.trim();
        if (v.isEmpty()) {
          throw new InvalidInputException(where + " has an empty value");
        }
        if (containsReserved(v)) {
          throw new InvalidInputException(where + " has a value '" + v + "' containing one of " + RESERVED);
        }
        values.add(v);
      }
      MetadataFilter in = new In(key, values);
      clauses.add(negated ? new Not(in) : in);
    }
    return MetadataFilter.and(clauses.toArray(new MetadataFilter[0]));
  }

  private static boolean containsReserved(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (RESERVED.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }
}
