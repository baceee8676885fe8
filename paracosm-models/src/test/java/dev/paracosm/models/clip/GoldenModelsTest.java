package dev.paracosm.models.clip;

import static dev.paracosm.models.clip.GoldenFixtures.assertClose;
import static dev.paracosm.models.clip.GoldenFixtures.flat;
import static dev.paracosm.models.clip.GoldenFixtures.json;
import static dev.paracosm.models.clip.GoldenFixtures.table;
import static dev.paracosm.models.clip.GoldenFixtures.toDouble;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.paracosm.models.clip.internal.ModelConfig;
import dev.paracosm.models.clip.internal.TwoTowerModel;
import dev.paracosm.models.clip.internal.TwoTowerModel.Outputs;
import dev.paracosm.models.clip.internal.WeightSource;
import dev.paracosm.models.safetensors.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Golden test of the native CLIP/SigLIP towers against Hugging Face transformers v4.41.2: for every
 * model of {@code manifest.json} in {@code PARACOSM_GOLDEN_MODELS_DIR} (default: the vendored
 * fixtures), the checkpoint is loaded from its directory (everything derived from its {@code
 * config.json}), the stored pixel_values and token ids are run through both towers, and hidden
 * states, pooled outputs, raw and normalised embeddings, logits and the float64 reference are
 * compared with the manifest's tolerance guidance. Prints {@code golden-models: N passed, M failed}.
 *
 * <p>The checks are a flat list of named {@link Check}s produced per model by the {@link
 * CheckSource}s in {@link #SOURCES}; preprocessing checks can be added as another source.
 */
class GoldenModelsTest {
  /** float32 forward tolerance (manifest tolerance_guidance). */
  static final double ATOL = 1e-4;
  static final double RTOL = 1e-4;
  /** Normalised embeddings. */
  static final double NORM_ATOL = 1e-5;

  /** One named golden comparison; fails by throwing. */
  record Check(String name, Executable body) {}

  /** Produces checks for one manifest model; registers anything to close in {@code resources}. */
  interface CheckSource {
    void addChecks(Path root, String model, JsonNode entry, List<Check> checks, List<AutoCloseable> resources);
  }

  /** Every source of checks. Preprocessing checks are added in the test itself. */
  static final List<CheckSource> SOURCES = List.of(GoldenModelsTest::networkChecks);

  @Test
  @Timeout(600)
  void everyManifestModelMatchesTheTransformersReference() throws Exception {
    Path root = GoldenFixtures.root();
    JsonNode manifest = json(root.resolve("manifest.json"));
    List<Check> checks = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();
    int passed = 0;
    List<String> failures = new ArrayList<>();
    try {
      for (Iterator<Map.Entry<String, JsonNode>> it = manifest.get("models").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> m = it.next();
        for (CheckSource source : SOURCES) {
          source.addChecks(root, m.getKey(), m.getValue(), checks, resources);
        }
      }
      // preprocessing parity (uint8 resize/crop intermediates, pixel_values) for every model and full-size processor
      for (var pc : dev.paracosm.models.preprocess.PreprocessGoldenChecks.run(root)) {
        if (pc.status() != dev.paracosm.models.preprocess.PreprocessGoldenChecks.Status.INFO) {
          checks.add(new Check("preprocess " + pc.name(), () -> {
            if (pc.status() == dev.paracosm.models.preprocess.PreprocessGoldenChecks.Status.FAIL) {
              throw new AssertionError(pc.detail());
            }
          }));
        }
      }
      for (Check c : checks) {
        try {
          c.body().execute();
          passed++;
        } catch (Throwable t) {
          failures.add(c.name() + ": " + t);
        }
      }
    } finally {
      for (AutoCloseable r : resources) {
        r.close();
      }
    }
    failures.forEach(f -> System.err.println("golden-models FAILED " + f));
    System.out.println("golden-models: " + passed + " passed, " + failures.size() + " failed");
    assertThat(checks).isNotEmpty();
    assertThat(failures).as("failed golden checks").isEmpty();
  }

  // ----------------------------------------------------------------------------------------------

  /** Checks of the two towers of one model against expected/<model>/*.safetensors. */
  static void networkChecks(
      Path root, String model, JsonNode entry, List<Check> checks, List<AutoCloseable> resources) {
    Path dir = root.resolve(entry.path("dir").asText(model));
    Path exp = root.resolve("expected").resolve(model);
    Lazy<TwoTowerModel> net = new Lazy<>(() -> {
      ModelConfig config = ModelConfig.read(dir);
      try (SafetensorsFile r = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
        TwoTowerModel m = TwoTowerModel.load(config, WeightSource.of(r), Device.cpu(), DataType.FLOAT32);
        resources.add(m);
        return m;
      }
    });
    Lazy<Expected> vision = new Lazy<>(() -> Expected.read(exp.resolve("vision.safetensors")));
    Lazy<Expected> text = new Lazy<>(() -> Expected.read(exp.resolve("text.safetensors")));
    Lazy<Expected> logits = new Lazy<>(() -> Expected.read(exp.resolve("logits.safetensors")));
    Lazy<Expected> pre = new Lazy<>(() -> Expected.read(exp.resolve("preprocess.safetensors")));
    String p = model + "/";

    checks.add(new Check(p + "load", net::get));

    // ---- vision: stored batch pixel_values -> every output
    Lazy<Outputs> vis = new Lazy<>(() -> {
      long[] shape = pre.get().shape("pixel_values");
      return net.get().forwardVision(pre.get().floats("pixel_values"), (int) shape[0], true);
    });
    // The encode path (no hidden states requested) skips work that cannot reach the outputs.
    Lazy<Outputs> visFast = new Lazy<>(() -> {
      long[] shape = pre.get().shape("pixel_values");
      return net.get().forwardVision(pre.get().floats("pixel_values"), (int) shape[0], false);
    });
    checks.add(new Check(p + "vision.hidden_states", () -> {
      if (vision.get().has("hidden_states")) {
        List<float[]> hs = vis.get().hiddenStates();
        assertClose(p + "vision.hidden_states", concat(hs), vision.get().doubles("hidden_states"), ATOL, RTOL);
      }
    }));
    checks.add(new Check(p + "vision.last_hidden_state", () -> assertClose(
        p + "vision.last_hidden_state", vis.get().lastHidden(), vision.get().doubles("last_hidden_state"), ATOL, RTOL)));
    for (boolean encodePath : List.of(false, true)) {
      Lazy<Outputs> out = encodePath ? visFast : vis;
      String q = p + (encodePath ? "vision(encode path)." : "vision.");
      checks.add(new Check(q + "pooler_output", () -> assertClose(
          q + "pooler_output", flat(out.get().pooled()), vision.get().doubles("pooler_output"), ATOL, RTOL)));
      checks.add(new Check(q + "image_embeds", () -> assertClose(
          q + "image_embeds", flat(out.get().embeds()), vision.get().doubles("image_embeds"), ATOL, RTOL)));
    }
    checks.add(new Check(p + "vision.image_embeds_normalized", () -> assertClose(
        p + "vision.image_embeds_normalized", flat(TwoTowerModel.normalize(visFast.get().embeds())),
        vision.get().doubles("image_embeds_normalized"), NORM_ATOL, 0)));
    checks.add(new Check(p + "vision.image_embeds_one_image_per_forward", () -> {
      JsonNode images = json(root.resolve("manifest.json")).get("images");
      double[] expected = vision.get().doubles("image_embeds");
      int d = expected.length / images.size();
      for (int i = 0; i < images.size(); i++) {
        String id = images.get(i).get("id").asText();
        float[] one = net.get().encodeImages(pre.get().floats(id + ".pixel_values"), 1)[0];
        assertClose(p + "image_embeds of " + id + " alone", one,
            Arrays.copyOfRange(expected, i * d, (i + 1) * d), ATOL, RTOL);
      }
    }));

    // ---- text: stored token ids (texts.json) -> every output
    Lazy<long[][]> ids = new Lazy<>(() -> table(json(root.resolve("inputs/texts.json")).get("tokenized").get(model).get("input_ids")));
    Lazy<long[][]> mask = new Lazy<>(() -> table(json(root.resolve("inputs/texts.json")).get("tokenized").get(model).get("attention_mask")));
    Lazy<Boolean> clip = new Lazy<>(() -> net.get().config().family() == ModelConfig.Family.CLIP);
    // CLIP goldens pass the tokenizer mask; SigLIP's primary goldens use none (as SigLIP was trained).
    Lazy<Outputs> txt = new Lazy<>(() -> net.get().forwardText(ids.get(), clip.get() ? mask.get() : null, true));
    Lazy<Outputs> txtMasked = new Lazy<>(() -> net.get().forwardText(ids.get(), mask.get(), true));
    Lazy<Outputs> txtFast = new Lazy<>(() -> net.get().forwardText(ids.get(), clip.get() ? mask.get() : null, false));
    checks.add(new Check(p + "text(encode path).pooler_output", () -> assertClose(p + "text(encode path).pooler_output",
        flat(txtFast.get().pooled()), text.get().doubles("pooler_output"), ATOL, RTOL)));
    checks.add(new Check(p + "text(encode path).text_embeds", () -> assertClose(p + "text(encode path).text_embeds",
        flat(txtFast.get().embeds()), text.get().doubles("text_embeds"), ATOL, RTOL)));
    checks.add(new Check(p + "text.input_ids_match_texts_json", () -> {
      long[] stored = text.get().longs("input_ids");
      assertThat(stored).as("text.safetensors input_ids vs inputs/texts.json").containsExactly(flatLongs(ids.get()));
    }));
    checks.add(new Check(p + "text.pooled_index", () -> assertThat(txt.get().poolIndex())
        .as(p + "pooled positions").containsExactly(text.get().longs("pooled_index"))));
    checks.add(new Check(p + "text.hidden_states", () -> {
      if (text.get().has("hidden_states")) {
        assertClose(p + "text.hidden_states", concat(txt.get().hiddenStates()), text.get().doubles("hidden_states"), ATOL, RTOL);
      }
    }));
    for (String prefix : List.of("", "masked.")) {
      Lazy<Outputs> out = prefix.isEmpty() ? txt : txtMasked;
      String q = p + "text." + prefix;
      checks.add(new Check(q + "last_hidden_state", () -> {
        if (prefix.isEmpty() || text.get().has(prefix + "last_hidden_state")) {
          assertClose(q + "last_hidden_state", out.get().lastHidden(), text.get().doubles(prefix + "last_hidden_state"), ATOL, RTOL);
        }
      }));
      checks.add(new Check(q + "pooler_output", () -> {
        if (prefix.isEmpty() || text.get().has(prefix + "pooler_output")) {
          assertClose(q + "pooler_output", flat(out.get().pooled()), text.get().doubles(prefix + "pooler_output"), ATOL, RTOL);
        }
      }));
      checks.add(new Check(q + "text_embeds", () -> {
        if (prefix.isEmpty() || text.get().has(prefix + "text_embeds")) {
          assertClose(q + "text_embeds", flat(out.get().embeds()), text.get().doubles(prefix + "text_embeds"), ATOL, RTOL);
        }
      }));
      checks.add(new Check(q + "text_embeds_normalized", () -> {
        if (prefix.isEmpty() || text.get().has(prefix + "text_embeds_normalized")) {
          assertClose(q + "text_embeds_normalized", flat(TwoTowerModel.normalize(out.get().embeds())),
              text.get().doubles(prefix + "text_embeds_normalized"), NORM_ATOL, 0);
        }
      }));
    }

    // ---- logits
    checks.add(new Check(p + "logit_scale", () -> assertThat(net.get().logitScale())
        .isEqualTo(logits.get().floats("logit_scale")[0])));
    checks.add(new Check(p + "logit_bias", () -> {
      if (logits.get().has("logit_bias")) {
        assertThat(net.get().hasLogitBias()).isTrue();
        assertThat(net.get().logitBias()).isEqualTo(logits.get().floats("logit_bias")[0]);
      } else {
        assertThat(net.get().hasLogitBias()).isFalse();
      }
    }));
    for (String prefix : List.of("", "masked.")) {
      Lazy<Outputs> out = prefix.isEmpty() ? txtFast : txtMasked;
      checks.add(new Check(p + prefix + "logits_per_image", () -> {
        if (prefix.isEmpty() || logits.get().has(prefix + "logits_per_image")) {
          float[][] li = net.get().logitsPerImage(visFast.get().embeds(), out.get().embeds());
          assertClose(p + prefix + "logits_per_image", flat(li), logits.get().doubles(prefix + "logits_per_image"),
              logitsAtol(logits.get()), RTOL);
        }
      }));
      checks.add(new Check(p + prefix + "logits_per_text", () -> {
        if (prefix.isEmpty() || logits.get().has(prefix + "logits_per_text")) {
          float[][] li = net.get().logitsPerImage(visFast.get().embeds(), out.get().embeds());
          assertClose(p + prefix + "logits_per_text", flat(transpose(li)), logits.get().doubles(prefix + "logits_per_text"),
              logitsAtol(logits.get()), RTOL);
        }
      }));
    }

    // ---- float64 reference of the same weights: our float32 error stays within tolerance
    Path f64 = exp.resolve("reference_f64.safetensors");
    if (Files.exists(f64)) {
      Lazy<Expected> ref = new Lazy<>(() -> Expected.read(f64));
      checks.add(new Check(p + "f64.embeds_and_pooled", () -> {
        System.err.printf("golden-models info: %s max |float32 - float64|: image_embeds %.3g, text_embeds %.3g%n",
            model, maxDiff(flat(visFast.get().embeds()), ref.get().doubles("image_embeds")),
            maxDiff(flat(txtFast.get().embeds()), ref.get().doubles("text_embeds")));
        assertClose(p + "f64 image_embeds", flat(visFast.get().embeds()), ref.get().doubles("image_embeds"), ATOL, RTOL);
        assertClose(p + "f64 text_embeds", flat(txtFast.get().embeds()), ref.get().doubles("text_embeds"), ATOL, RTOL);
        assertClose(p + "f64 vision_pooler_output", flat(visFast.get().pooled()), ref.get().doubles("vision_pooler_output"), ATOL, RTOL);
        assertClose(p + "f64 text_pooler_output", flat(txtFast.get().pooled()), ref.get().doubles("text_pooler_output"), ATOL, RTOL);
      }));
      checks.add(new Check(p + "f64.normalized_and_logits", () -> {
        assertClose(p + "f64 image_embeds_normalized", flat(TwoTowerModel.normalize(visFast.get().embeds())),
            ref.get().doubles("image_embeds_normalized"), NORM_ATOL, 0);
        assertClose(p + "f64 text_embeds_normalized", flat(TwoTowerModel.normalize(txtFast.get().embeds())),
            ref.get().doubles("text_embeds_normalized"), NORM_ATOL, 0);
        assertClose(p + "f64 logits_per_image", flat(net.get().logitsPerImage(visFast.get().embeds(), txtFast.get().embeds())),
            ref.get().doubles("logits_per_image"), logitsAtol(logits.get()), RTOL);
      }));
    }
    resources.add(() -> {
      for (Lazy<Expected> e : List.of(vision, text, logits, pre)) {
        e.ifPresent(Expected::close);
      }
    });
  }

  /** atol 1e-4 * exp(logit_scale), per the manifest's tolerance guidance. */
  static double logitsAtol(Expected logits) {
    return 1e-4 * Math.exp(logits.floats("logit_scale")[0]);
  }

  static double maxDiff(float[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static float[] concat(List<float[]> parts) {
    return flat(parts.toArray(new float[0][]));
  }

  static long[] flatLongs(long[][] rows) {
    return Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
  }

  static float[][] transpose(float[][] m) {
    float[][] t = new float[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }

  /** An expected-values safetensors file. */
  record Expected(SafetensorsFile reader) implements AutoCloseable {
    static Expected read(Path file) {
      return new Expected(SafetensorsFile.open(file));
    }

    boolean has(String name) {
      return reader.contains(name);
    }

    long[] shape(String name) {
      return reader.info(name).shape();
    }

    float[] floats(String name) {
      return reader.floats(name);
    }

    double[] doubles(String name) {
      return reader.doubles(name);
    }

    long[] longs(String name) {
      return reader.longs(name);
    }

    @Override
    public void close() {
      reader.close();
    }
  }

  /** Memoised value; a failure is remembered and rethrown to every dependent check. */
  static final class Lazy<T> {
    private final Supplier<T> supplier;
    private T value;
    private RuntimeException failure;
    private boolean done;

    Lazy(Supplier<T> supplier) {
      this.supplier = supplier;
    }

    T get() {
      if (!done) {
        done = true;
        try {
          value = supplier.get();
        } catch (RuntimeException | Error e) {
          failure = new IllegalStateException("prerequisite failed: " + e, e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return value;
    }

    void ifPresent(java.util.function.Consumer<T> action) {
      if (done && value != null) {
        action.accept(value);
      }
    }
  }
}
