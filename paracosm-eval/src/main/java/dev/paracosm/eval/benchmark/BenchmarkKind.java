package dev.paracosm.eval.benchmark;

import dev.paracosm.fusion.Protocol;
import java.util.Locale;

/** The four supported CIR benchmarks, each with the ranking protocol of method.md §5. */
public enum BenchmarkKind {
  /** CIRR: shared database; the reference image is removed from the ranking. */
  CIRR(Protocol.CIRR),
  /** CIRCO: COCO unlabeled 2017 database; the reference stays in the ranking. */
  CIRCO(Protocol.CIRCO),
  /** FashionIQ: one database per category; the reference (candidate) stays in the ranking. */
  FASHIONIQ(Protocol.FASHIONIQ),
  /** GeneCIS: a per-query gallery whose first candidate is the target. */
  GENECIS(Protocol.GENECIS);

  private final Protocol protocol;

  BenchmarkKind(Protocol protocol) {
    this.protocol = protocol;
  }

  /** @return the ranking protocol (post-processing) this benchmark is evaluated with */
  public Protocol protocol() {
    return protocol;
  }

  /** @return the lowercase id ({@code cirr}, {@code circo}, {@code fashioniq}, {@code genecis}) */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
