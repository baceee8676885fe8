package dev.paracosm.eval.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.BenchmarkDataException;
import dev.paracosm.image.ImageData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class GeneCisLoaderTest {
  private static final Path GENECIS = Samples.ROOT.resolve("genecis");

  private static final String ATTRIBUTE_TEMPLATE =
      "[{\"condition\": \"red\", \"reference\": {\"image_id\": 7, \"instance_bbox\": [1, 2, 3, 4]},"
          + " \"target\": {\"image_id\": 8, \"instance_bbox\": [40, 30, 20, 10]},"
          + " \"gallery\": [{\"image_id\": 9, \"instance_bbox\": [5, 5, 20, 10]}, {\"image_id\": 8, \"instance_bbox\": [0, 0, 4, 4]}]}]";

  @Test
  void objectTaskGalleryIsTheTargetFollowedByTheDistractors() {
    Benchmark b = Benchmarks.geneCis(GENECIS, GeneCisTask.FOCUS_OBJECT, Path.of("coco/val2017"));
    assertThat(b.hasPerQueryGallery()).isTrue();
    assertThat(b.queries()).hasSize(2);
    BenchmarkQuery q = b.query("0");
    assertThat(q.modificationTexts()).containsExactly("cardboard");
    assertThat(q.referenceId()).isEqualTo("189213");
    assertThat(q.gallery()).hasSize(15).startsWith("153527", "121506");
    assertThat(b.candidates(q)).isEqualTo(q.gallery());
    assertThat(q.task()).contains("focus_object");
  }

  @Test
  void objectImagesAreZeroPaddedCocoFileNames() {
    Benchmark b = Benchmarks.geneCis(GENECIS, GeneCisTask.FOCUS_OBJECT, Path.of("coco/val2017"));
    assertThat(b.imagePath("153527")).isEqualTo(Path.of("coco/val2017/000000153527.jpg"));
    assertThat(b.item("189213").crop()).isEmpty();
  }

  @Test
  void changeObjectQuirkKeepsTheTargetThatAlsoAppearsInsideTheGallery() {
    Benchmark b = Benchmarks.geneCis(GENECIS, GeneCisTask.CHANGE_OBJECT, Path.of("coco"));
    BenchmarkQuery q = b.query("1");
    assertThat(q.gallery()).hasSize(15);
    assertThat(q.gallery().get(0)).isEqualTo("175364");
    assertThat(q.gallery().get(14)).isEqualTo("175364");
  }

  @Test
  void attributeItemsCarryTheirBoxAndAnIdNamingImageAndBox(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("focus_attribute.json"), ATTRIBUTE_TEMPLATE);
    Benchmark b = Benchmarks.geneCis(tmp, GeneCisTask.FOCUS_ATTRIBUTE, tmp.resolve("vg"));
    BenchmarkQuery q = b.query("0");
    assertThat(q.gallery()).containsExactly("8:40,30,20,10", "9:5,5,20,10", "8:0,0,4,4");
    assertThat(q.referenceId()).isEqualTo("7:1,2,3,4");
    GalleryItem t = b.item("8:40,30,20,10");
    assertThat(t.path()).isEqualTo(tmp.resolve("vg/8.jpg"));
    assertThat(t.crop()).contains(new BoundingBox(40, 30, 20, 10));
  }

  @Test
  void readingAnAttributeItemReturnsTheSquareCrop(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("focus_attribute.json"), ATTRIBUTE_TEMPLATE);
    Files.createDirectories(tmp.resolve("vg"));
    ImageIO.write(AttributeCropTest.synthetic(), "png", tmp.resolve("vg/8.jpg").toFile());
    Benchmark b = Benchmarks.geneCis(tmp, GeneCisTask.FOCUS_ATTRIBUTE, tmp.resolve("vg"));
    ImageData data = b.item("8:40,30,20,10").read();
    BufferedImage img = data.decode();
    assertThat(img.getWidth()).isEqualTo(34);
    assertThat(AttributeCropTest.checksum(b.item("8:40,30,20,10").readImage())).isEqualTo(293161600L);
  }

  @Test
  void objectTaskWithAttributeStyleImagesIsRejectedNamingTheTemplate(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("change_object.json"), ATTRIBUTE_TEMPLATE);
    assertThatThrownBy(() -> Benchmarks.geneCis(tmp, GeneCisTask.CHANGE_OBJECT, tmp))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("val_image_id")
        .hasMessageContaining("template 0");
  }

  @Test
  void boxWithThreeNumbersIsRejected(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("change_attribute.json"), ATTRIBUTE_TEMPLATE.replace("[5, 5, 20, 10]", "[5, 5, 20]"));
    assertThatThrownBy(() -> Benchmarks.geneCis(tmp, GeneCisTask.CHANGE_ATTRIBUTE, tmp))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("instance_bbox")
        .hasMessageContaining("gallery[0] of template 0");
  }

  @Test
  void missingTaskFileIsNamed(@TempDir Path tmp) {
    assertThatThrownBy(() -> Benchmarks.geneCis(tmp, GeneCisTask.FOCUS_ATTRIBUTE, tmp))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("focus_attribute.json");
  }

  @Test
  void emptyGalleryIsRejected(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("focus_object.json"),
        "[{\"condition\": \"x\", \"reference\": {\"val_image_id\": 1}, \"target\": {\"val_image_id\": 2}, \"gallery\": []}]");
    assertThatThrownBy(() -> Benchmarks.geneCis(tmp, GeneCisTask.FOCUS_OBJECT, tmp))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("gallery");
  }
}
