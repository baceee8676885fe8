package dev.paracosm.index.internal;

/** Test-only bridge to the package-private {@link Half}. */
public final class HalfBridge {
  private HalfBridge() {}

  /** @param f a float @return f rounded to the nearest half and back */
  public static float round(float f) {
    return Half.toFloat(Half.fromFloat(f));
  }
}
