package dev.paracosm.models.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PillowResamplerPropertiesTest {

  @Property(tries = 200)
  void aConstantImageStaysConstantUnderEveryFilterAndSize(
      @ForAll @IntRange(min = 1, max = 60) int w,
      @ForAll @IntRange(min = 1, max = 60) int h,
      @ForAll @IntRange(min = 1, max = 90) int ow,
      @ForAll @IntRange(min = 1, max = 90) int oh,
      @ForAll @IntRange(min = 0, max = 255) int value,
      @ForAll @IntRange(min = 0, max = 5) int filterId) {
    byte[] d = new byte[w * h * 3];
    Arrays.fill(d, (byte) value);
    RgbImage out = PillowResampler.resize(new RgbImage(w, h, d), ow, oh, PillowResampler.Filter.ofPilId(filterId));
    assertThat(out.width()).isEqualTo(ow);
    assertThat(out.height()).isEqualTo(oh);
    for (byte b : out.data()) {
      assertThat(b & 0xff).isEqualTo(value);
    }
  }

  @Property(tries = 200)
  void fixedPointWeightsOfEveryOutputSumToOneWithinRounding(
      @ForAll @IntRange(min = 1, max = 500) int in,
      @ForAll @IntRange(min = 1, max = 500) int out,
      @ForAll @IntRange(min = 1, max = 5) int filterId) {
    var c = PillowResampler.coefficients(in, out, PillowResampler.Filter.ofPilId(filterId));
    for (int i = 0; i < out; i++) {
      long sum = 0;
      for (int k = 0; k < c.size()[i]; k++) {
        sum += c.kk()[i * c.ksize() + k];
      }
      assertThat(c.start()[i]).isBetween(0, in - 1);
      assertThat(c.start()[i] + c.size()[i]).isLessThanOrEqualTo(in);
      assertThat(Math.abs(sum - (1L << PillowResampler.PRECISION_BITS))).isLessThanOrEqualTo(c.size()[i]);
    }
  }

  @Property(tries = 100)
  void shortestEdgeResizeMakesTheShortSideExactlyTheTarget(
      @ForAll @IntRange(min = 1, max = 5000) int w,
      @ForAll @IntRange(min = 1, max = 5000) int h,
      @ForAll @IntRange(min = 1, max = 1024) int s) {
    int[] wh = HfImagePreprocessor.shortestEdgeSize(w, h, s);
    int shortOut = w <= h ? wh[0] : wh[1];
    int longOut = w <= h ? wh[1] : wh[0];
    assertThat(shortOut).isEqualTo(Math.min(w, h) == s ? Math.min(w, h) : s);
    assertThat((long) longOut * Math.min(w, h)).isLessThanOrEqualTo((long) s * Math.max(w, h));
  }

  @Property(tries = 50)
  void bicubicKernelHasTheManifestValues(@ForAll @IntRange(min = 0, max = 400) int hundredths) {
    double x = hundredths / 100.0;
    double a = -0.5;
    double expected = x < 1 ? ((a + 2) * x - (a + 3)) * x * x + 1 : x < 2 ? (((x - 5) * x + 8) * x - 4) * a : 0;
    assertThat(PillowResampler.Filter.BICUBIC.apply(x)).isEqualTo(expected);
    assertThat(PillowResampler.Filter.BICUBIC.apply(-x)).isEqualTo(expected);
  }
}
