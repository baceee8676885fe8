package dev.paracosm.example.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import dev.paracosm.testkit.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ColorHistogramEncoderTest {
  final ColorHistogramEncoder encoder = new ColorHistogramEncoder();
  final HistogramSettings s = encoder.settings();

  @Test
  void dimensionIsHistogramPlusLayoutPlusWordBuckets() {
    assertThat(encoder.dimension()).isEqualTo(4 * 4 * 4 + 3 * 4 * 4 + 64);
    assertThat(new ColorHistogramEncoder(new HistogramSettings(8, 2, 16)).dimension())
        .isEqualTo(512 + 12 + 16);
  }

  @Test
  void solidImagePutsAllItsMassInTheCellOfItsColour() {
    float[] v = encoder.encodeImage(TestImages.solid(new Color(250, 10, 70), 20));
    // r=250 -> level 3, g=10 -> level 0, b=70 -> level 1 with 4 levels: cell (3*4+0)*4+1
    int cell = (3 * 4 + 0) * 4 + 1;
    float[] histogram = Arrays.copyOfRange(v, 0, s.histogramSize());
    assertThat(histogram[cell]).isEqualTo(1f);
    histogram[cell] = 0;
    assertThat(histogram).containsOnly(0f);
  }

  @Test
  void colourWordScoresHighestAgainstTheImageOfThatColour() {
    Map<String, Color> colours = new LinkedHashMap<>();
    colours.put("red", Color.RED);
    colours.put("green", new Color(0, 128, 0));
    colours.put("blue", Color.BLUE);
    colours.put("yellow", Color.YELLOW);
    colours.put("white", Color.WHITE);
    colours.put("black", Color.BLACK);
    Map<String, float[]> images = new LinkedHashMap<>();
    colours.forEach((name, c) -> images.put(name, encoder.encodeImage(TestImages.solid(c, 16))));
    for (String word : colours.keySet()) {
      float[] text = encoder.encodeText("the same one but " + word);
      String best = images.entrySet().stream()
          .max((a, b) -> Double.compare(cosine(text, a.getValue()), cosine(text, b.getValue())))
          .orElseThrow().getKey();
      assertThat(best).as("best image for '%s'", word).isEqualTo(word);
    }
  }

  @Test
  void mirroredImageHasTheSameHistogramButADifferentLayout() {
    ImageData left = halves(Color.RED, Color.BLUE);
    ImageData right = halves(Color.BLUE, Color.RED);
    float[] a = encoder.encodeImage(left);
    float[] b = encoder.encodeImage(right);
    assertThat(Arrays.copyOfRange(a, 0, s.histogramSize()))
        .containsExactly(Arrays.copyOfRange(b, 0, s.histogramSize()));
    assertThat(Arrays.copyOfRange(a, s.histogramSize(), s.histogramSize() + s.layoutSize()))
        .isNotEqualTo(Arrays.copyOfRange(b, s.histogramSize(), s.histogramSize() + s.layoutSize()));
  }

  @Test
  void imagesLeaveTheWordBlockEmptyAndTextsTheLayoutBlock() {
    int words = s.histogramSize() + s.layoutSize();
    assertThat(Arrays.copyOfRange(encoder.encodeImage(TestImages.pattern(1, 30, 20)), words, s.dimension()))
        .containsOnly(0f);
    assertThat(Arrays.copyOfRange(encoder.encodeText("a long red dress"), s.histogramSize(), words))
        .containsOnly(0f);
  }

  @Test
  void nonColourWordsTouchOnlyTheWordBlock() {
    float[] v = encoder.encodeText("striped shirt with long sleeves");
    assertThat(Arrays.copyOfRange(v, 0, s.histogramSize() + s.layoutSize())).containsOnly(0f);
    assertThat(Arrays.copyOfRange(v, s.histogramSize() + s.layoutSize(), s.dimension())).isNotEqualTo(new float[64]);
  }

  @Test
  void textIsABagOfWordsIgnoringCaseAndPunctuation() {
    assertThat(encoder.encodeText("Red dress, long sleeves!")).containsExactly(encoder.encodeText("sleeves long DRESS red"));
  }

  @Test
  void modelIdNamesEverySetting() {
    assertThat(encoder.modelId()).isEqualTo("histogram-v1:bins=4,grid=4,words=64");
    assertThat(new ColorHistogramEncoder(new HistogramSettings(8, 4, 64)).modelId()).isNotEqualTo(encoder.modelId());
  }

  @Test
  void outOfRangeSettingIsATypedErrorNamingIt() {
    assertThatThrownBy(() -> new HistogramSettings(1, 4, 64)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bins").hasMessageContaining("[2, 16]").hasMessageContaining("got 1");
    assertThatThrownBy(() -> new HistogramSettings(4, 0, 64)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("grid");
    assertThatThrownBy(() -> new HistogramSettings(4, 4, 5000)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("words");
  }

  @Property(tries = 60)
  void histogramBlockHasUnitNormAndLayoutStaysInRange(@ForAll @IntRange(min = 1, max = 700) int width,
      @ForAll @IntRange(min = 1, max = 700) int height, @ForAll long seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.util.Random r = new java.util.Random(seed);
    Graphics2D g = img.createGraphics();
    for (int i = 0; i < 5; i++) {
      g.setColor(new Color(r.nextInt(1 << 24)));
      g.fillRect(r.nextInt(width), r.nextInt(height), 1 + r.nextInt(width), 1 + r.nextInt(height));
    }
    g.dispose();
    float[] v = encoder.encodeImage(ImageData.fromBufferedImage(img, "random-" + seed));
    double sumSquares = 0;
    for (int i = 0; i < s.histogramSize(); i++) {
      assertThat(v[i]).isBetween(0f, 1f);
      sumSquares += (double) v[i] * v[i];
    }
    assertThat(sumSquares).as("histogram mass for %dx%d", width, height)
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    float bound = 0.5f / s.grid();
    for (int i = s.histogramSize(); i < s.histogramSize() + s.layoutSize(); i++) {
      assertThat(v[i]).isBetween(-bound, bound);
    }
  }

  static ImageData halves(Color left, Color right) {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(left);
    g.fillRect(0, 0, 16, 32);
    g.setColor(right);
    g.fillRect(16, 0, 16, 32);
    g.dispose();
    return ImageData.fromBufferedImage(img, "halves");
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
