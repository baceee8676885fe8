package dev.paracosm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Contract every {@link Encoder} must satisfy. Extend it and implement {@link #createEncoder()};
 * the encoder is created once per test class and closed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
public abstract class EncoderContract {
  /** Tolerance for comparing batched and single encodes. */
  protected double tolerance() {
    return 1e-4;
  }

  private Encoder encoder;

  /** @return a fresh encoder under test */
  protected abstract Encoder createEncoder();

  /** @return the encoder under test */
  protected Encoder encoder() {
    return encoder;
  }

  @BeforeAll
  void openEncoder() {
    encoder = createEncoder();
  }

  @AfterAll
  void closeEncoder() {
    encoder.close();
  }

  @Test
  void modelIdIsStableAndNonBlank() {
    assertThat(encoder.modelId()).isNotBlank().isEqualTo(encoder.modelId());
  }

  @Test
  void imageEmbeddingHasTheDeclaredDimensionAndIsFinite() {
    float[] v = encoder.encodeImage(TestImages.pattern(1, 40, 30));
    assertThat(v).hasSize(encoder.dimension());
    for (float x : v) {
      assertThat(Float.isFinite(x)).isTrue();
    }
  }

  @Test
  void textEmbeddingHasTheDeclaredDimensionAndIsFinite() {
    float[] v = encoder.encodeText("a red dress with long sleeves");
    assertThat(v).hasSize(encoder.dimension());
    for (float x : v) {
      assertThat(Float.isFinite(x)).isTrue();
    }
  }

  @Test
  void encodingIsDeterministic() {
    ImageData img = TestImages.pattern(2, 33, 17);
    assertThat(encoder.encodeImage(img)).containsExactly(encoder.encodeImage(img));
    assertThat(encoder.encodeText("same text")).containsExactly(encoder.encodeText("same text"));
  }

  @Test
  void differentInputsGiveDifferentEmbeddings() {
    assertThat(encoder.encodeImage(TestImages.pattern(3, 32, 32)))
        .isNotEqualTo(encoder.encodeImage(TestImages.pattern(4, 32, 32)));
    assertThat(encoder.encodeText("a dog on the beach")).isNotEqualTo(encoder.encodeText("a red car"));
  }

  @Test
  void batchEncodingMatchesSingleEncoding() {
    List<ImageData> images = List.of(TestImages.pattern(5, 50, 20), TestImages.pattern(6, 20, 50),
        TestImages.pattern(7, 64, 64));
    List<float[]> batch = encoder.encodeImages(images);
    assertThat(batch).hasSize(3);
    for (int i = 0; i < images.size(); i++) {
      assertClose(batch.get(i), encoder.encodeImage(images.get(i)));
    }
    List<String> texts = List.of("short", "a much longer text about a striped shirt", "");
    List<float[]> tb = encoder.encodeTexts(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertClose(tb.get(i), encoder.encodeText(texts.get(i)));
    }
  }

  @Test
  void undecodableImageIsATypedErrorNamingTheSource() {
    ImageData garbage = ImageData.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, "garbage.png");
    assertThatThrownBy(() -> encoder.encodeImage(garbage)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("garbage.png");
  }

  @Test
  void concurrentEncodesGiveTheSameResultsAsSequentialOnes() throws Exception {
    List<ImageData> images = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      images.add(TestImages.pattern(100 + i, 30 + i, 30));
    }
    List<float[]> expected = new ArrayList<>();
    for (ImageData img : images) {
      expected.add(encoder.encodeImage(img));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (ImageData img : images) {
        futures.add(pool.submit(() -> encoder.encodeImage(img)));
      }
      for (int i = 0; i < images.size(); i++) {
        assertClose(futures.get(i).get(), expected.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertClose(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.length; i++) {
      assertThat((double) a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(tolerance() * (1 + Math.abs(b[i]))));
    }
  }
}
