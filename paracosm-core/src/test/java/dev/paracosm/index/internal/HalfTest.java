package dev.paracosm.index.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

class HalfTest {

  /** Independent reference: the value of a half from its fields, computed in double. */
  private static double referenceValue(int h) {
    int sign = (h >>> 15) & 1;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    double v;
    if (exp == 0) {
      v = mant * Math.pow(2, -24);
    } else if (exp == 31) {
      v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else {
      v = (1 + mant / 1024.0) * Math.pow(2, exp - 15);
    }
    return sign == 1 ? -v : v;
  }

  @Test
  void everyHalfDecodesToTheReferenceValue() {
    for (int h = 0; h < 65536; h++) {
      double ref = referenceValue(h);
      float f = Half.toFloat((short) h);
      if (Double.isNaN(ref)) {
        assertThat(Float.isNaN(f)).as("half %04x", h).isTrue();
      } else {
        assertThat((double) f).as("half %04x", h).isEqualTo(ref);
        assertThat(Math.copySign(1.0, f)).as("sign of half %04x", h).isEqualTo(Math.copySign(1.0, ref));
      }
    }
  }

  @Test
  void everyHalfRoundTripsThroughFloatBitExactly() {
    for (int h = 0; h < 65536; h++) {
      short back = Half.fromFloat(Half.toFloat((short) h));
      assertThat(back & 0xffff).as("half %04x", h).isEqualTo(h);
    }
  }

  @Test
  void midpointsBetweenAdjacentHalvesRoundToEvenAndNeighboursRoundToNearest() {
    for (int sign : new int[] {0, 0x8000}) {
      for (int h = 0; h < 0x7c00; h++) { // every finite magnitude; h + 1 may be infinity
        double lo = Math.abs(referenceValue(h));
        double hi = h + 1 == 0x7c00 ? 65536.0 : Math.abs(referenceValue(h + 1)); // 65536 = next step past max
        double mid = (lo + hi) / 2;
        float midF = (float) mid;
        assertThat((double) midF).as("midpoint above %04x is a float", h).isEqualTo(mid);
        float s = sign == 0 ? 1f : -1f;
        int expectTie = (h & 1) == 0 ? h : h + 1;
        assertThat(Half.fromFloat(s * midF) & 0xffff).as("tie above %04x", h).isEqualTo(sign | expectTie);
        assertThat(Half.fromFloat(s * Math.nextDown(midF)) & 0xffff).as("below mid %04x", h).isEqualTo(sign | h);
        assertThat(Half.fromFloat(s * Math.nextUp(midF)) & 0xffff).as("above mid %04x", h).isEqualTo(sign | (h + 1));
      }
    }
  }

  @Test
  void knownValuesEncodeAsIeeeBinary16() {
    assertThat(Half.fromFloat(1.0f) & 0xffff).isEqualTo(0x3c00);
    assertThat(Half.fromFloat(-2.0f) & 0xffff).isEqualTo(0xc000);
    assertThat(Half.fromFloat(65504f) & 0xffff).isEqualTo(0x7bff);
    assertThat(Half.fromFloat(65520f) & 0xffff).isEqualTo(0x7c00);
    assertThat(Half.fromFloat(1e9f) & 0xffff).isEqualTo(0x7c00);
    assertThat(Half.fromFloat(Float.NEGATIVE_INFINITY) & 0xffff).isEqualTo(0xfc00);
    assertThat(Half.fromFloat(0x1p-24f) & 0xffff).isEqualTo(0x0001);
    assertThat(Half.fromFloat(0x1p-25f) & 0xffff).isEqualTo(0x0000);
    assertThat(Half.fromFloat(0x1.8p-25f) & 0xffff).isEqualTo(0x0001);
    assertThat(Half.fromFloat(0x1p-14f) & 0xffff).isEqualTo(0x0400);
    assertThat(Half.fromFloat(-0.0f) & 0xffff).isEqualTo(0x8000);
    assertThat(Half.fromFloat(0.1f) & 0xffff).isEqualTo(0x2e66);
    assertThat(Half.fromFloat(1f / 3f) & 0xffff).isEqualTo(0x3555);
    assertThat(Half.fromFloat(Float.MIN_VALUE) & 0xffff).isEqualTo(0x0000);
    int nan = Half.fromFloat(Float.NaN) & 0xffff;
    assertThat(nan & 0x7c00).isEqualTo(0x7c00);
    assertThat(nan & 0x3ff).isNotZero();
    assertThat(Float.isNaN(Half.toFloat((short) 0x7e00))).isTrue();
  }

  @Property(tries = 5000)
  void encodingIsTheNearestHalfWithTiesToEven(@ForAll @FloatRange(min = -65519f, max = 65519f) float f) {
    int h = Half.fromFloat(f) & 0xffff;
    double err = Math.abs(referenceValue(h) - f);
    int mag = h & 0x7fff;
    int sign = h & 0x8000;
    for (int neighbour : new int[] {mag - 1, mag + 1}) {
      if (neighbour < 0 || neighbour > 0x7bff) {
        continue;
      }
      double nErr = Math.abs(referenceValue(sign | neighbour) - f);
      assertThat(err).as("%s encoded as %04x vs neighbour %04x", f, h, neighbour).isLessThanOrEqualTo(nErr);
      if (err == nErr && f != 0f) {
        assertThat(mag & 1).as("tie at %s must pick the even mantissa", f).isZero();
      }
    }
  }
}
