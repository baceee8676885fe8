package dev.paracosm.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.BenchmarkDataException;
import dev.paracosm.ConfigurationException;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.GenerationFailedException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.ModelUnavailableException;
import dev.paracosm.ParacosmException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.benchmark.Benchmarks;
import dev.paracosm.eval.experiment.ResultRecord;
import dev.paracosm.eval.experiment.ResultsLog;
import dev.paracosm.eval.submission.CirrSubmission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class ParacosmCliTest {
  static final Path CIRR_SAMPLES = Path.of("src/test/resources/benchmarks/samples/cirr");

  private static void assertOneLineError(CliHarness h) {
    String e = h.err().strip();
    assertThat(e).startsWith("paracosm: ");
    assertThat(e.lines().count()).as("one line: <%s>", e).isEqualTo(1);
    assertThat(e).doesNotContain("\tat ", "Exception in thread");
  }

  @Test
  void topLevelHelpListsEveryCommandTheEnvironmentAndTheExitCodes() {
    CliHarness h = new CliHarness();
    assertThat(h.run("--help")).isZero();
    assertThat(h.out()).contains("index", "search", "eval", "sweep", "report", "validate-submission", "demo",
        "PARACOSM_ENCODER", "PARACOSM_CAPTIONER", "PARACOSM_INDEX_DIR", "PARACOSM_CACHE_DIR", "Examples:",
        "Exit codes:", "5 model unavailable", "paracosm demo");
  }

  @ParameterizedTest
  @ValueSource(strings = {"index", "search", "eval", "sweep", "report", "validate-submission", "demo"})
  void everyCommandHasHelpWithExamples(String command) {
    CliHarness h = new CliHarness();
    assertThat(h.run(command, "--help")).isZero();
    assertThat(h.out()).contains("Usage: paracosm " + command, "Examples:", "paracosm " + command);
  }

  @Test
  void unknownOptionIsAUsageErrorOnOneLine() {
    CliHarness h = new CliHarness();
    assertThat(h.run("search", "--image", "a.jpg", "--text", "red", "--frobnicate")).isEqualTo(ParacosmCli.USAGE);
    assertOneLineError(h);
    assertThat(h.err()).contains("--frobnicate").contains("paracosm search --help");
  }

  @Test
  void missingReferenceImageIsAnInvalidInputNamingThePath(@TempDir Path dir) {
    CliHarness h = new CliHarness();
    Path img = dir.resolve("nope.jpg");
    assertThat(h.run("search", "--image", img.toString(), "--text", "red")).isEqualTo(ParacosmCli.INVALID_INPUT);
    assertOneLineError(h);
    assertThat(h.err()).contains(img.toString());
  }

  @Test
  void sweepWithAnInvalidConfigIsAConfigurationErrorNamingTheField(@TempDir Path dir) throws IOException {
    Path cfg = dir.resolve("bad.yaml");
    Files.writeString(cfg, "dataset: cirr\nlambdas: [0.3, 7]\n");
    CliHarness h = new CliHarness();
    assertThat(h.run("sweep", cfg.toString())).isEqualTo(ParacosmCli.CONFIGURATION);
    assertOneLineError(h);
    assertThat(h.err()).contains("lambdas[1]").contains(cfg.toString());
  }

  @Test
  void sweepWithoutADataRootSaysHowToGiveOne(@TempDir Path dir) throws IOException {
    Path cfg = dir.resolve("ok.yaml");
    Files.writeString(cfg, "dataset: cirr\nmodes: [baseline_image_only]\nencoders: [x:y]\n");
    CliHarness h = new CliHarness();
    assertThat(h.run("sweep", cfg.toString(), "--results", dir.resolve("r.jsonl").toString()))
        .isEqualTo(ParacosmCli.CONFIGURATION);
    assertOneLineError(h);
    assertThat(h.err()).contains("--data-root");
  }

  @Test
  void evalOnAMissingDataRootIsABenchmarkDataError(@TempDir Path dir) {
    CliHarness h = new CliHarness();
    assertThat(h.run("eval", "--dataset", "cirr", "--data-root", dir.resolve("none").toString(), "--encoder", "x:y",
        "--results", dir.resolve("r.jsonl").toString())).isEqualTo(ParacosmCli.BENCHMARK_DATA);
    assertOneLineError(h);
    assertThat(h.err()).contains(dir.resolve("none").toString());
  }

  @Test
  void evalWithoutADatasetIsAnInvalidInput() {
    CliHarness h = new CliHarness();
    assertThat(h.run("eval")).isEqualTo(ParacosmCli.INVALID_INPUT);
    assertOneLineError(h);
    assertThat(h.err()).contains("--dataset");
  }

  @Test
  void verboseAddsTheStackTrace(@TempDir Path dir) {
    CliHarness h = new CliHarness();
    assertThat(h.run("--verbose", "report", dir.resolve("none.jsonl").toString())).isEqualTo(ParacosmCli.INVALID_INPUT);
    assertThat(h.err()).startsWith("paracosm: ").contains("\tat ");
  }

  @Test
  void everyExceptionTypeHasItsOwnExitCode() {
    List<Throwable> errors = List.of(new InvalidInputException("a"), new ConfigurationException("b"),
        new ModelUnavailableException("c"), new GenerationFailedException("d"), new FormatCorruptException("e"),
        new BenchmarkDataException("f"), new ParacosmException("g"), new IllegalStateException("h"));
    Set<Integer> codes = errors.stream().map(ParacosmCli::exitCode).collect(Collectors.toSet());
    assertThat(codes).hasSize(errors.size()).doesNotContain(ParacosmCli.OK, ParacosmCli.USAGE,
        ParacosmCli.INVALID_SUBMISSION);
  }

  @Test
  void multiLineMessagesArePrintedOnOneLine() {
    assertThat(ParacosmCli.describe(new ConfigurationException("missing roles:\n  - captioner\n  - editor")))
        .isEqualTo("missing roles: - captioner - editor");
  }

  @Test
  void reportWritesTablesPlotsAndHtmlFromResults(@TempDir Path dir) throws IOException {
    Path results = dir.resolve("r.jsonl");
    Path img = dir.resolve("a.png");
    java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
    ImageIO.write(bi, "png", img.toFile());
    try (ResultsLog log = ResultsLog.open(results)) {
      for (double l : new double[] {0.1, 0.5}) {
        ResultRecord.Example ex = new ResultRecord.Example("q1", "a", img.toString(), "make it red", Map.of("t_query", "x"),
            Map.of(), List.of("a", "b"), List.of(0.9, 0.8), Map.of("a", img.toString()), List.of("b"));
        log.append(new ResultRecord("k" + l, "e", "cirr", "val", null, "enc", "paracosm", l, "code", "cirr", List.of(),
            List.of(), null, Map.of(), 50, 1, 0, Map.of("recall@1", 10 * l, "recall@5", 50.0), "", "", Map.of(),
            List.of(ex)));
      }
    }
    Path out = dir.resolve("rep");
    CliHarness h = new CliHarness();
    assertThat(h.run("report", results.toString(), "--out", out.toString())).isZero();
    assertThat(out.resolve("results.md")).content().contains("| cirr R@1 | cirr R@5 |", "| 1.00 | 50.00 |");
    assertThat(out.resolve("results.csv")).exists();
    assertThat(ImageIO.read(out.resolve("lambda.png").toFile())).isNotNull();
    assertThat(ImageIO.read(out.resolve("radar.png").toFile())).isNotNull();
    assertThat(out.resolve("qualitative.html")).content().contains("data:image/png;base64", "make it red",
        "class=\"hit target\" data-id=\"b\"");
  }

  @Test
  void reportOnACorruptResultsFileIsAFormatError(@TempDir Path dir) throws IOException {
    Path results = dir.resolve("r.jsonl");
    Files.writeString(results, "{not json\n{\"key\":\"a\"}\n");
    CliHarness h = new CliHarness();
    assertThat(h.run("report", results.toString(), "--out", dir.toString())).isEqualTo(ParacosmCli.FORMAT_CORRUPT);
    assertOneLineError(h);
    assertThat(h.err()).contains("line 1");
  }

  @Test
  void validateSubmissionExitsZeroForAValidFileAndTenForViolations(@TempDir Path dir) {
    Benchmark b = Benchmarks.cirr(CIRR_SAMPLES, "test1");
    Map<String, List<String>> rankings = new LinkedHashMap<>();
    for (BenchmarkQuery q : b.queries()) {
      rankings.put(q.id(), Stream.concat(q.groupMembers().stream(), b.galleryIds().stream()).distinct().toList());
    }
    Path recall = dir.resolve("recall.json");
    Path subset = dir.resolve("subset.json");
    CirrSubmission.create(b, rankings).write(recall, subset);
    CliHarness ok = new CliHarness();
    assertThat(ok.run("validate-submission", recall.toString(), subset.toString(), "--dataset", "cirr",
        "--data-root", CIRR_SAMPLES.toString())).isZero();
    assertThat(ok.out()).contains("is valid");

    CliHarness bad = new CliHarness();
    assertThat(bad.run("validate-submission", CIRR_SAMPLES.resolve("submission/test1_pred_ranks_recall.json").toString(),
        "--dataset", "cirr", "--data-root", CIRR_SAMPLES.toString())).isEqualTo(ParacosmCli.INVALID_SUBMISSION);
    assertThat(bad.out()).contains("violation");
  }

  @Test
  void sweepDryRunListsTheGridOfABundledConfig() {
    CliHarness h = new CliHarness();
    assertThat(h.run("sweep", "ablation_table5", "--dry-run")).as(h.err()).isZero();
    List<String> lines = h.out().lines().toList();
    assertThat(lines).hasSize(7).last().isEqualTo("6 points");
    assertThat(lines.get(0)).startsWith("circo/val|hf:openai/clip-vit-large-patch14|paracosm|lambda=0.30|q=t_query|d=image|");
  }
}
