package dev.paracosm.index.internal;

/**
 * IEEE 754 binary16 conversion (what {@code Float.floatToFloat16} does from Java 20; we build for
 * Java 17). Float to half rounds to nearest, ties to even; overflow gives infinity; NaN stays NaN
 * (the top mantissa bits are kept, quiet bit forced if they would all be zero).
 */
final class Half {
  private Half() {}

  /**
   * @param f a float
   * @return the nearest half as its 16 raw bits
   */
  static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      if (mant == 0) {
        return (short) (sign | 0x7c00);
      }
      int m = mant >>> 13;
      return (short) (sign | 0x7c00 | (m == 0 ? 0x200 : m));
    }
    int e = exp - 112; // half exponent field before rounding
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign; // below half of the smallest subnormal: rounds to zero
      }
      int sig = mant | 0x800000;
      int shift = 14 - e;
      int m = sig >>> shift;
      int rem = sig & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (m & 1) == 1)) {
        m++; // may carry into the smallest normal: still the right encoding
      }
      return (short) (sign | m);
    }
    int h = sign | (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1)) {
      h++; // a carry into the exponent is correct, up to infinity
    }
    return (short) h;
  }

  /**
   * @param h a half's 16 raw bits
   * @return its exact float value
   */
  static float toFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
