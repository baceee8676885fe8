package dev.paracosm.eval.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.BenchmarkDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FashionIqLoaderTest {
  private static final Path FIQ = Samples.ROOT.resolve("fashioniq");

  @Test
  void valCategoryLoadsTwoCaptionsPerQueryWithCandidateAsReference() {
    Benchmark b = Benchmarks.fashionIq(FIQ, FashionIqCategory.DRESS, "val");
    assertThat(b.name()).isEqualTo("fashioniq-dress");
    assertThat(b.queries()).hasSize(3);
    BenchmarkQuery q = b.queries().get(0);
    assertThat(q.id()).isEqualTo("0");
    assertThat(q.referenceId()).isEqualTo("B005X4PL1G");
    assertThat(q.target()).contains("B0084Y8XIU");
    assertThat(q.modificationTexts()).containsExactly("is shiny and silver with shorter sleeves", "fit and flare");
    assertThat(q.task()).contains("dress");
    assertThat(b.galleryIds()).hasSize(8).startsWith("B009PMCJLW");
  }

  @Test
  void allThreeCategoriesLoadWithTheirOwnGalleries() {
    Map<FashionIqCategory, Benchmark> all = Benchmarks.fashionIq(FIQ, "val");
    assertThat(all).containsOnlyKeys(FashionIqCategory.values());
    assertThat(all.get(FashionIqCategory.TOPTEE).galleryIds()).hasSize(7);
    assertThat(all.get(FashionIqCategory.SHIRT).query("1").target()).contains("B00BPD4N5E");
  }

  @Test
  void testSplitHasNoTargets() {
    Benchmark b = Benchmarks.fashionIq(FIQ, FashionIqCategory.DRESS, "test");
    assertThat(b.hasGroundTruth()).isFalse();
    assertThat(b.query("0").modificationTexts()).containsExactly(" yello and more flowing", "short and black");
  }

  @Test
  void imagePathPrefersJpgAndFallsBackToAnExistingPng(@TempDir Path tmp) throws Exception {
    Samples.copy("fashioniq", tmp);
    Benchmark b = Benchmarks.fashionIq(tmp, FashionIqCategory.DRESS, "val");
    assertThat(b.imagePath("B0084Y8XIU")).isEqualTo(tmp.resolve("images/B0084Y8XIU.jpg"));
    Files.createDirectories(tmp.resolve("images"));
    Files.write(tmp.resolve("images/B0084Y8XIU.png"), new byte[] {1});
    assertThat(b.imagePath("B0084Y8XIU")).isEqualTo(tmp.resolve("images/B0084Y8XIU.png"));
  }

  @Test
  void candidateOutsideTheSplitIsADanglingIdNamingTheRecord(@TempDir Path tmp) {
    Samples.copy("fashioniq", tmp);
    Samples.replace(tmp.resolve("captions/cap.dress.val.json"), "\"candidate\": \"B008XODTD0\"", "\"candidate\": \"B0NOTTHERE\"");
    assertThatThrownBy(() -> Benchmarks.fashionIq(tmp, FashionIqCategory.DRESS, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("B0NOTTHERE")
        .hasMessageContaining("record 1")
        .hasMessageContaining("split.dress.val.json");
  }

  @Test
  void missingSplitFileIsNamed(@TempDir Path tmp) throws Exception {
    Samples.copy("fashioniq", tmp);
    Files.delete(tmp.resolve("image_splits/split.shirt.val.json"));
    assertThatThrownBy(() -> Benchmarks.fashionIq(tmp, FashionIqCategory.SHIRT, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("split.shirt.val.json");
  }

  @Test
  void captionsThatAreNotStringsAreRejected(@TempDir Path tmp) {
    Samples.copy("fashioniq", tmp);
    Samples.replace(tmp.resolve("captions/cap.toptee.val.json"), "\"is the same\"", "42");
    assertThatThrownBy(() -> Benchmarks.fashionIq(tmp, FashionIqCategory.TOPTEE, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("captions")
        .hasMessageContaining("record 0");
  }
}
