package dev.paracosm.models.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reusable golden checks of image preprocessing against a models fixture directory (the layout of
 * {@code fixtures/models}: {@code manifest.json}, {@code inputs/images}, {@code
 * expected/decoded_rgb.safetensors}, {@code expected/<model>/preprocess.safetensors}, and full-size
 * processor intermediates {@code expected/<name>.safetensors} whose manifest description names
 * {@code full-size/<dir>}).
 *
 * <p>Everything is driven by the manifest: every model and every image it lists, with each model's
 * own {@code preprocessor_config.json}. Checks:
 *
 * <ul>
 *   <li>{@code decode/<image>}: our decoder equals Pillow's {@code convert('RGB')} exactly (PNG and
 *       other lossless formats); for JPEG the difference is reported as INFO (decoders differ);
 *   <li>{@code <model>/<image>/resized|cropped}: uint8 intermediates exact, fed with Pillow's decoded
 *       RGB so that resize parity is checked independently of the decoder;
 *   <li>{@code <model>/<image>/pixel_values}: within 1e-6 of the processor output (detail says
 *       whether bit-exact), plus an end-to-end check from the encoded file for lossless inputs;
 *   <li>{@code <model>/batch/pixel_values}: the batched tensor in manifest image order;
 *   <li>full-size processors: resized/cropped exact, and pixel_values equal to the manifest's closed
 *       form evaluated on the reference crop.
 * </ul>
 */
public final class PreprocessGoldenChecks {

  /** Tolerance on pixel_values. */
  public static final double PIXEL_TOLERANCE = 1e-6;

  /** Outcome of one check. */
  public enum Status {
    /** Passed. */
    PASS,
    /** Failed. */
    FAIL,
    /** Informational (not counted): e.g. JPEG decoder differences. */
    INFO
  }

  /**
   * One named check.
   *
   * @param name what was checked
   * @param status outcome
   * @param detail measurement or reason
   */
  public record Check(String name, Status status, String detail) {
    @Override
    public String toString() {
      return status + " " + name + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FULL_SIZE_REF = Pattern.compile("full-size/([A-Za-z0-9._-]+)");

  private final Path root;
  private final List<Check> checks = new ArrayList<>();

  private PreprocessGoldenChecks(Path root) {
    this.root = root;
  }

  /**
   * Runs every check of a fixture directory.
   *
   * @param modelsDir the directory holding {@code manifest.json}
   * @return the checks, in a stable order
   */
  public static List<Check> run(Path modelsDir) {
    PreprocessGoldenChecks c = new PreprocessGoldenChecks(modelsDir);
    try {
      c.runAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(c.checks);
  }

  /** @return number of PASS checks */
  public static long passed(List<Check> checks) {
    return checks.stream().filter(c -> c.status() == Status.PASS).count();
  }

  /** @return number of FAIL checks */
  public static long failed(List<Check> checks) {
    return checks.stream().filter(c -> c.status() == Status.FAIL).count();
  }

  private record Image(String id, Path file, String format) {}

  private void runAll() throws IOException {
    JsonNode manifest = JSON.readTree(root.resolve("manifest.json").toFile());
    List<Image> images = new ArrayList<>();
    for (JsonNode im : manifest.path("images")) {
      images.add(new Image(
          im.get("id").asText(), root.resolve("inputs/images").resolve(im.get("file").asText()),
          im.path("format").asText("")));
    }
    List<RgbImage> reference = new ArrayList<>();
    try (SafetensorsFile decoded = SafetensorsFile.open(root.resolve("expected/decoded_rgb.safetensors"))) {
      for (Image im : images) {
        RgbImage ref = rgb(decoded, im.id() + ".rgb");
        reference.add(ref);
        checkDecode(im, ref);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> models = manifest.path("models").fields();
    while (models.hasNext()) {
      Map.Entry<String, JsonNode> m = models.next();
      String name = m.getKey();
      Path dir = root.resolve(m.getValue().path("dir").asText(name));
      Path expected = root.resolve("expected").resolve(name).resolve("preprocess.safetensors");
      if (!Files.exists(expected)) {
        checks.add(new Check(name + "/preprocess", Status.FAIL, "missing " + expected));
        continue;
      }
      checkModel(name, dir.resolve("preprocessor_config.json"), expected, images, reference);
    }
    Iterator<Map.Entry<String, JsonNode>> files = manifest.path("files").fields();
    while (files.hasNext()) {
      Map.Entry<String, JsonNode> f = files.next();
      String path = f.getKey();
      Matcher mm = FULL_SIZE_REF.matcher(f.getValue().path("description").asText(""));
      if (!path.startsWith("expected/") || !path.endsWith(".safetensors") || path.indexOf('/', 9) >= 0 || !mm.find()) {
        continue;
      }
      String name = path.substring("expected/".length(), path.length() - ".safetensors".length());
      Path config = root.resolve("full-size").resolve(mm.group(1)).resolve("preprocessor_config.json");
      checkFullSize(name, config, root.resolve(path), images, reference);
    }
  }

  private void checkDecode(Image im, RgbImage ref) {
    String name = "decode/" + im.id();
    RgbImage ours;
    try {
      ours = ImageDecoder.decode(ImageData.read(im.file()));
    } catch (RuntimeException e) {
      checks.add(new Check(name, Status.FAIL, e.toString()));
      return;
    }
    String diff = diffU8(ours, ref);
    boolean lossy = isLossy(im);
    if (diff == null) {
      checks.add(new Check(name, Status.PASS, "exact " + ref.width() + "x" + ref.height()));
    } else {
      checks.add(new Check(name, lossy ? Status.INFO : Status.FAIL, (lossy ? "JPEG decoder difference: " : "") + diff));
    }
  }

  private static boolean isLossy(Image im) {
    String f = im.format().toUpperCase(java.util.Locale.ROOT);
    String n = im.file().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return f.equals("JPEG") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  private void checkModel(String model, Path config, Path expectedFile, List<Image> images, List<RgbImage> reference) {
    HfImagePreprocessor pre;
    try {
      pre = (HfImagePreprocessor) ImagePreprocessor.fromConfig(config);
    } catch (RuntimeException e) {
      checks.add(new Check(model + "/config", Status.FAIL, e.toString()));
      return;
    }
    try (SafetensorsFile exp = SafetensorsFile.open(expectedFile)) {
      int plane = 3 * pre.height() * pre.width();
      float[] batch = new float[plane * images.size()];
      for (int i = 0; i < images.size(); i++) {
        Image im = images.get(i);
        String base = model + "/" + im.id();
        HfImagePreprocessor.Stages st = pre.stages(reference.get(i));
        compareU8(base + "/resized", st.resized(), exp, im.id() + ".resized");
        if (exp.contains(im.id() + ".cropped")) {
          compareU8(base + "/cropped", st.cropped(), exp, im.id() + ".cropped");
        }
        float[] expected = exp.floats(im.id() + ".pixel_values");
        comparePixels(base + "/pixel_values", st.pixelValues(), expected, Status.FAIL);
        System.arraycopy(st.pixelValues(), 0, batch, i * plane, Math.min(plane, st.pixelValues().length));
        try {
          float[] endToEnd = pre.process(ImageData.read(im.file()));
          comparePixels(
              base + "/pixel_values_from_file", endToEnd, expected, isLossy(im) ? Status.INFO : Status.FAIL);
        } catch (RuntimeException e) {
          checks.add(new Check(base + "/pixel_values_from_file", Status.FAIL, e.toString()));
        }
      }
      if (exp.contains("pixel_values")) {
        comparePixels(model + "/batch/pixel_values", batch, exp.floats("pixel_values"), Status.FAIL);
      }
    }
  }

  private void checkFullSize(String name, Path config, Path expectedFile, List<Image> images, List<RgbImage> reference) {
    HfImagePreprocessor pre;
    try {
      pre = (HfImagePreprocessor) ImagePreprocessor.fromConfig(config);
    } catch (RuntimeException e) {
      checks.add(new Check(name + "/config", Status.FAIL, e.toString()));
      return;
    }
    PreprocessorConfig cfg = pre.config();
    try (SafetensorsFile exp = SafetensorsFile.open(expectedFile)) {
      for (int i = 0; i < images.size(); i++) {
        Image im = images.get(i);
        String base = name + "/" + im.id();
        HfImagePreprocessor.Stages st = pre.stages(reference.get(i));
        compareU8(base + "/resized", st.resized(), exp, im.id() + ".resized");
        String last = im.id() + ".resized";
        if (exp.contains(im.id() + ".cropped")) {
          compareU8(base + "/cropped", st.cropped(), exp, im.id() + ".cropped");
          last = im.id() + ".cropped";
        }
        RgbImage refOut = rgb(exp, last);
        comparePixels(base + "/pixel_values", st.pixelValues(), closedForm(refOut, cfg), Status.FAIL);
      }
    }
  }

  /**
   * The manifest's closed form ({@code semantics.image_preprocessing.rescale/normalize}), written
   * independently of the production code: float32(x * (1/255) in float64), then float32 (v - mean) /
   * std, CHW.
   */
  static float[] closedForm(RgbImage img, PreprocessorConfig cfg) {
    int plane = img.width() * img.height();
    float[] out = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < plane; p++) {
        int x = img.data()[p * 3 + c] & 0xff;
        float v = cfg.doRescale() ? (float) ((double) x * cfg.rescaleFactor()) : x;
        if (cfg.doNormalize()) {
          float m = cfg.mean()[c];
          float s = cfg.std()[c];
          v = (v - m) / s;
        }
        out[c * plane + p] = v;
      }
    }
    return out;
  }

  private void compareU8(String name, RgbImage ours, SafetensorsFile exp, String tensor) {
    if (!exp.contains(tensor)) {
      checks.add(new Check(name, Status.FAIL, "expected tensor " + tensor + " missing"));
      return;
    }
    RgbImage ref = rgb(exp, tensor);
    String diff = diffU8(ours, ref);
    checks.add(diff == null
        ? new Check(name, Status.PASS, "exact " + ref.width() + "x" + ref.height())
        : new Check(name, Status.FAIL, diff));
  }

  private void comparePixels(String name, float[] ours, float[] expected, Status onMismatch) {
    if (ours.length != expected.length) {
      checks.add(new Check(name, onMismatch, "length " + ours.length + " vs expected " + expected.length));
      return;
    }
    double max = 0;
    int differing = 0;
    for (int i = 0; i < ours.length; i++) {
      if (Float.floatToIntBits(ours[i]) != Float.floatToIntBits(expected[i])) {
        differing++;
        max = Math.max(max, Math.abs((double) ours[i] - expected[i]));
      }
    }
    if (differing == 0) {
      checks.add(new Check(name, Status.PASS, "bit-exact"));
    } else if (max <= PIXEL_TOLERANCE) {
      checks.add(new Check(name, Status.PASS, differing + " values differ, max |diff| " + max));
    } else {
      checks.add(new Check(name, onMismatch, differing + " of " + ours.length + " values differ, max |diff| " + max));
    }
  }

  /** @return null when equal, otherwise a description */
  static String diffU8(RgbImage ours, RgbImage ref) {
    if (ours.width() != ref.width() || ours.height() != ref.height()) {
      return "size " + ours.width() + "x" + ours.height() + " vs expected " + ref.width() + "x" + ref.height();
    }
    byte[] a = ours.data();
    byte[] b = ref.data();
    int differing = 0;
    int max = 0;
    for (int i = 0; i < a.length; i++) {
      int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
      if (d != 0) {
        differing++;
        max = Math.max(max, d);
      }
    }
    return differing == 0 ? null : differing + " of " + a.length + " bytes differ, max |diff| " + max;
  }

  static RgbImage rgb(SafetensorsFile f, String tensor) {
    int[] s = f.shape(tensor);
    if (s.length != 3 || s[2] != 3) {
      throw new IllegalStateException("tensor " + tensor + " of " + f.path() + " is not HWC RGB: " + java.util.Arrays.toString(s));
    }
    return new RgbImage(s[1], s[0], f.u8(tensor));
  }
}
