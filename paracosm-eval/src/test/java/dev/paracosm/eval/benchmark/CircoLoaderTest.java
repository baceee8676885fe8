package dev.paracosm.eval.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.BenchmarkDataException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class CircoLoaderTest {
  static Path root(Path tmp) {
    return Samples.circoRoot(tmp, 999999);
  }

  @Test
  void valSampleLoadsQueriesWithGroundTruthSharedConceptAndAspects(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.circo(root(tmp), "val");
    assertThat(b.queries()).extracting(BenchmarkQuery::id).containsExactly("0", "1", "2", "3", "4");
    BenchmarkQuery q = b.query("0");
    assertThat(q.referenceId()).isEqualTo("271520");
    assertThat(q.target()).contains("355099");
    assertThat(q.groundTruthIds()).containsExactly("355099", "528417", "534704");
    assertThat(q.sharedConcept()).contains("a girl with a traditional Chinese umbrella");
    assertThat(q.modificationTexts()).containsExactly("shows two people and has a more colorful background");
    assertThat(q.semanticAspects()).contains("cardinality", "spatial_relations_background");
    assertThat(b.query("3").groundTruthIds()).hasSize(7);
  }

  @Test
  void galleryIsTheCocoImageListInFileOrderWithPaddedFileNames(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.circo(root(tmp), "val");
    assertThat(b.galleryIds()).startsWith("271520", "355099").endsWith("999999");
    assertThat(b.imagePath("2097")).isEqualTo(tmp.resolve("COCO2017_unlabeled/unlabeled2017/000000002097.jpg"));
  }

  @Test
  void testSampleHasNoGroundTruth(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.circo(root(tmp), "test");
    assertThat(b.queries()).hasSize(3);
    assertThat(b.hasGroundTruth()).isFalse();
    assertThat(b.query("2").sharedConcept()).contains("a person looking at his laptop");
  }

  @Test
  void missingCocoImageListIsNamed(@TempDir Path tmp) {
    Samples.copy("circo", tmp);
    assertThatThrownBy(() -> Benchmarks.circo(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("image_info_unlabeled2017.json");
  }

  @Test
  void queryIdThatIsNotItsPositionIsRejected(@TempDir Path tmp) {
    root(tmp);
    Samples.replace(tmp.resolve("annotations/val.json"), "\"id\": 1,", "\"id\": 7,");
    assertThatThrownBy(() -> Benchmarks.circo(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("id 7")
        .hasMessageContaining("position 1");
  }

  @Test
  void groundTruthOutsideTheGalleryIsADanglingIdNamingTheRecord(@TempDir Path tmp) {
    root(tmp);
    Samples.replace(tmp.resolve("annotations/val.json"), "528417", "123456789");
    assertThatThrownBy(() -> Benchmarks.circo(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("123456789")
        .hasMessageContaining("record 0 (id 0)");
  }

  @Test
  void nonIntegerReferenceIdIsRejected(@TempDir Path tmp) {
    root(tmp);
    Samples.replace(tmp.resolve("annotations/val.json"), "\"reference_img_id\": 2097", "\"reference_img_id\": \"abc\"");
    assertThatThrownBy(() -> Benchmarks.circo(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("reference_img_id")
        .hasMessageContaining("record 2");
  }
}
