package dev.paracosm;

import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Protocol;

/**
 * Per-search choices over the same index: fusion (mode, λ, profile, ablation parts), protocol and a
 * metadata filter.
 *
 * @param fusion fusion choice, or {@code null} for the pipeline default
 * @param protocol ranking post-processing
 * @param filter metadata filter such as {@code category=dress,price_band=low|mid}, or {@code null}
 */
public record SearchOptions(FusionConfig fusion, Protocol protocol, String filter) {
  /**
   * Applies defaults.
   *
   * @param fusion see the record description
   * @param protocol see the record description
   * @param filter see the record description
   */
  public SearchOptions {
    protocol = protocol == null ? Protocol.GENERIC : protocol;
  }

  /** @return the pipeline defaults, generic protocol, no filter */
  public static SearchOptions defaults() {
    return new SearchOptions(null, Protocol.GENERIC, null);
  }

  /**
   * @param fusion fusion choice
   * @return options with that fusion choice
   */
  public static SearchOptions of(FusionConfig fusion) {
    return new SearchOptions(fusion, Protocol.GENERIC, null);
  }

  /**
   * @param f metadata filter
   * @return a copy with the filter
   */
  public SearchOptions withFilter(String f) {
    return new SearchOptions(fusion, protocol, f);
  }

  /**
   * @param p protocol
   * @return a copy with the protocol
   */
  public SearchOptions withProtocol(Protocol p) {
    return new SearchOptions(fusion, p, filter);
  }
}
