package dev.paracosm.models.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.models.preprocess.PillowResampler.Filter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A parsed {@code preprocessor_config.json} of a {@code CLIPImageProcessor} (also the legacy {@code
 * CLIPFeatureExtractor} form with integer {@code size}/{@code crop_size}) or {@code
 * SiglipImageProcessor}, with the class defaults of transformers v4.41.2 for absent or null keys.
 *
 * @param source the file, for messages
 * @param family which processor class the semantics follow
 * @param doResize resize first
 * @param shortestEdge target of the shorter side (CLIP {@code size.shortest_edge}), or 0 when a fixed
 *     {@code resizeHeight} x {@code resizeWidth} is used
 * @param resizeHeight fixed resize height (0 with shortest-edge resize)
 * @param resizeWidth fixed resize width (0 with shortest-edge resize)
 * @param resample the Pillow filter
 * @param doCenterCrop centre crop after the resize (CLIP only)
 * @param cropHeight crop height
 * @param cropWidth crop width
 * @param doRescale multiply by {@code rescaleFactor}
 * @param rescaleFactor usually 1/255
 * @param doNormalize subtract mean, divide by std
 * @param mean per-channel mean, float32 as numpy uses it
 * @param std per-channel std, float32
 */
record PreprocessorConfig(
    Path source,
    Family family,
    boolean doResize,
    int shortestEdge,
    int resizeHeight,
    int resizeWidth,
    Filter resample,
    boolean doCenterCrop,
    int cropHeight,
    int cropWidth,
    boolean doRescale,
    double rescaleFactor,
    boolean doNormalize,
    float[] mean,
    float[] std) {

  /** Processor classes whose semantics are implemented. */
  enum Family {
    CLIP,
    SIGLIP
  }

  static final double[] OPENAI_CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
  static final double[] OPENAI_CLIP_STD = {0.26862954, 0.26130258, 0.27577711};
  static final double[] HALF = {0.5, 0.5, 0.5};
  static final double DEFAULT_RESCALE = 1 / 255.0;
  static final int PIL_BICUBIC = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param file a preprocessor_config.json
   * @return the parsed config
   * @throws FormatCorruptException naming the file if it is missing, not JSON or has values of the
   *     wrong type
   * @throws InvalidInputException naming the file for valid but unsupported settings (unknown
   *     resample id, unknown processor class, variable output size)
   */
  static PreprocessorConfig load(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new FormatCorruptException("Preprocessor config " + file + " does not exist", e);
    } catch (IOException e) {
      throw new FormatCorruptException("Preprocessor config " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FormatCorruptException("Preprocessor config " + file + " is not a JSON object");
    }
    return parse(root, file);
  }

  static PreprocessorConfig parse(JsonNode root, Path file) {
    Family family = family(root, file);
    boolean doResize = bool(root, "do_resize", true, file);
    int shortest = 0;
    int rh = 0;
    int rw = 0;
    JsonNode size = present(root, "size");
    if (family == Family.CLIP) {
      if (size == null) {
        shortest = 224;
      } else if (size.isIntegralNumber()) {
        shortest = positive(size, "size", file);
      } else if (size.isObject() && size.has("shortest_edge")) {
        shortest = positive(size.get("shortest_edge"), "size.shortest_edge", file);
      } else if (size.isObject() && size.has("height") && size.has("width")) {
        rh = positive(size.get("height"), "size.height", file);
        rw = positive(size.get("width"), "size.width", file);
      } else {
        throw corrupt(file, "size must be an integer, {\"shortest_edge\": n} or {\"height\": h, \"width\": w}, got " + size);
      }
    } else {
      if (size == null) {
        rh = 224;
        rw = 224;
      } else if (size.isIntegralNumber()) {
        rh = positive(size, "size", file);
        rw = rh;
      } else if (size.isObject() && size.has("height") && size.has("width")) {
        rh = positive(size.get("height"), "size.height", file);
        rw = positive(size.get("width"), "size.width", file);
      } else {
        throw corrupt(file, "SigLIP size must be {\"height\": h, \"width\": w}, got " + size);
      }
    }
    JsonNode res = present(root, "resample");
    int resampleId = PIL_BICUBIC;
    if (res != null) {
      if (!res.isIntegralNumber()) {
        throw corrupt(file, "resample must be an integer PIL resample id, got " + res);
      }
      resampleId = res.asInt();
    }
    Filter filter = Filter.ofPilId(resampleId);
    if (filter == null) {
      throw new InvalidInputException(
          "Preprocessor config " + file + " asks for resample " + resampleId
              + ", which is not a PIL resample id; supported are 0 NEAREST, 1 LANCZOS, 2 BILINEAR, 3 BICUBIC, 4 BOX, 5 HAMMING");
    }
    boolean doCrop = false;
    int ch = 0;
    int cw = 0;
    if (family == Family.CLIP) {
      doCrop = bool(root, "do_center_crop", true, file);
      JsonNode crop = present(root, "crop_size");
      if (crop == null) {
        ch = 224;
        cw = 224;
      } else if (crop.isIntegralNumber()) {
        ch = positive(crop, "crop_size", file);
        cw = ch;
      } else if (crop.isObject() && crop.has("height") && crop.has("width")) {
        ch = positive(crop.get("height"), "crop_size.height", file);
        cw = positive(crop.get("width"), "crop_size.width", file);
      } else {
        throw corrupt(file, "crop_size must be an integer or {\"height\": h, \"width\": w}, got " + crop);
      }
    }
    boolean doRescale = bool(root, "do_rescale", true, file);
    double rescale = DEFAULT_RESCALE;
    JsonNode rf = present(root, "rescale_factor");
    if (rf != null) {
      if (!rf.isNumber() || !Double.isFinite(rf.asDouble())) {
        throw corrupt(file, "rescale_factor must be a number, got " + rf);
      }
      rescale = rf.asDouble();
    }
    boolean doNormalize = bool(root, "do_normalize", true, file);
    double[] defMean = family == Family.CLIP ? OPENAI_CLIP_MEAN : HALF;
    double[] defStd = family == Family.CLIP ? OPENAI_CLIP_STD : HALF;
    float[] mean = triple(root, "image_mean", defMean, file);
    float[] std = triple(root, "image_std", defStd, file);
    if (doNormalize) {
      for (float s : std) {
        if (s == 0f) {
          throw corrupt(file, "image_std has a zero entry");
        }
      }
    }
    boolean fixed = (family == Family.CLIP && doCrop) || (doResize && shortest == 0);
    if (!fixed) {
      throw new InvalidInputException(
          "Preprocessor config " + file + " gives a variable output size (do_resize=" + doResize
              + ", do_center_crop=" + doCrop + "); a model needs a fixed input size");
    }
    return new PreprocessorConfig(
        file, family, doResize, shortest, rh, rw, filter, doCrop, ch, cw, doRescale, rescale, doNormalize, mean, std);
  }

  /** @return output height of pixel_values */
  int outputHeight() {
    return doCenterCrop ? cropHeight : resizeHeight;
  }

  /** @return output width of pixel_values */
  int outputWidth() {
    return doCenterCrop ? cropWidth : resizeWidth;
  }

  private static Family family(JsonNode root, Path file) {
    String type = null;
    for (String key : new String[] {"image_processor_type", "feature_extractor_type"}) {
      JsonNode t = present(root, key);
      if (t != null) {
        if (!t.isTextual()) {
          throw corrupt(file, key + " must be a string, got " + t);
        }
        type = t.asText();
        break;
      }
    }
    if (type == null) {
      JsonNode size = present(root, "size");
      boolean clipLike = root.has("crop_size") || root.has("do_center_crop")
          || (size != null && (size.isIntegralNumber() || size.has("shortest_edge")));
      return clipLike ? Family.CLIP : Family.SIGLIP;
    }
    switch (type) {
      case "CLIPImageProcessor":
      case "CLIPFeatureExtractor":
        return Family.CLIP;
      case "SiglipImageProcessor":
        return Family.SIGLIP;
      default:
        throw new InvalidInputException(
            "Preprocessor config " + file + " is for " + type
                + ", which is not supported; supported are CLIPImageProcessor, CLIPFeatureExtractor and SiglipImageProcessor");
    }
  }

  private static JsonNode present(JsonNode root, String key) {
    JsonNode n = root.get(key);
    return n == null || n.isNull() ? null : n;
  }

  private static boolean bool(JsonNode root, String key, boolean def, Path file) {
    JsonNode n = present(root, key);
    if (n == null) {
      return def;
    }
    if (!n.isBoolean()) {
      throw corrupt(file, key + " must be true or false, got " + n);
    }
    return n.asBoolean();
  }

  private static int positive(JsonNode n, String key, Path file) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() <= 0) {
      throw corrupt(file, key + " must be a positive integer, got " + n);
    }
    return n.asInt();
  }

  private static float[] triple(JsonNode root, String key, double[] def, Path file) {
    JsonNode n = present(root, key);
    double[] v;
    if (n == null) {
      v = def;
    } else if (n.isNumber()) {
      v = new double[] {n.asDouble(), n.asDouble(), n.asDouble()};
    } else if (n.isArray() && n.size() == 3) {
      v = new double[3];
      for (int i = 0; i < 3; i++) {
        if (!n.get(i).isNumber()) {
          throw corrupt(file, key + " must hold 3 numbers, got " + n);
        }
        v[i] = n.get(i).asDouble();
      }
    } else {
      throw corrupt(file, key + " must be a number or an array of 3 numbers, got " + n);
    }
    float[] f = new float[3];
    for (int i = 0; i < 3; i++) {
      if (!Double.isFinite(v[i])) {
        throw corrupt(file, key + " has a non-finite entry");
      }
      f[i] = (float) v[i];
    }
    return f;
  }

  private static FormatCorruptException corrupt(Path file, String what) {
    return new FormatCorruptException("Preprocessor config " + file + " is malformed: " + what);
  }
}
