package dev.paracosm.index.spi;

import dev.paracosm.fusion.FloatMatrix;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;

/**
 * The raw committed content of an index at one point in time. Rows are items in the order in which
 * their ids were first committed; immutable and safe to share between threads.
 */
public interface BackendSnapshot {

  /** @return a number that grows with every commit (0 for an empty new index) */
  long generation();

  /** @return number of items */
  int size();

  /**
   * @param row a row in [0, size)
   * @return that item's id
   */
  String id(int row);

  /**
   * @param id an item id
   * @return its row, or -1 if absent
   */
  int row(String id);

  /**
   * @param row a row
   * @return that item's metadata (unmodifiable)
   */
  Map<String, String> metadata(int row);

  /** @return names of the components any item has */
  Set<String> componentNames();

  /**
   * @param name a component name
   * @return a size × dimension matrix; rows lacking the component are zero. The same instance on
   *     repeated calls.
   * @throws dev.paracosm.InvalidInputException if no item has that component
   */
  FloatMatrix component(String name);

  /**
   * @param name a component name
   * @return rows that have the component (a fresh copy)
   */
  BitSet presence(String name);
}
