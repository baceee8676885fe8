package dev.paracosm.models.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.FormatCorruptException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ImagePreprocessorTest {
  private static final Path MODELS = Path.of("src/test/resources/fixtures/models");
  private static final Path IMAGES = MODELS.resolve("inputs/images");

  @TempDir Path tmp;

  private Path config(String json) throws IOException {
    Path p = tmp.resolve("preprocessor_config.json");
    Files.writeString(p, json);
    return p;
  }

  @Test
  void tinyClipConfigGivesItsCropSize() {
    ImagePreprocessor p = ImagePreprocessor.fromConfig(MODELS.resolve("tiny-clip/preprocessor_config.json"));
    assertThat(p.height()).isEqualTo(64);
    assertThat(p.width()).isEqualTo(64);
    assertThat(p.process(ImageData.read(IMAGES.resolve("astronaut_512x512.png")))).hasSize(3 * 64 * 64);
  }

  @Test
  void legacyIntegerSizeIsShortestEdgeAndIntegerCropIsSquare() {
    var p = (HfImagePreprocessor) ImagePreprocessor.fromConfig(
        MODELS.resolve("full-size/openai--clip-vit-base-patch32/preprocessor_config.json"));
    assertThat(p.config().family()).isEqualTo(PreprocessorConfig.Family.CLIP);
    assertThat(p.config().shortestEdge()).isEqualTo(224);
    assertThat(p.config().cropHeight()).isEqualTo(224);
    assertThat(p.config().cropWidth()).isEqualTo(224);
    assertThat(p.config().rescaleFactor()).isEqualTo(1 / 255.0);
    assertThat(p.config().resample()).isEqualTo(PillowResampler.Filter.BICUBIC);
  }

  @Test
  void siglipResizesStraightToHeightAndWidthWithoutCrop() throws IOException {
    var p = (HfImagePreprocessor) ImagePreprocessor.fromConfig(config(
        "{\"image_processor_type\":\"SiglipImageProcessor\",\"size\":{\"height\":20,\"width\":30},\"resample\":2,"
            + "\"do_center_crop\":true,\"crop_size\":8}"));
    assertThat(p.height()).isEqualTo(20);
    assertThat(p.width()).isEqualTo(30);
    var st = p.stages(new RgbImage(7, 50, new byte[7 * 50 * 3]));
    assertThat(st.resized().width()).isEqualTo(30);
    assertThat(st.resized().height()).isEqualTo(20);
    assertThat(st.cropped()).isSameAs(st.resized());
  }

  @Test
  void clipDefaultsApplyWhenKeysAreAbsent() throws IOException {
    var p = (HfImagePreprocessor) ImagePreprocessor.fromConfig(config("{\"image_processor_type\":\"CLIPImageProcessor\"}"));
    assertThat(p.height()).isEqualTo(224);
    assertThat(p.config().doCenterCrop()).isTrue();
    assertThat(p.config().mean()).containsExactly(0.48145466f, 0.4578275f, 0.40821073f);
  }

  @Test
  void flagsTurnOffRescaleAndNormalize() throws IOException {
    var p = (HfImagePreprocessor) ImagePreprocessor.fromConfig(config(
        "{\"image_processor_type\":\"CLIPImageProcessor\",\"size\":4,\"crop_size\":4,"
            + "\"do_rescale\":false,\"do_normalize\":false}"));
    byte[] d = new byte[4 * 4 * 3];
    d[0] = (byte) 200;
    d[1] = 7;
    float[] px = p.stages(new RgbImage(4, 4, d)).pixelValues();
    assertThat(px[0]).isEqualTo(200f);
    assertThat(px[16]).isEqualTo(7f);
  }

  @Test
  void doResizeFalseWithCropOnlyCrops() throws IOException {
    var p = (HfImagePreprocessor) ImagePreprocessor.fromConfig(config(
        "{\"image_processor_type\":\"CLIPImageProcessor\",\"do_resize\":false,\"crop_size\":{\"height\":2,\"width\":3}}"));
    var st = p.stages(new RgbImage(5, 6, new byte[5 * 6 * 3]));
    assertThat(st.resized().width()).isEqualTo(5);
    assertThat(st.cropped().width()).isEqualTo(3);
    assertThat(st.cropped().height()).isEqualTo(2);
  }

  @Test
  void cropLargerThanTheImageZeroPadsCentredWithCeilOffset() {
    byte[] d = new byte[3 * 1 * 3];
    Arrays.fill(d, (byte) 9);
    // transformers center_crop: new 4x2, top_pad = ceil(1/2) = 1, left_pad = ceil(1/2) = 1
    RgbImage out = HfImagePreprocessor.centerCrop(new RgbImage(3, 1, d), 2, 4);
    assertThat(out.width()).isEqualTo(4);
    assertThat(out.height()).isEqualTo(2);
    assertThat(out.get(0, 0, 0)).isZero();
    assertThat(out.get(0, 1, 0)).isZero();
    assertThat(out.get(1, 1, 0)).isEqualTo(9);
    assertThat(out.get(3, 1, 0)).isEqualTo(9);
    assertThat(out.get(1, 0, 0)).isZero();
  }

  @Test
  void shortestEdgeResizeTruncatesTheLongSide() {
    // the golden shapes: 451x300 -> 96x64, 257x193 -> 85x64, 33x17 -> 124x64, 300x900 -> 64x192
    assertThat(HfImagePreprocessor.shortestEdgeSize(451, 300, 64)).containsExactly(96, 64);
    assertThat(HfImagePreprocessor.shortestEdgeSize(257, 193, 64)).containsExactly(85, 64);
    assertThat(HfImagePreprocessor.shortestEdgeSize(33, 17, 64)).containsExactly(124, 64);
    assertThat(HfImagePreprocessor.shortestEdgeSize(300, 900, 64)).containsExactly(64, 192);
    assertThat(HfImagePreprocessor.shortestEdgeSize(33, 17, 224)).containsExactly(434, 224);
  }

  @Test
  void grayPngSamplesAreReplicatedWithoutColourConversion() {
    BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSample(0, 0, 0, 100);
    g.getRaster().setSample(1, 0, 0, 3);
    RgbImage rgb = ImageDecoder.decode(ImageData.fromBufferedImage(g, "gray"));
    assertThat(new int[] {rgb.get(0, 0, 0), rgb.get(0, 0, 1), rgb.get(0, 0, 2), rgb.get(1, 0, 2)})
        .containsExactly(100, 100, 100, 3);
  }

  @Test
  void rgbaDropsAlphaWithoutCompositing() {
    BufferedImage a = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
    a.getRaster().setPixel(0, 0, new int[] {10, 20, 30, 0});
    RgbImage rgb = ImageDecoder.decode(ImageData.fromBufferedImage(a, "rgba"));
    assertThat(new int[] {rgb.get(0, 0, 0), rgb.get(0, 0, 1), rgb.get(0, 0, 2)}).containsExactly(10, 20, 30);
  }

  @Test
  void undecodableBytesAreInvalidInputNamingTheImage() {
    ImagePreprocessor p = ImagePreprocessor.fromConfig(MODELS.resolve("tiny-clip/preprocessor_config.json"));
    ImageData junk = ImageData.of(new byte[] {1, 2, 3, 4, 5}, "item-42.png");
    assertThatThrownBy(() -> p.process(junk))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("item-42.png");
  }

  @Test
  void truncatedPngIsInvalidInputNamingTheImage() throws IOException {
    byte[] png = Files.readAllBytes(IMAGES.resolve("astronaut_512x512.png"));
    ImageData cut = ImageData.of(Arrays.copyOf(png, png.length / 3), "cut.png");
    ImagePreprocessor p = ImagePreprocessor.fromConfig(MODELS.resolve("tiny-clip/preprocessor_config.json"));
    assertThatThrownBy(() -> p.process(cut)).isInstanceOf(InvalidInputException.class).hasMessageContaining("cut.png");
  }

  @Test
  void configThatIsNotJsonIsFormatCorruptNamingTheFile() throws IOException {
    Path p = config("{\"size\": ");
    assertThatThrownBy(() -> ImagePreprocessor.fromConfig(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(p.toString());
  }

  @Test
  void missingConfigIsFormatCorruptNamingTheFile() {
    Path p = tmp.resolve("absent.json");
    assertThatThrownBy(() -> ImagePreprocessor.fromConfig(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(p.toString());
  }

  @Test
  void sizeOfTheWrongShapeIsFormatCorrupt() throws IOException {
    Path p = config("{\"image_processor_type\":\"CLIPImageProcessor\",\"size\":{\"longest\":3}}");
    assertThatThrownBy(() -> ImagePreprocessor.fromConfig(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("size");
  }

  @Test
  void meanOfTheWrongLengthIsFormatCorrupt() throws IOException {
    Path p = config("{\"image_processor_type\":\"CLIPImageProcessor\",\"image_mean\":[0.5,0.5]}");
    assertThatThrownBy(() -> ImagePreprocessor.fromConfig(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("image_mean");
  }

  @Test
  void zeroStdIsFormatCorrupt() throws IOException {
    Path p = config("{\"image_processor_type\":\"SiglipImageProcessor\",\"image_std\":0}");
    assertThatThrownBy(() -> ImagePreprocessor.fromConfig(p)).isInstanceOf(FormatCorruptException.class);
  }

  @Test
  void unknownResampleIdIsRejectedNamingTheConfig() throws IOException {
    Path p = config("{\"image_processor_type\":\"CLIPImageProcessor\",\"resample\":7}");
    assertThatThrownBy(() -> ImagePreprocessor.fromConfig(p))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("resample 7");
  }

  @Test
  void unknownProcessorClassIsRejected() throws IOException {
    Path p = config("{\"image_processor_type\":\"Siglip2ImageProcessor\"}");
    assertThatThrownBy(() -> ImagePreprocessor.fromConfig(p))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Siglip2ImageProcessor");
  }

  @Test
  void variableOutputSizeIsRejected() throws IOException {
    Path p = config("{\"image_processor_type\":\"CLIPImageProcessor\",\"do_center_crop\":false}");
    assertThatThrownBy(() -> ImagePreprocessor.fromConfig(p))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("variable output size");
  }

  @Test
  void targetPadPadsTheShortSideWithBlackToRatio125() {
    byte[] d = new byte[300 * 900 * 3];
    Arrays.fill(d, (byte) 255);
    RgbImage out = HfImagePreprocessor.targetPad(new RgbImage(300, 900, d), 1.25);
    // max 900 / 1.25 = 720; horizontal pad int((720 - 300) / 2) = 210 per side; vertical pad clamps at 0
    assertThat(out.width()).isEqualTo(720);
    assertThat(out.height()).isEqualTo(900);
    assertThat(out.get(209, 450, 0)).isZero();
    assertThat(out.get(210, 450, 0)).isEqualTo(255);
    assertThat(out.get(509, 0, 2)).isEqualTo(255);
    assertThat(out.get(510, 0, 2)).isZero();
  }

  @Test
  void targetPadLeavesImagesBelowTheRatioAlone() {
    RgbImage in = new RgbImage(500, 401, new byte[500 * 401 * 3]);
    assertThat(HfImagePreprocessor.targetPad(in, 1.25)).isSameAs(in);
  }

  @Test
  void targetPadTruncatesThePadAmount() {
    // 451x300: ratio 1.503; 451 / 1.25 = 360.8; vertical pad int(60.8 / 2) = 30
    RgbImage out = HfImagePreprocessor.targetPad(new RgbImage(451, 300, new byte[451 * 300 * 3]), 1.25);
    assertThat(out.width()).isEqualTo(451);
    assertThat(out.height()).isEqualTo(360);
  }

  @Test
  void targetPadOptionChangesThePixelsButNotTheOutputSize() {
    Path cfg = MODELS.resolve("tiny-clip/preprocessor_config.json");
    ImageData tall = ImageData.read(IMAGES.resolve("tall_300x900.png"));
    ImagePreprocessor plain = ImagePreprocessor.fromConfig(cfg);
    ImagePreprocessor padded = ImagePreprocessor.fromConfig(cfg, PreprocessOptions.withTargetPad());
    float[] a = plain.process(tall);
    float[] b = padded.process(tall);
    assertThat(b).hasSameSizeAs(a);
    assertThat(b).isNotEqualTo(a);
    var st = ((HfImagePreprocessor) padded).stages(ImageDecoder.decode(tall));
    assertThat(st.padded().width()).isEqualTo(720);
    assertThat(st.resized().width()).isEqualTo(64);
    assertThat(st.resized().height()).isEqualTo(80);
  }

  @Test
  void targetPadRatioBelowOneIsRejected() {
    assertThatThrownBy(() -> new PreprocessOptions(true, 0.5)).isInstanceOf(InvalidInputException.class);
  }
}
