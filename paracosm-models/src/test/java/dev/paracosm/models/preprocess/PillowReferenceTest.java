package dev.paracosm.models.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Decoding and resampling against Pillow itself: {@code src/test/resources/pillow-cases} was made by
 * its {@code generate.py} with Pillow (image modes L, LA, RGBA, 1, P 4-bit, P with tRNS, I;16, BMP,
 * GIF, gray JPEG; all six resample filters incl. NEAREST, up- and down-scaling, one-axis resizes).
 */
@Timeout(60)
class PillowReferenceTest {
  private static final Path DIR = Path.of("src/test/resources/pillow-cases");
  private static JsonNode cases;
  private static SafetensorsFile expected;

  @BeforeAll
  static void open() throws IOException {
    cases = new ObjectMapper().readTree(DIR.resolve("cases.json").toFile());
    expected = SafetensorsFile.open(DIR.resolve("expected.safetensors"));
  }

  @AfterAll
  static void close() {
    expected.close();
  }

  @TestFactory
  List<DynamicTest> decodingEqualsPillowConvertRgb() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases.get("decode")) {
      String id = c.get("id").asText();
      tests.add(DynamicTest.dynamicTest(c.get("file").asText() + " (" + c.get("mode").asText() + ")", () -> {
        RgbImage ours = ImageDecoder.decode(ImageData.read(DIR.resolve("images").resolve(c.get("file").asText())));
        assertThat(PreprocessGoldenChecks.diffU8(ours, PreprocessGoldenChecks.rgb(expected, id + ".rgb"))).isNull();
      }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> resamplingEqualsPillowResizeForEveryFilter() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases.get("resize")) {
      String id = c.get("id").asText();
      tests.add(DynamicTest.dynamicTest(id, () -> {
        RgbImage src = PreprocessGoldenChecks.rgb(expected, c.get("source").asText());
        PillowResampler.Filter f = PillowResampler.Filter.ofPilId(c.get("resample").asInt());
        RgbImage ours = PillowResampler.resize(src, c.get("width").asInt(), c.get("height").asInt(), f);
        assertThat(PreprocessGoldenChecks.diffU8(ours, PreprocessGoldenChecks.rgb(expected, id + ".resized"))).isNull();
      }));
    }
    return tests;
  }

  @Test
  void cmykJpegIsRejectedNamingTheImage() {
    ImageData img = ImageData.read(DIR.resolve("images/cmyk.jpg"));
    assertThatThrownBy(() -> ImageDecoder.decode(img))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cmyk.jpg")
        .hasMessageContaining("CMYK");
  }
}
