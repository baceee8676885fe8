package dev.paracosm.examples;

import dev.paracosm.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The examples' tiny command-line parser: positionals plus {@code --name value} or {@code
 * --name=value} options from a fixed set, so a typo is an error instead of a silently ignored flag.
 */
final class Args {
  private final List<String> positionals;
  private final Map<String, String> options;

  private Args(List<String> positionals, Map<String, String> options) {
    this.positionals = List.copyOf(positionals);
    this.options = Map.copyOf(options);
  }

  /**
   * @param args the command line
   * @param allowed option names without dashes
   * @param usage the usage line, appended to error messages
   * @return the parsed arguments
   * @throws InvalidInputException for an unknown option or one without a value
   */
  static Args parse(String[] args, Set<String> allowed, String usage) {
    List<String> positionals = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        positionals.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!allowed.contains(name)) {
        throw new InvalidInputException("Unknown option '--" + name + "' (allowed: " + allowed.stream().sorted()
            .map(n -> "--" + n).toList() + ")\n" + usage);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new InvalidInputException("Option '--" + name + "' needs a value\n" + usage);
        }
        value = args[++i];
      }
      options.put(name, value);
    }
    return new Args(positionals, options);
  }

  /**
   * @param count positionals required
   * @param usage the usage line
   * @return the positionals
   * @throws InvalidInputException if their number differs
   */
  List<String> positionals(int count, String usage) {
    if (positionals.size() != count) {
      throw new InvalidInputException("Expected " + count + " arguments, got " + positionals.size() + " "
          + positionals + "\n" + usage);
    }
    return positionals;
  }

  /**
   * @param name option name
   * @return its value or {@code null}
   */
  String option(String name) {
    return options.get(name);
  }

  /**
   * @param name option name
   * @param fallback value when absent
   * @param min smallest allowed value
   * @return the value as an int
   * @throws InvalidInputException if it is not an integer ≥ min
   */
  int intOption(String name, int fallback, int min) {
    String v = options.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min) {
        throw new InvalidInputException("Option '--" + name + "' must be >= " + min + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("Option '--" + name + "' must be an integer, got '" + v + "'", e);
    }
  }
}
