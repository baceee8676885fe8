package dev.paracosm.models.preprocess;

import dev.paracosm.image.ImageData;
import java.util.Objects;

/**
 * {@code CLIPImageProcessor} / {@code SiglipImageProcessor} (transformers v4.41.2) on top of Pillow
 * semantics: RGB conversion, optional TargetPad, resize (Pillow antialiasing), centre crop (CLIP),
 * rescale and normalise in float32 with numpy's order of operations, CHW output.
 */
final class HfImagePreprocessor implements ImagePreprocessor {

  /**
   * Every stage of one image, for parity tests.
   *
   * @param rgb the decoded RGB image
   * @param padded after TargetPad (the same object as {@code rgb} when TargetPad is off or a no-op)
   * @param resized after the resize (the input of the resize when {@code do_resize} is false)
   * @param cropped after the centre crop (the same as {@code resized} without a crop)
   * @param pixelValues float32 CHW
   */
  record Stages(RgbImage rgb, RgbImage padded, RgbImage resized, RgbImage cropped, float[] pixelValues) {}

  private final PreprocessorConfig config;
  private final PreprocessOptions options;

  HfImagePreprocessor(PreprocessorConfig config, PreprocessOptions options) {
    this.config = Objects.requireNonNull(config, "config");
    this.options = Objects.requireNonNull(options, "options");
  }

  PreprocessorConfig config() {
    return config;
  }

  @Override
  public int height() {
    return config.outputHeight();
  }

  @Override
  public int width() {
    return config.outputWidth();
  }

  @Override
  public float[] process(ImageData image) {
    Objects.requireNonNull(image, "image");
    return stages(ImageDecoder.decode(image)).pixelValues();
  }

  /**
   * Runs the pipeline on a decoded image.
   *
   * @param rgb the RGB image (as Pillow's {@code convert('RGB')} would give)
   * @return every stage
   */
  Stages stages(RgbImage rgb) {
    RgbImage padded = options.targetPad() ? targetPad(rgb, options.targetPadRatio()) : rgb;
    RgbImage resized = config.doResize() ? resize(padded) : padded;
    RgbImage cropped = config.doCenterCrop() ? centerCrop(resized, config.cropHeight(), config.cropWidth()) : resized;
    return new Stages(rgb, padded, resized, cropped, toPixelValues(cropped));
  }

  private RgbImage resize(RgbImage in) {
    int w = in.width();
    int h = in.height();
    int outW;
    int outH;
    if (config.shortestEdge() > 0) {
      int[] wh = shortestEdgeSize(w, h, config.shortestEdge());
      outW = wh[0];
      outH = wh[1];
    } else {
      outW = config.resizeWidth();
      outH = config.resizeHeight();
    }
    return PillowResampler.resize(in, outW, outH, config.resample());
  }

  /**
   * transformers' {@code get_resize_output_image_size(size=S, default_to_square=False)}: the shorter
   * side becomes S, the longer {@code int(S * long / short)} (the quotient in double, truncated).
   *
   * @return {width, height}
   */
  static int[] shortestEdgeSize(int w, int h, int s) {
    int shortSide = Math.min(w, h);
    int longSide = Math.max(w, h);
    if (shortSide == s) {
      return new int[] {w, h};
    }
    int newLong = (int) ((double) ((long) s * longSide) / shortSide);
    return w <= h ? new int[] {s, newLong} : new int[] {newLong, s};
  }

  /**
   * transformers' {@code center_crop}: top = (H - ch) // 2, left = (W - cw) // 2 (floor); an image
   * smaller than the crop is first zero-padded, placed at ceil((new - orig) / 2).
   */
  static RgbImage centerCrop(RgbImage in, int ch, int cw) {
    int h = in.height();
    int w = in.width();
    int top = Math.floorDiv(h - ch, 2);
    int left = Math.floorDiv(w - cw, 2);
    if (top >= 0 && left >= 0 && top + ch <= h && left + cw <= w) {
      if (top == 0 && left == 0 && ch == h && cw == w) {
        return in;
      }
      byte[] out = new byte[ch * cw * 3];
      for (int y = 0; y < ch; y++) {
        System.arraycopy(in.data(), ((top + y) * w + left) * 3, out, y * cw * 3, cw * 3);
      }
      return new RgbImage(cw, ch, out);
    }
    int newH = Math.max(ch, h);
    int newW = Math.max(cw, w);
    int topPad = (newH - h + 1) / 2;
    int leftPad = (newW - w + 1) / 2;
    byte[] padded = new byte[newH * newW * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(in.data(), y * w * 3, padded, ((y + topPad) * newW + leftPad) * 3, w * 3);
    }
    top += topPad;
    left += leftPad;
    int y0 = Math.max(0, top);
    int y1 = Math.min(newH, top + ch);
    int x0 = Math.max(0, left);
    int x1 = Math.min(newW, left + cw);
    int oh = y1 - y0;
    int ow = x1 - x0;
    byte[] out = new byte[oh * ow * 3];
    for (int y = 0; y < oh; y++) {
      System.arraycopy(padded, ((y0 + y) * newW + x0) * 3, out, y * ow * 3, ow * 3);
    }
    return new RgbImage(ow, oh, out);
  }

  /**
   * Paracosm's TargetPad (the CIR reference implementation's {@code TargetPad}): pads with black to
   * aspect ratio {@code ratio} when the image is at least that elongated.
   */
  static RgbImage targetPad(RgbImage in, double ratio) {
    int w = in.width();
    int h = in.height();
    double actual = (double) Math.max(w, h) / Math.min(w, h);
    if (actual < ratio) {
      return in;
    }
    double scaledMax = Math.max(w, h) / ratio;
    int hp = Math.max((int) ((scaledMax - w) / 2), 0);
    int vp = Math.max((int) ((scaledMax - h) / 2), 0);
    if (hp == 0 && vp == 0) {
      return in;
    }
    int nw = w + 2 * hp;
    int nh = h + 2 * vp;
    byte[] out = new byte[nw * nh * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(in.data(), y * w * 3, out, ((y + vp) * nw + hp) * 3, w * 3);
    }
    return new RgbImage(nw, nh, out);
  }

  /** Rescale and normalise with numpy's float64-then-float32 rescale and float32 normalise. */
  private float[] toPixelValues(RgbImage img) {
    int w = img.width();
    int h = img.height();
    int plane = w * h;
    float[] out = new float[3 * plane];
    float[] lut = new float[256 * 3];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        float x = config.doRescale() ? (float) (v * config.rescaleFactor()) : (float) v;
        if (config.doNormalize()) {
          x = (x - config.mean()[c]) / config.std()[c];
        }
        lut[c * 256 + v] = x;
      }
    }
    byte[] d = img.data();
    for (int i = 0; i < plane; i++) {
      out[i] = lut[d[i * 3] & 0xff];
      out[plane + i] = lut[256 + (d[i * 3 + 1] & 0xff)];
      out[2 * plane + i] = lut[512 + (d[i * 3 + 2] & 0xff)];
    }
    return out;
  }

  @Override
  public String toString() {
    return "ImagePreprocessor[" + config.family() + ", " + config.source() + ", " + height() + "x" + width()
        + (options.targetPad() ? ", TargetPad " + options.targetPadRatio() : "") + "]";
  }
}
