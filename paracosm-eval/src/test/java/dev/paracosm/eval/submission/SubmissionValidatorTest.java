package dev.paracosm.eval.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.benchmark.Benchmarks;
import dev.paracosm.eval.benchmark.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SubmissionValidatorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ObjectNode validCirrRecall(Benchmark b) {
    return CirrSubmission.create(b, CirrSubmissionTest.galleryOrder(b)).recallJson();
  }

  private static Path write(Path file, Object json) throws Exception {
    MAPPER.writeValue(file.toFile(), json);
    return file;
  }

  private static List<String> messagesFor(ValidationReport r, String queryId) {
    return r.violations().stream().filter(v -> v.queryId().equals(Optional.of(queryId))).map(Violation::message).toList();
  }

  @Test
  void cirrViolationsAreAllReportedWithTheirQueryIds(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.cirr(CirrSubmissionTest.CIRR, "test1");
    ObjectNode json = validCirrRecall(b);
    json.remove("12063"); // missing query
    ArrayNode l64 = (ArrayNode) json.get("12064");
    l64.set(0, "test1-83-0-img1"); // the reference of 12064
    ArrayNode l65 = (ArrayNode) json.get("12065");
    l65.set(1, l65.get(0).asText()); // duplicate
    l65.add("test1-0-0-img0"); // one too many and not in the gallery
    json.putArray("99999");
    ValidationReport r = SubmissionValidator.validate(b, write(tmp.resolve("r.json"), json));
    assertThat(r.isValid()).isFalse();
    assertThat(messagesFor(r, "12063")).singleElement().asString().contains("missing");
    assertThat(messagesFor(r, "12064")).anySatisfy(m -> assertThat(m).contains("reference"));
    assertThat(messagesFor(r, "12065")).anySatisfy(m -> assertThat(m).contains("more than once"))
        .anySatisfy(m -> assertThat(m).contains("exactly 5"))
        .anySatisfy(m -> assertThat(m).contains("test1-0-0-img0"));
    assertThat(r.violations()).anySatisfy(v -> assertThat(v.message()).contains("99999"));
  }

  @Test
  void cirrHeaderMustCarryVersionRc2AndAKnownMetric(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.cirr(CirrSubmissionTest.CIRR, "test1");
    ObjectNode json = validCirrRecall(b);
    json.put("version", "rc1");
    json.put("metric", "precision");
    ValidationReport r = SubmissionValidator.validate(b, write(tmp.resolve("r.json"), json));
    assertThat(r.violations()).filteredOn(v -> v.queryId().isEmpty()).hasSize(2);
  }

  @Test
  void cirrSubsetNamesMustBeGroupMembersOtherThanTheReference(@TempDir Path tmp) throws Exception {
    Benchmark b = dev.paracosm.eval.benchmark.TestBenchmarks.randomCirr(new java.util.Random(7), 60, 2);
    Map<String, List<String>> rankings = new LinkedHashMap<>();
    b.queries().forEach(q -> rankings.put(q.id(), b.galleryIds()));
    ObjectNode json = CirrSubmission.create(b, rankings).recallSubsetJson();
    BenchmarkQuery q = b.queries().get(0);
    String outsider = b.galleryIds().stream().filter(id -> !q.groupMembers().contains(id)).findFirst().orElseThrow();
    ((ArrayNode) json.get(q.id())).set(2, outsider);
    ValidationReport r = SubmissionValidator.validate(b, write(tmp.resolve("s.json"), json));
    assertThat(messagesFor(r, q.id())).singleElement().asString().contains(outsider).contains("group members");
    assertThat(messagesFor(r, b.queries().get(1).id())).isEmpty();
  }

  @Test
  void cirrFileOverTheServerLimitIsReported(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.cirr(CirrSubmissionTest.CIRR, "test1");
    String text = MAPPER.writeValueAsString(validCirrRecall(b));
    Path f = tmp.resolve("big.json");
    Files.writeString(f, text.substring(0, text.length() - 1) + " ".repeat(5_000_001) + "}");
    ValidationReport r = SubmissionValidator.validate(b, f);
    assertThat(r.violations()).singleElement().satisfies(v -> {
      assertThat(v.queryId()).isEmpty();
      assertThat(v.message()).contains("5000000");
    });
  }

  @Test
  void malformedJsonIsAViolationNotACrash(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.cirr(CirrSubmissionTest.CIRR, "test1");
    Path f = tmp.resolve("x.json");
    Files.writeString(f, "{\"version\": ");
    assertThat(SubmissionValidator.validate(b, f).violations()).singleElement().asString().contains("Not valid JSON");
  }

  @Test
  void throwIfInvalidListsTheViolations(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.cirr(CirrSubmissionTest.CIRR, "test1");
    ObjectNode json = validCirrRecall(b);
    json.remove("12064");
    ValidationReport r = SubmissionValidator.validate(b, write(tmp.resolve("r.json"), json));
    assertThatThrownBy(r::throwIfInvalid).isInstanceOf(InvalidInputException.class).hasMessageContaining("query 12064");
  }

  @Test
  void officialCircoExampleIsValidForTheSampleTestSplit(@TempDir Path tmp) {
    Benchmark b = Benchmarks.circo(Samples.circoRoot(tmp), "test");
    ValidationReport r = SubmissionValidator.validate(b, tmp.resolve("submission_examples/submission_test.json"));
    assertThat(r.isValid()).as(r.summary()).isTrue();
  }

  @Test
  void circoWriterOutputRoundTripsThroughTheValidator(@TempDir Path tmp) {
    Benchmark b = Benchmarks.circo(Samples.circoRoot(tmp), "test");
    Map<String, List<String>> rankings = new LinkedHashMap<>();
    for (BenchmarkQuery q : b.queries()) {
      List<String> l = new ArrayList<>(b.galleryIds());
      java.util.Collections.rotate(l, Integer.parseInt(q.id()));
      rankings.put(q.id(), l);
    }
    CircoSubmission s = CircoSubmission.create(b, rankings);
    assertThat(s.predictions().get("1")).hasSize(50).first().isEqualTo(Long.parseLong(b.galleryIds().get(b.galleryIds().size() - 1)));
    s.write(tmp.resolve("out/circo_test.json"));
    assertThat(SubmissionValidator.validate(b, tmp.resolve("out/circo_test.json")).violations()).isEmpty();
  }

  @Test
  void circoViolationsNameTheirQueries(@TempDir Path tmp) throws Exception {
    Benchmark b = Benchmarks.circo(Samples.circoRoot(tmp), "test");
    ObjectNode json = (ObjectNode) MAPPER.readTree(tmp.resolve("submission_examples/submission_test.json").toFile());
    json.remove("2");
    ArrayNode l0 = (ArrayNode) json.get("0");
    l0.set(0, "544864"); // a string id is fine: the server casts to int
    l0.set(1, "not-an-id");
    ArrayNode l1 = (ArrayNode) json.get("1");
    l1.remove(49);
    l1.add(123456789); // not in the gallery
    l1.add(581370); // duplicate of entry 0, and 51 entries
    ValidationReport r = SubmissionValidator.validate(b, write(tmp.resolve("c.json"), json));
    assertThat(messagesFor(r, "2")).singleElement().asString().contains("missing");
    assertThat(messagesFor(r, "0")).singleElement().asString().contains("not-an-id");
    assertThat(messagesFor(r, "1")).anySatisfy(m -> assertThat(m).contains("123456789"))
        .anySatisfy(m -> assertThat(m).contains("more than once"))
        .anySatisfy(m -> assertThat(m).contains("exactly 50"));
  }

  @Test
  void benchmarksWithoutAServerHaveNoSubmissionFormat(@TempDir Path tmp) {
    Benchmark b = Benchmarks.fashionIq(Path.of("src/test/resources/benchmarks/samples/fashioniq"),
        dev.paracosm.eval.benchmark.FashionIqCategory.DRESS, "test");
    assertThatThrownBy(() -> SubmissionValidator.validate(b, tmp.resolve("x.json")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("fashioniq");
  }
}
