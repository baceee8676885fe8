package dev.paracosm.fusion;

import java.util.Locale;

/** Benchmark protocols of method.md §5: post-processing of a ranking. */
public enum Protocol {
  /** Shared gallery, full ranking, no post-processing. */
  GENERIC,
  /** Reference image removed from the ranking; subset ranking over the query's group members. */
  CIRR,
  /** Shared gallery; the reference is not excluded. */
  CIRCO,
  /** Per-category gallery; no post-processing. */
  FASHIONIQ,
  /** Per-query gallery with the target first; no post-processing. */
  GENECIS;

  /** @return the lowercase id */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param id a protocol id
   * @return the protocol
   * @throws dev.paracosm.InvalidInputException for an unknown id
   */
  public static Protocol fromId(String id) {
    return Names.parse(Protocol.class, "protocol", id, Protocol::id);
  }
}
