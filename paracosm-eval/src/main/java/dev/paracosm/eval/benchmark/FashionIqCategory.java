package dev.paracosm.eval.benchmark;

import dev.paracosm.InvalidInputException;
import java.util.Locale;

/** The three FashionIQ categories, each evaluated on its own database. */
public enum FashionIqCategory {
  /** Dresses. */
  DRESS,
  /** Shirts. */
  SHIRT,
  /** Tops and tees. */
  TOPTEE;

  /** @return the id used in file names ({@code dress}, {@code shirt}, {@code toptee}) */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param id a category id
   * @return the category
   * @throws InvalidInputException for an unknown id
   */
  public static FashionIqCategory fromId(String id) {
    for (FashionIqCategory c : values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new InvalidInputException(
        "Unknown FashionIQ category '" + id + "'; expected dress, shirt or toptee");
  }
}
