package dev.paracosm.index;

import dev.paracosm.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable predicate over an item's metadata, applied before top-k by {@link
 * IndexSnapshot#search}. Build with {@link #all()}, {@link #eq}, {@link #in}, {@link #and}, {@link
 * #not}, or {@link #parse} a string such as {@code category=dress,price_band=low|mid}. Filters are
 * value objects: equal filters compare equal, and {@code toString()} prints the parse syntax.
 */
public interface MetadataFilter {

  /**
   * @param metadata an item's metadata
   * @return whether the item passes
   */
  boolean test(Map<String, String> metadata);

  /** @return the filter that passes every item */
  static MetadataFilter all() {
    return Filters.All.INSTANCE;
  }

  /**
   * @param key a metadata key
   * @param value the required value
   * @return passes items whose {@code key} equals {@code value} (items without the key fail)
   */
  static MetadataFilter eq(String key, String value) {
    return new Filters.In(Filters.checkKey(key), List.of(Objects.requireNonNull(value, "value")));
  }

  /**
   * @param key a metadata key
   * @param values accepted values (at least one)
   * @return passes items whose {@code key} equals one of {@code values}
   */
  static MetadataFilter in(String key, String... values) {
    if (values == null || values.length == 0) {
      throw new InvalidInputException("Metadata filter in('" + key + "') needs at least one value");
    }
    return new Filters.In(Filters.checkKey(key), List.of(values));
  }

  /**
   * @param filters filters that must all pass (none: {@link #all()})
   * @return their conjunction
   */
  static MetadataFilter and(MetadataFilter... filters) {
    List<MetadataFilter> list = new ArrayList<>();
    for (MetadataFilter f : filters) {
      Objects.requireNonNull(f, "filter");
      if (f instanceof Filters.And a) {
        list.addAll(a.parts());
      } else if (f != Filters.All.INSTANCE) {
        list.add(f);
      }
    }
    if (list.isEmpty()) {
      return all();
    }
    return list.size() == 1 ? list.get(0) : new Filters.And(List.copyOf(list));
  }

  /**
   * @param filter a filter
   * @return its negation
   */
  static MetadataFilter not(MetadataFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return filter instanceof Filters.Not n ? n.inner() : new Filters.Not(filter);
  }

  /**
   * Parses the compact filter syntax: comma-separated clauses that must all hold; each clause is
   * {@code key=v1|v2|...} (the value is one of) or {@code key!=v1|v2|...} (none of, items without
   * the key pass). Keys and values are trimmed and may not contain {@code , | = !}. An empty string
   * or {@code *} means {@link #all()}.
   *
   * @param text the filter, e.g. {@code category=dress,price_band=low|mid}
   * @return the filter
   * @throws InvalidInputException naming the text and the bad clause
   */
  static MetadataFilter parse(String text) {
    return Filters.parse(text);
  }
}
