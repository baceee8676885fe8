package dev.paracosm.models.clip;

import static dev.paracosm.models.clip.GoldenFixtures.assertClose;
import static dev.paracosm.models.clip.GoldenFixtures.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import dev.paracosm.ConfigurationException;
import dev.paracosm.ModelUnavailableException;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.preprocess.ImagePreprocessor;
import dev.paracosm.models.safetensors.SafetensorsFile;
import dev.paracosm.models.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class DjlClipEncoderTest {
  static final double ATOL = 1e-4;
  static final double RTOL = 1e-4;

  static DjlClipEncoder.Builder builder(String model) {
    return DjlClipEncoder.builder(GoldenFixtures.root().resolve(model))
        .imagePreprocessor(GoldenFixtures.referencePreprocessor(model))
        .textTokenizer(GoldenFixtures.referenceTokenizer(model))
        .device("cpu");
  }

  static double[] expected(String model, String file, String tensor) {
    try (SafetensorsFile r = SafetensorsFile.open(GoldenFixtures.root().resolve("expected").resolve(model).resolve(file))) {
      return r.doubles(tensor);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-clip", "tiny-siglip"})
  void encodesImagesToTheReferenceRawImageEmbeds(String model) {
    try (DjlClipEncoder enc = builder(model).build()) {
      List<float[]> out = enc.encodeImages(GoldenFixtures.images());
      assertThat(out).allSatisfy(v -> assertThat(v).hasSize(enc.dimension()));
      assertClose(model + " image_embeds", flat(out.toArray(new float[0][])),
          expected(model, "vision.safetensors", "image_embeds"), ATOL, RTOL);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-clip", "tiny-siglip"})
  void encodesTextsToTheReferenceRawTextEmbeds(String model) {
    // SigLIP must match the primary (unmasked) goldens: the encoder passes no attention mask.
    try (DjlClipEncoder enc = builder(model).build()) {
      List<float[]> out = enc.encodeTexts(GoldenFixtures.texts());
      assertClose(model + " text_embeds", flat(out.toArray(new float[0][])),
          expected(model, "text.safetensors", "text_embeds"), ATOL, RTOL);
    }
  }

  @Test
  void returnsRawProjectionsNotUnitVectors() {
    try (DjlClipEncoder enc = builder("tiny-clip").build()) {
      float[] v = enc.encodeText(GoldenFixtures.texts().get(0));
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertThat(Math.sqrt(norm)).isNotCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  @Test
  void microBatchesGiveTheSameEmbeddingsAsOneBatch() {
    List<ImageData> images = GoldenFixtures.images();
    List<String> texts = GoldenFixtures.texts();
    try (DjlClipEncoder one = builder("tiny-clip").microBatchSize(64).build();
        DjlClipEncoder small = builder("tiny-clip").microBatchSize(2).build()) {
      assertThat(small.microBatchSize()).isEqualTo(2);
      assertClose("micro-batched images", flat(small.encodeImages(images).toArray(new float[0][])),
          GoldenFixtures.toDouble(flat(one.encodeImages(images).toArray(new float[0][]))), 1e-5, 0);
      assertClose("micro-batched texts", flat(small.encodeTexts(texts).toArray(new float[0][])),
          GoldenFixtures.toDouble(flat(one.encodeTexts(texts).toArray(new float[0][]))), 1e-5, 0);
    }
  }

  @Test
  void singleItemMethodsMatchTheBatchMethods() {
    List<ImageData> images = GoldenFixtures.images();
    try (DjlClipEncoder enc = builder("tiny-siglip").build()) {
      List<float[]> batch = enc.encodeImages(images);
      for (int i = 0; i < images.size(); i++) {
        assertClose("image " + i, enc.encodeImage(images.get(i)), GoldenFixtures.toDouble(batch.get(i)), 1e-5, 0);
      }
      String t = GoldenFixtures.texts().get(2);
      assertClose("text", enc.encodeText(t), GoldenFixtures.toDouble(enc.encodeTexts(List.of(t)).get(0)), 1e-5, 0);
    }
  }

  @Test
  void concurrentEncodesFromFourThreadsMatchSequentialResults() throws Exception {
    List<ImageData> images = GoldenFixtures.images();
    List<String> texts = GoldenFixtures.texts();
    try (DjlClipEncoder enc = builder("tiny-clip").microBatchSize(3).build()) {
      float[] seqImages = flat(enc.encodeImages(images).toArray(new float[0][]));
      float[] seqTexts = flat(enc.encodeTexts(texts).toArray(new float[0][]));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<float[][]>> jobs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          jobs.add(() -> {
            float[] img = null;
            float[] txt = null;
            for (int round = 0; round < 10; round++) {
              img = flat(enc.encodeImages(images).toArray(new float[0][]));
              txt = flat(enc.encodeTexts(texts).toArray(new float[0][]));
            }
            return new float[][] {img, txt};
          });
        }
        for (Future<float[][]> f : pool.invokeAll(jobs)) {
          float[][] r = f.get(60, TimeUnit.SECONDS);
          assertClose("concurrent images", r[0], GoldenFixtures.toDouble(seqImages), 1e-6, 0);
          assertClose("concurrent texts", r[1], GoldenFixtures.toDouble(seqTexts), 1e-6, 0);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void modelIdNamesTheCheckpointAndTheWeightsHash() {
    String sha = GoldenFixtures.manifest().get("models").get("tiny-clip").get("model_safetensors_sha256").asText();
    try (DjlClipEncoder a = builder("tiny-clip").build(); DjlClipEncoder b = builder("tiny-clip").build()) {
      assertThat(a.modelId()).isEqualTo("clip:tiny-clip@" + sha.substring(0, 12));
      assertThat(b.modelId()).isEqualTo(a.modelId());
    }
    try (DjlClipEncoder s = builder("tiny-siglip").modelId("siglip:custom").build()) {
      assertThat(s.modelId()).isEqualTo("siglip:custom");
    }
  }

  @Test
  void halfPrecisionOnTheCpuIsRefused() {
    assertThatThrownBy(() -> builder("tiny-clip").precision(Precision.FP16).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("FP16")
        .hasMessageContaining("only supported on a GPU");
    assertThatThrownBy(() -> builder("tiny-clip").precision(Precision.BF16).build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void autoDeviceFallsBackToTheCpuWithoutAGpu() {
    assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "a GPU is visible");
    try (DjlClipEncoder enc = builder("tiny-clip").device("auto").build()) {
      assertThat(enc.device()).isEqualTo("cpu()");
      assertThat(enc.precision()).isEqualTo(Precision.FP32);
    }
  }

  @Test
  void forcingAGpuThatIsNotThereIsAConfigurationError() {
    assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "a GPU is visible");
    assertThatThrownBy(() -> builder("tiny-clip").device("gpu").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gpu");
  }

  @Test
  void anUnknownDeviceSpecIsAConfigurationError() {
    assertThatThrownBy(() -> builder("tiny-clip").device("tpu").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("tpu");
  }

  @Test
  void aPreprocessorForAnotherResolutionIsRejected() {
    ImagePreprocessor wrong = GoldenFixtures.referencePreprocessor("tiny-siglip"); // 32 px, tiny-clip needs 64
    assertThatThrownBy(() -> builder("tiny-clip").imagePreprocessor(wrong).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("image_size 64");
  }

  @Test
  void buildingWithoutATokenizerIsRejected() {
    Path dir = GoldenFixtures.root().resolve("tiny-clip");
    assertThatThrownBy(() -> DjlClipEncoder.builder(dir)
            .imagePreprocessor(GoldenFixtures.referencePreprocessor("tiny-clip")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("textTokenizer");
  }

  @Test
  void aClosedEncoderRefusesToEncode() {
    DjlClipEncoder enc = builder("tiny-clip").build();
    enc.close();
    enc.close(); // idempotent
    assertThatThrownBy(() -> enc.encodeText("a photo of a cat"))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void siglipRefusesTextsThatAreNotPaddedToMaxLength() {
    TextTokenizer reference = GoldenFixtures.referenceTokenizer("tiny-siglip");
    TextTokenizer shortPadding = new TextTokenizer() {
      @Override
      public int maxLength() {
        return reference.maxLength();
      }

      @Override
      public Encoding encode(String text) {
        Encoding e = reference.encode(text);
        return new Encoding(Arrays.copyOf(e.ids(), 10), Arrays.copyOf(e.attentionMask(), 10));
      }

      @Override
      public List<Encoding> encodeBatch(List<String> texts) {
        return texts.stream().map(this::encode).toList();
      }

      @Override
      public void close() {}
    };
    try (DjlClipEncoder enc = builder("tiny-siglip").textTokenizer(shortPadding).build()) {
      assertThatThrownBy(() -> enc.encodeText("a photo of a cat"))
          .isInstanceOf(dev.paracosm.InvalidInputException.class)
          .hasMessageContaining("a photo of a cat")
          .hasMessageContaining("max_length padding to 64");
    }
  }

  @Test
  void tokenIdsOutsideTheVocabularyAreInvalidInput() {
    try (DjlClipEncoder enc = builder("tiny-siglip").build()) {
      long[][] ids = {new long[64]};
      ids[0][5] = 5000; // tiny-siglip vocab is 1000
      assertThatThrownBy(() -> enc.model().encodeTexts(ids, null))
          .isInstanceOf(dev.paracosm.InvalidInputException.class)
          .hasMessageContaining("5000");
    }
  }
}
