package dev.paracosm.index;

/** Test access to the fp16 rounding used by FLOAT16 storage. */
final class HalfAccess {
  private HalfAccess() {}

  static float round(float f) {
    return dev.paracosm.index.internal.HalfBridge.round(f);
  }
}
