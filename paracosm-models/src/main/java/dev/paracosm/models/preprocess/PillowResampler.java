package dev.paracosm.models.preprocess;

/**
 * Port of Pillow's antialiasing resampler ({@code Image.resize(size, resample)} with {@code
 * reducing_gap=None}, {@code src/libImaging/Resample.c}) for 8-bit images: separable convolution,
 * horizontal pass first into an intermediate 8-bit image, then vertical pass; filter weights
 * computed in double, normalised to sum 1, then converted to 22-bit fixed point with round half away
 * from zero; each output is {@code clamp((2^21 + sum(k_j * p_j)) >> 22, 0, 255)}. When downscaling
 * the filter support widens by the scale factor (antialiasing). A pass whose size does not change is
 * skipped.
 */
final class PillowResampler {

  static final int PRECISION_BITS = 32 - 8 - 2;

  /** Pillow's resampling filters with their support radius and PIL resample id. */
  enum Filter {
    /**
     * Pillow {@code Resampling.NEAREST} (0): not a convolution; Pillow runs an affine nearest-neighbour
     * transform ({@code ImagingScaleAffine}).
     */
    NEAREST(0, 0.0),
    /** Pillow {@code Resampling.LANCZOS} (1): 3-lobed windowed sinc. */
    LANCZOS(1, 3.0),
    /** Pillow {@code Resampling.BILINEAR} (2): triangle. */
    BILINEAR(2, 1.0),
    /** Pillow {@code Resampling.BICUBIC} (3): cubic convolution, a = -0.5. */
    BICUBIC(3, 2.0),
    /** Pillow {@code Resampling.BOX} (4). */
    BOX(4, 0.5),
    /** Pillow {@code Resampling.HAMMING} (5). */
    HAMMING(5, 1.0);

    final int pilId;
    final double support;

    Filter(int pilId, double support) {
      this.pilId = pilId;
      this.support = support;
    }

    /**
     * @param pilId PIL resample id
     * @return the filter, or null for unknown ids
     */
    static Filter ofPilId(int pilId) {
      for (Filter f : values()) {
        if (f.pilId == pilId) {
          return f;
        }
      }
      return null;
    }

    double apply(double x) {
      switch (this) {
        case NEAREST:
          throw new IllegalStateException("NEAREST is not a convolution filter");
        case BOX:
          return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0;
        case BILINEAR:
          if (x < 0.0) {
            x = -x;
          }
          return x < 1.0 ? 1.0 - x : 0.0;
        case BICUBIC: {
          final double a = -0.5;
          if (x < 0.0) {
            x = -x;
          }
          if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
          }
          if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
          }
          return 0.0;
        }
        case HAMMING:
          if (x < 0.0) {
            x = -x;
          }
          if (x == 0.0) {
            return 1.0;
          }
          if (x >= 1.0) {
            return 0.0;
          }
          x = x * Math.PI;
          return Math.sin(x) / x * ((double) 0.54f + (double) 0.46f * Math.cos(x));
        case LANCZOS:
          if (-3.0 <= x && x < 3.0) {
            return sinc(x) * sinc(x / 3);
          }
          return 0.0;
        default:
          throw new AssertionError(this);
      }
    }

    private static double sinc(double x) {
      if (x == 0.0) {
        return 1.0;
      }
      x = x * Math.PI;
      return Math.sin(x) / x;
    }
  }

  /** Fixed-point coefficients of one pass: for output i, {@code size[i]} taps from {@code start[i]}. */
  record Coefficients(int ksize, int[] start, int[] size, int[] kk) {}

  private PillowResampler() {}

  /**
   * Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}.
   *
   * @param inSize input length
   * @param outSize output length
   * @param filter the filter
   * @return the per-output bounds and fixed-point weights
   */
  static Coefficients coefficients(int inSize, int outSize, Filter filter) {
    double scale = (double) ((float) inSize) / outSize;
    double filterscale = scale < 1.0 ? 1.0 : scale;
    double support = filter.support * filterscale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[outSize];
    int[] size = new int[outSize];
    int[] kk = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ww = 0.0;
      double ss = 1.0 / filterscale;
      int xmin = (int) (center - support + 0.5);
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      for (int x = 0; x < xmax; x++) {
        double w = filter.apply((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        if (ww != 0.0) {
          k[x] /= ww;
        }
      }
      for (int x = 0; x < xmax; x++) {
        double v = k[x] * (1 << PRECISION_BITS);
        kk[xx * ksize + x] = k[x] < 0 ? (int) (-0.5 + v) : (int) (0.5 + v);
      }
      start[xx] = xmin;
      size[xx] = xmax;
    }
    return new Coefficients(ksize, start, size, kk);
  }

  static int clip8(int in) {
    if (in >= (1 << PRECISION_BITS << 8)) {
      return 255;
    }
    if (in <= 0) {
      return 0;
    }
    return in >> PRECISION_BITS;
  }

  /**
   * Resizes an RGB image exactly as Pillow does.
   *
   * @param in the image
   * @param outW output width
   * @param outH output height
   * @param filter the filter
   * @return the resized image (the input itself when the size does not change)
   */
  static RgbImage resize(RgbImage in, int outW, int outH, Filter filter) {
    if (outW <= 0 || outH <= 0) {
      throw new IllegalArgumentException("output size must be positive: " + outW + "x" + outH);
    }
    if (filter == Filter.NEAREST) {
      return outW == in.width() && outH == in.height() ? in : nearest(in, outW, outH);
    }
    RgbImage cur = in;
    if (outW != cur.width()) {
      cur = horizontal(cur, outW, coefficients(cur.width(), outW, filter));
    }
    if (outH != cur.height()) {
      cur = vertical(cur, outH, coefficients(cur.height(), outH, filter));
    }
    return cur;
  }

  /**
   * Pillow's NEAREST resize: {@code ImagingScaleAffine} with {@code a[0] = in/out} and positions
   * accumulated in double from {@code a[0] * 0.5}; a source position outside the image leaves the
   * output black.
   */
  private static RgbImage nearest(RgbImage in, int outW, int outH) {
    double ax = (double) ((float) in.width()) / outW;
    double ay = (double) ((float) in.height()) / outH;
    int[] xintab = new int[outW];
    boolean[] xvalid = new boolean[outW];
    double xo = ax * 0.5;
    for (int x = 0; x < outW; x++) {
      int xin = xo < 0.0 ? -1 : (int) xo;
      if (xin >= 0 && xin < in.width()) {
        xintab[x] = xin;
        xvalid[x] = true;
      }
      xo += ax;
    }
    byte[] src = in.data();
    byte[] dst = new byte[outW * outH * 3];
    double yo = ay * 0.5;
    for (int y = 0; y < outH; y++) {
      int yi = yo < 0.0 ? -1 : (int) yo;
      if (yi >= 0 && yi < in.height()) {
        for (int x = 0; x < outW; x++) {
          if (xvalid[x]) {
            System.arraycopy(src, (yi * in.width() + xintab[x]) * 3, dst, (y * outW + x) * 3, 3);
          }
        }
      }
      yo += ay;
    }
    return new RgbImage(outW, outH, dst);
  }

  private static RgbImage horizontal(RgbImage in, int outW, Coefficients c) {
    int w = in.width();
    int h = in.height();
    byte[] src = in.data();
    byte[] dst = new byte[outW * h * 3];
    int half = 1 << (PRECISION_BITS - 1);
    for (int y = 0; y < h; y++) {
      int rowIn = y * w * 3;
      int rowOut = y * outW * 3;
      for (int xx = 0; xx < outW; xx++) {
        int xmin = c.start()[xx];
        int n = c.size()[xx];
        int kOff = xx * c.ksize();
        int ss0 = half;
        int ss1 = half;
        int ss2 = half;
        int p = rowIn + xmin * 3;
        for (int x = 0; x < n; x++, p += 3) {
          int k = c.kk()[kOff + x];
          ss0 += (src[p] & 0xff) * k;
          ss1 += (src[p + 1] & 0xff) * k;
          ss2 += (src[p + 2] & 0xff) * k;
        }
        int o = rowOut + xx * 3;
        dst[o] = (byte) clip8(ss0);
        dst[o + 1] = (byte) clip8(ss1);
        dst[o + 2] = (byte) clip8(ss2);
      }
    }
    return new RgbImage(outW, h, dst);
  }

  private static RgbImage vertical(RgbImage in, int outH, Coefficients c) {
    int w = in.width();
    byte[] src = in.data();
    byte[] dst = new byte[w * outH * 3];
    int half = 1 << (PRECISION_BITS - 1);
    int stride = w * 3;
    for (int yy = 0; yy < outH; yy++) {
      int ymin = c.start()[yy];
      int n = c.size()[yy];
      int kOff = yy * c.ksize();
      int rowOut = yy * stride;
      for (int xx = 0; xx < w; xx++) {
        int ss0 = half;
        int ss1 = half;
        int ss2 = half;
        int p = ymin * stride + xx * 3;
        for (int y = 0; y < n; y++, p += stride) {
          int k = c.kk()[kOff + y];
          ss0 += (src[p] & 0xff) * k;
          ss1 += (src[p + 1] & 0xff) * k;
          ss2 += (src[p + 2] & 0xff) * k;
        }
        int o = rowOut + xx * 3;
        dst[o] = (byte) clip8(ss0);
        dst[o + 1] = (byte) clip8(ss1);
        dst[o + 2] = (byte) clip8(ss2);
      }
    }
    return new RgbImage(w, outH, dst);
  }
}
