package dev.paracosm.eval.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.BenchmarkDataException;
import dev.paracosm.fusion.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class CirrLoaderTest {
  private static final Path CIRR = Samples.ROOT.resolve("cirr");

  @Test
  void valSampleLoadsEveryRecordWithTargetGroupAndSoftLabels() {
    Benchmark b = Benchmarks.cirr(CIRR, "val");
    assertThat(b.kind()).isEqualTo(BenchmarkKind.CIRR);
    assertThat(b.protocol()).isEqualTo(Protocol.CIRR);
    assertThat(b.hasGroundTruth()).isTrue();
    assertThat(b.queries()).extracting(BenchmarkQuery::id).containsExactly("12060", "12062", "12130", "12136", "12195");
    BenchmarkQuery q = b.query("12062");
    assertThat(q.referenceId()).isEqualTo("dev-63-0-img1");
    assertThat(q.target()).contains("dev-430-3-img0");
    assertThat(q.modificationTexts()).containsExactly("Fewer paper towels per pack");
    assertThat(q.groupMembers()).hasSize(6).contains("dev-63-0-img1", "dev-430-3-img0");
    assertThat(q.softTargets()).isEqualTo(Map.of("dev-430-3-img0", 1.0, "dev-1028-1-img1", -1.0));
    assertThat(b.query("12136").softTargets()).containsEntry("dev-115-3-img0", 0.5);
  }

  @Test
  void galleryIsTheSplitFileKeysInFileOrder() {
    Benchmark b = Benchmarks.cirr(CIRR, "val");
    assertThat(b.galleryIds()).hasSize(26).startsWith("dev-244-0-img0", "dev-1028-1-img1").endsWith("dev-710-2-img1");
  }

  @Test
  void imagePathsResolveAgainstTheRootWithoutTheFilesExisting() {
    Benchmark b = Benchmarks.cirr(CIRR, "val");
    Path p = b.imagePath("dev-244-0-img0");
    assertThat(p).isEqualTo(CIRR.resolve("dev/dev-244-0-img0.png"));
    assertThat(Files.exists(p)).isFalse();
  }

  @Test
  void readingAnAbsentImageNamesItsPath() {
    Benchmark b = Benchmarks.cirr(CIRR, "val");
    assertThatThrownBy(() -> b.item("dev-244-0-img0").read())
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("dev-244-0-img0.png");
  }

  @Test
  void officialLayoutWithCirrSubfolderResolvesImagesAgainstTheDatasetRoot(@TempDir Path tmp) {
    Samples.copy("cirr", tmp.resolve("cirr"));
    Benchmark b = Benchmarks.cirr(tmp, "val");
    assertThat(b.imagePath("dev-63-0-img1")).isEqualTo(tmp.resolve("dev/dev-63-0-img1.png"));
  }

  @Test
  void test1SampleHasQueriesButNoGroundTruth() {
    Benchmark b = Benchmarks.cirr(CIRR, "test1");
    assertThat(b.queries()).extracting(BenchmarkQuery::id).containsExactly("12063", "12064", "12065");
    assertThat(b.hasGroundTruth()).isFalse();
    assertThat(b.query("12063").targetIds()).isEmpty();
    assertThat(b.query("12063").groupMembers()).hasSize(6);
  }

  @Test
  void extendedCaptionsAreAttachedWhenThatOptionalFileExists() {
    Benchmark b = Benchmarks.cirr(CIRR, "val");
    assertThat(b.query("12060").auxiliaryTexts()).hasSize(4).startsWith("being a photo of bottles");
    assertThat(b.query("12136").auxiliaryTexts()).isEmpty();
  }

  @Test
  void trainImagesInNumberedSubfoldersResolve(@TempDir Path tmp) throws Exception {
    Samples.copy("cirr", tmp);
    Files.writeString(tmp.resolve("captions/cap.rc2.train.json"),
        "[{\"pairid\": 1, \"reference\": \"train-11041-2-img0\", \"target_hard\": \"train-11041-0-img1\","
            + " \"caption\": \"c\", \"img_set\": {\"id\": 1, \"members\": [\"train-11041-2-img0\", \"train-11041-0-img1\","
            + " \"train-5247-3-img1\"]}}]");
    Benchmark b = Benchmarks.cirr(tmp, "train");
    assertThat(b.imagePath("train-5247-3-img1")).isEqualTo(tmp.resolve("train/4/train-5247-3-img1.png"));
  }

  @Test
  void missingCaptionsFileIsNamed(@TempDir Path tmp) throws Exception {
    Samples.copy("cirr", tmp);
    Files.delete(tmp.resolve("captions/cap.rc2.val.json"));
    assertThatThrownBy(() -> Benchmarks.cirr(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining(tmp.resolve("captions/cap.rc2.val.json").toString());
  }

  @Test
  void anotherAnnotationVersionIsRejectedNamingTheSupportedOne(@TempDir Path tmp) throws Exception {
    Samples.copy("cirr", tmp);
    Files.move(tmp.resolve("captions/cap.rc2.val.json"), tmp.resolve("captions/cap.rc1.val.json"));
    assertThatThrownBy(() -> Benchmarks.cirr(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("cap.rc1.val.json")
        .hasMessageContaining("rc2");
  }

  @Test
  void memberMissingFromTheSplitIsADanglingIdNamingTheRecord(@TempDir Path tmp) {
    Samples.copy("cirr", tmp);
    Samples.replace(tmp.resolve("image_splits/split.rc2.val.json"), "\"dev-748-0-img0\": \"./dev/dev-748-0-img0.png\", ", "");
    assertThatThrownBy(() -> Benchmarks.cirr(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("dev-748-0-img0")
        .hasMessageContaining("pairid 12130")
        .hasMessageContaining("split.rc2.val.json");
  }

  @Test
  void missingCaptionFieldNamesFieldAndRecord(@TempDir Path tmp) {
    Samples.copy("cirr", tmp);
    Samples.replace(tmp.resolve("captions/cap.rc2.val.json"), "\"caption\": \"add a wooden log\", ", "");
    assertThatThrownBy(() -> Benchmarks.cirr(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("'caption'")
        .hasMessageContaining("record 2 (pairid 12130)");
  }

  @Test
  void duplicatePairidIsRejected(@TempDir Path tmp) {
    Samples.copy("cirr", tmp);
    Samples.replace(tmp.resolve("captions/cap.rc2.val.json"), "\"pairid\": 12062", "\"pairid\": 12060");
    assertThatThrownBy(() -> Benchmarks.cirr(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("Duplicate pairid 12060");
  }

  @Test
  void targetOutsideItsGroupIsRejected(@TempDir Path tmp) {
    Samples.copy("cirr", tmp);
    Samples.replace(tmp.resolve("captions/cap.rc2.val.json"), "\"target_hard\": \"dev-1028-1-img1\"", "\"target_hard\": \"dev-710-2-img1\"");
    assertThatThrownBy(() -> Benchmarks.cirr(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("pairid 12060")
        .hasMessageContaining("dev-710-2-img1");
  }

  @Test
  void extendedCaptionOfAnUnknownPairIsRejected(@TempDir Path tmp) {
    Samples.copy("cirr", tmp);
    Samples.replace(tmp.resolve("captions_ext/cap.ext.rc2.val.json"), "\"pairid\": 12130", "\"pairid\": 99999");
    assertThatThrownBy(() -> Benchmarks.cirr(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("99999");
  }

  @Test
  void malformedJsonNamesTheFile(@TempDir Path tmp) throws Exception {
    Samples.copy("cirr", tmp);
    Files.writeString(tmp.resolve("image_splits/split.rc2.val.json"), "{\"dev-1\": ");
    assertThatThrownBy(() -> Benchmarks.cirr(tmp, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("split.rc2.val.json");
  }
}
