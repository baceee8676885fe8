package dev.paracosm.eval.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.benchmark.Benchmarks;
import dev.paracosm.eval.metrics.InvalidRankingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class CirrSubmissionTest {
  static final Path CIRR = Path.of("src/test/resources/benchmarks/samples/cirr");

  /** test1 sample (6 images): every query ranks the gallery in file order. */
  static Map<String, List<String>> galleryOrder(Benchmark b) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    b.queries().forEach(q -> out.put(q.id(), b.galleryIds()));
    return out;
  }

  @Test
  void recallFileStartsWithVersionAndMetricThenOnePairidPerQuery(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.cirr(CIRR, "test1");
    CirrSubmission s = CirrSubmission.create(b, galleryOrder(b));
    s.write(tmp.resolve("recall.json"), tmp.resolve("subset.json"));
    JsonNode recall = new ObjectMapper().readTree(tmp.resolve("recall.json").toFile());
    List<String> keys = new ArrayList<>();
    recall.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("version", "metric", "12063", "12064", "12065");
    assertThat(recall.get("version").asText()).isEqualTo("rc2");
    assertThat(recall.get("metric").asText()).isEqualTo("recall");
    JsonNode subset = new ObjectMapper().readTree(tmp.resolve("subset.json").toFile());
    assertThat(subset.get("metric").asText()).isEqualTo("recall_subset");
  }

  @Test
  void listsDropTheReferenceAndSubsetKeepsGlobalOrderOfTheMembers() {
    Benchmark b = Benchmarks.cirr(CIRR, "test1");
    CirrSubmission s = CirrSubmission.create(b, galleryOrder(b));
    // gallery order: 147-1-1, 83-0-1, 1001-2-0, 83-1-1, 359-0-1, 906-0-1; 12063's reference is 147-1-1
    assertThat(s.recall().get("12063"))
        .containsExactly("test1-83-0-img1", "test1-1001-2-img0", "test1-83-1-img1", "test1-359-0-img1", "test1-906-0-img1");
    assertThat(s.recallSubset().get("12064")).containsExactly("test1-147-1-img1", "test1-1001-2-img0", "test1-83-1-img1");
  }

  @Test
  void writtenFilesPassTheValidator(@TempDir Path tmp) {
    Benchmark b = Benchmarks.cirr(CIRR, "test1");
    CirrSubmission.create(b, galleryOrder(b)).write(tmp.resolve("r.json"), tmp.resolve("s.json"));
    assertThat(SubmissionValidator.validate(b, tmp.resolve("r.json")).violations()).isEmpty();
    assertThat(SubmissionValidator.validate(b, tmp.resolve("s.json")).violations()).isEmpty();
  }

  @Test
  void rankingMissingAGroupMemberCannotFillTheSubsetFile() {
    Benchmark b = Benchmarks.cirr(CIRR, "test1");
    Map<String, List<String>> r = galleryOrder(b);
    r.put("12065", List.of("test1-83-1-img1", "test1-906-0-img1", "test1-359-0-img1"));
    assertThatThrownBy(() -> CirrSubmission.create(b, r))
        .isInstanceOf(InvalidRankingException.class)
        .hasMessageContaining("12065");
  }

  @Test
  void missingQueryIsRejected() {
    Benchmark b = Benchmarks.cirr(CIRR, "test1");
    Map<String, List<String>> r = galleryOrder(b);
    r.remove("12064");
    assertThatThrownBy(() -> CirrSubmission.create(b, r))
        .isInstanceOf(InvalidRankingException.class)
        .hasMessageContaining("12064");
  }

  @Test
  void officialDemoSubsetFileIsValidForTheSampleSplit() {
    Benchmark b = Benchmarks.cirr(CIRR, "test1");
    ValidationReport report = SubmissionValidator.validate(b, CIRR.resolve("submission/test1_pred_ranks_recall_subset.json"));
    assertThat(report.isValid()).as(report.summary()).isTrue();
  }

  @Test
  void queryKeysOfTheDemoFileAreInQueryOrder() throws Exception {
    JsonNode demo = new ObjectMapper().readTree(CIRR.resolve("submission/test1_pred_ranks_recall_subset.json").toFile());
    Benchmark b = Benchmarks.cirr(CIRR, "test1");
    Iterator<String> it = demo.fieldNames();
    it.next();
    it.next();
    for (BenchmarkQuery q : b.queries()) {
      assertThat(it.next()).isEqualTo(q.id());
    }
  }
}
