package dev.paracosm.fusion;

import dev.paracosm.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Parses the lowercase wire names of this package's enums with one error format. */
final class Names {
  private Names() {}

  static <E extends Enum<E>> E parse(Class<E> type, String what, String value, Function<E, String> id) {
    if (value == null) {
      throw new InvalidInputException("Missing " + what);
    }
    String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (id.apply(e).equals(v)) {
        return e;
      }
    }
    throw new InvalidInputException("Unknown " + what + " '" + value + "'; expected one of "
        + Arrays.stream(type.getEnumConstants()).map(id).toList());
  }
}
