package dev.paracosm.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.preprocess.ImagePreprocessor;
import dev.paracosm.models.safetensors.SafetensorsFile;
import dev.paracosm.models.tokenize.TextTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Access to the model golden fixtures (env {@code PARACOSM_GOLDEN_MODELS_DIR}, default the vendored
 * copy), plus reference-backed stand-ins for the preprocessing/tokenizer seams: they return the
 * pixel_values / token ids that transformers produced for the fixture inputs, so encoder tests
 * exercise the network and the batching logic independently of the preprocessing implementations.
 */
final class GoldenFixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private GoldenFixtures() {}

  /** @return the golden models directory */
  static Path root() {
    String env = System.getenv("PARACOSM_GOLDEN_MODELS_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of("src/test/resources/fixtures/models");
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode manifest() {
    return json(root().resolve("manifest.json"));
  }

  /** Reads a 2-D integer table (input_ids / attention_mask) from a JSON array of arrays. */
  static long[][] table(JsonNode rows) {
    long[][] out = new long[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      out[i] = new long[r.size()];
      for (int j = 0; j < r.size(); j++) {
        out[i][j] = r.get(j).asLong();
      }
    }
    return out;
  }

  /** Splits a flat row-major array into rows of the given width. */
  static long[][] rows(long[] flat, int width) {
    long[][] out = new long[flat.length / width][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return out;
  }

  /** Splits a flat row-major array into rows of the given width. */
  static float[][] rows(float[] flat, int width) {
    float[][] out = new float[flat.length / width][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return out;
  }

  static float[] flat(float[][] rows) {
    int n = 0;
    for (float[] r : rows) {
      n += r.length;
    }
    float[] out = new float[n];
    int o = 0;
    for (float[] r : rows) {
      System.arraycopy(r, 0, out, o, r.length);
      o += r.length;
    }
    return out;
  }

  /** The fixture images of the manifest, in manifest order. */
  static List<ImageData> images() {
    List<ImageData> out = new ArrayList<>();
    for (JsonNode img : manifest().get("images")) {
      out.add(ImageData.read(root().resolve("inputs/images").resolve(img.get("file").asText())));
    }
    return out;
  }

  /** The fixture texts of the manifest, in order. */
  static List<String> texts() {
    List<String> out = new ArrayList<>();
    for (JsonNode t : json(root().resolve("inputs/texts.json")).get("texts")) {
      out.add(t.get("text").asText());
    }
    return out;
  }

  /** A preprocessor returning the reference pixel_values of the fixture images for one model. */
  static ImagePreprocessor referencePreprocessor(String model) {
    Map<String, float[]> bySha = new HashMap<>();
    int h;
    int w;
    try (SafetensorsFile r = SafetensorsFile.open(root().resolve("expected").resolve(model).resolve("preprocess.safetensors"))) {
      long[] shape = r.info("pixel_values").shape();
      h = (int) shape[2];
      w = (int) shape[3];
      JsonNode images = manifest().get("images");
      for (JsonNode img : images) {
        bySha.put(img.get("sha256").asText(), r.floats(img.get("id").asText() + ".pixel_values"));
      }
    }
    int height = h;
    int width = w;
    return new ImagePreprocessor() {
      @Override
      public int height() {
        return height;
      }

      @Override
      public int width() {
        return width;
      }

      @Override
      public float[] process(ImageData image) {
        float[] p = bySha.get(image.sha256());
        if (p == null) {
          throw new IllegalArgumentException("not a fixture image: " + image);
        }
        return p.clone();
      }
    };
  }

  /** A tokenizer returning the reference ids/masks of inputs/texts.json for one model. */
  static TextTokenizer referenceTokenizer(String model) {
    JsonNode texts = json(root().resolve("inputs/texts.json"));
    JsonNode tok = texts.get("tokenized").get(model);
    long[][] ids = table(tok.get("input_ids"));
    long[][] mask = table(tok.get("attention_mask"));
    Map<String, TextTokenizer.Encoding> byText = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      byText.put(texts.get("texts").get(i).get("text").asText(), new TextTokenizer.Encoding(ids[i], mask[i]));
    }
    int maxLength = ids[0].length;
    return new TextTokenizer() {
      @Override
      public int maxLength() {
        return maxLength;
      }

      @Override
      public Encoding encode(String text) {
        Encoding e = byText.get(text);
        if (e == null) {
          throw new IllegalArgumentException("not a fixture text: " + text);
        }
        return new Encoding(e.ids().clone(), e.attentionMask().clone());
      }

      @Override
      public List<Encoding> encodeBatch(List<String> batch) {
        return batch.stream().map(this::encode).toList();
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Asserts |actual - expected| <= atol + rtol * |expected| elementwise.
   *
   * @throws AssertionError naming the quantity, the worst index and values
   */
  static void assertClose(String what, float[] actual, double[] expected, double atol, double rtol) {
    if (actual.length != expected.length) {
      throw new AssertionError(what + ": length " + actual.length + " != expected " + expected.length);
    }
    double worst = -1;
    int at = -1;
    for (int i = 0; i < actual.length; i++) {
      double diff = Math.abs(actual[i] - expected[i]);
      double excess = diff - (atol + rtol * Math.abs(expected[i]));
      if (!(excess <= 0) && (at < 0 || excess > worst || Double.isNaN(diff))) {
        worst = excess;
        at = i;
      }
    }
    if (at >= 0) {
      throw new AssertionError(String.format(
          "%s: element %d is %s, expected %s (|diff| %.3g > atol %.1g + rtol %.1g * |expected|)",
          what, at, actual[at], expected[at], Math.abs(actual[at] - expected[at]), atol, rtol));
    }
  }

  static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
