package dev.paracosm.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.Gallery;
import dev.paracosm.GalleryItem;
import dev.paracosm.Query;
import dev.paracosm.eval.testing.TestRoles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on a tiny in-test task with deterministic counting roles: a λ sweep and an ablation
 * table cost exactly the generation and encoding of a single point; a rerun resumes.
 */
@Timeout(120)
class ExperimentRunnerTest {

  static final int GALLERY = 6;
  static final int QUERIES = 4;

  /** Gallery items g0..g5 (codes 0..5); query i has reference g_i and target g_(i+1). */
  static final class TinyTask implements EvalTask {
    final Path dir;

    TinyTask(Path dir) {
      this.dir = dir;
      for (int i = 0; i < GALLERY; i++) {
        TestRoles.writeImage(dir.resolve("g" + i + ".png"), i);
      }
    }

    @Override
    public String subset() {
      return null;
    }

    @Override
    public Gallery gallery() {
      List<GalleryItem> items = new ArrayList<>();
      for (int i = 0; i < GALLERY; i++) {
        items.add(GalleryItem.of("g" + i, dir.resolve("g" + i + ".png"), Map.of(ID_KEY, "g" + i)));
      }
      return Gallery.of(items);
    }

    @Override
    public List<EvalQuery> queries() {
      List<EvalQuery> out = new ArrayList<>();
      for (int i = 0; i < QUERIES; i++) {
        int ref = i;
        Query q = Query.builder().id("q" + i).reference(PLACEHOLDER).modificationText("make it number " + (i + 1))
            .referenceId("g" + i).build();
        out.add(new EvalQuery(q, () -> TestRoles.image(ref), List.of("g" + (i + 1)), List.of(), List.of()));
      }
      return out;
    }

    @Override
    public Path imagePath(String id) {
      return dir.resolve(id + ".png");
    }

    @Override
    public Map<String, Double> metrics(List<QueryOutcome> outcomes) {
      int hits = 0;
      for (QueryOutcome o : outcomes) {
        if (!o.ranking().isEmpty() && o.query().targets().contains(o.ranking().get(0))) {
          hits++;
        }
      }
      return Map.of("recall@1", 100.0 * hits / outcomes.size());
    }
  }

  record Counts(int captions, int edits, int t2i, int images, int texts) {}

  static final class Roles {
    final TestRoles.TableEncoder encoder = new TestRoles.TableEncoder();
    final TestRoles.CountingCaptioner captioner = new TestRoles.CountingCaptioner();
    final TestRoles.CountingEditor editor = new TestRoles.CountingEditor();
    final TestRoles.CountingTextToImage t2i = new TestRoles.CountingTextToImage();

    RoleSource source() {
      return RoleSource.of(spec -> encoder, captioner, editor, t2i);
    }

    Counts counts() {
      return new Counts(captioner.calls.get(), editor.calls.get(), t2i.calls.get(), encoder.imageCalls.get(),
          encoder.textCalls.get());
    }
  }

  static RunSummary run(String yaml, Path work, Path results, Roles roles, Path data) {
    return ExperimentRunner.builder().config(ExperimentConfig.parse(yaml, "test.yaml")).resultsFile(results)
        .workDirectory(work).tasks((c, w) -> List.of(new TinyTask(data))).roles(roles.source()).concurrency(1)
        .build().run();
  }

  static final String ONE_POINT = "dataset: cirr\nprotocol: generic\nencoders: [test:enc]\nmodes: [paracosm]\n"
      + "lambdas: [0.3]\n";
  static final String GRID = """
      dataset: cirr
      protocol: generic
      encoders: [test:enc]
      modes: [paracosm]
      lambdas: [0.0, 0.3, 0.7, 1.0]
      ablations:
        - {query_parts: [t_query], db_parts: [image]}
        - {query_parts: [t_query, mental_image], db_parts: [image, syn_image]}
        - {query_parts: [t_query, mental_image, t_mod], db_parts: [image, syn_image]}
      """;

  @Test
  void aLambdaSweepTimesAnAblationTableCostsTheGenerationAndEncodingOfOnePoint(@TempDir Path dir) {
    Roles single = new Roles();
    RunSummary one = run(ONE_POINT, dir.resolve("w1"), dir.resolve("one.jsonl"), single, dir.resolve("d1"));
    assertThat(one.ran()).isEqualTo(1);
    Counts oneCounts = single.counts();
    assertThat(oneCounts.captions()).as("the full point generates something").isPositive();
    assertThat(oneCounts.edits()).as("one mental image per query").isEqualTo(QUERIES);

    Roles grid = new Roles();
    RunSummary many = run(GRID, dir.resolve("w2"), dir.resolve("grid.jsonl"), grid, dir.resolve("d2"));
    assertThat(many.ran()).isEqualTo(4 * 3);
    assertThat(grid.counts()).as("12 points, one generation and encoding").isEqualTo(oneCounts);
    assertThat(ResultsLog.read(dir.resolve("grid.jsonl"))).hasSize(12)
        .allSatisfy(r -> assertThat(r.metrics()).containsKey("recall@1"));
  }

  @Test
  void aRerunSkipsEveryPointAlreadyInTheResultsFileAndCallsNoRole(@TempDir Path dir) {
    Path results = dir.resolve("r.jsonl");
    run(GRID, dir.resolve("w"), results, new Roles(), dir.resolve("d"));
    Roles again = new Roles();
    RunSummary s = run(GRID, dir.resolve("w"), results, again, dir.resolve("d"));
    assertThat(s.skipped()).isEqualTo(12);
    assertThat(s.ran()).isZero();
    assertThat(again.counts()).isEqualTo(new Counts(0, 0, 0, 0, 0));
    assertThat(ResultsLog.read(results)).hasSize(12);
  }

  @Test
  void aTornLastLineIsRerunOnResume(@TempDir Path dir) throws IOException {
    Path results = dir.resolve("r.jsonl");
    run(GRID, dir.resolve("w"), results, new Roles(), dir.resolve("d"));
    List<String> lines = Files.readAllLines(results);
    String last = lines.get(lines.size() - 1);
    String lastKey = ResultsLog.JSON.readTree(last).get("key").asText();
    Files.writeString(results, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
        + last.substring(0, last.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);

    Roles again = new Roles();
    RunSummary s = run(GRID, dir.resolve("w"), results, again, dir.resolve("d"));
    assertThat(s.ran()).isEqualTo(1);
    assertThat(s.records().get(0).key()).isEqualTo(lastKey);
    assertThat(again.captioner.calls.get() + again.editor.calls.get() + again.t2i.calls.get())
        .as("generation comes from the artifact cache").isZero();
    assertThat(ResultsLog.read(results)).hasSize(12).extracting(ResultRecord::key).doesNotHaveDuplicates();
  }

  @Test
  void recordsCarryProvenanceAndTheComputeReportCoversEveryStage(@TempDir Path dir) throws IOException {
    Roles roles = new Roles();
    RunSummary s = run(ONE_POINT + "qualitative: 2\n", dir.resolve("w"), dir.resolve("r.jsonl"), roles,
        dir.resolve("d"));
    ResultRecord r = s.records().get(0);
    assertThat(r.provenance()).containsEntry("encoder_id", "test-table-encoder")
        .containsEntry("captioner_id", "test-captioner").containsEntry("image_editor_id", "test-editor")
        .containsEntry("text_to_image_id", "test-t2i").containsKey("generation_settings")
        .containsKey("paracosm_version");
    assertThat(r.startedAt()).isNotBlank();
    assertThat(r.finishedAt()).isNotBlank();
    assertThat(r.examples()).hasSize(2);
    assertThat(r.examples().get(0).imagePaths()).containsKey("mental_image");
    assertThat(Path.of(r.examples().get(0).imagePaths().get("mental_image"))).exists();

    Map<String, StageStats> stages = new LinkedHashMap<>();
    s.compute().stages().forEach(st -> stages.put(st.stage(), st));
    assertThat(stages).containsKeys("captioner", "image_editor", "text_to_image", "encode_image", "encode_text",
        "ranking");
    assertThat(stages.get("image_editor").items()).isEqualTo(roles.editor.calls.get());
    assertThat(stages.get("captioner").items()).isEqualTo(roles.captioner.calls.get());
    assertThat(stages.get("encode_image").items()).isEqualTo(roles.encoder.imageCalls.get());
    assertThat(stages.values()).allSatisfy(st -> {
      assertThat(st.p95Millis()).isGreaterThanOrEqualTo(0);
      assertThat(st.peakHeapBytes()).isPositive();
    });
    assertThat(s.compute().queries()).isEqualTo(QUERIES);
    assertThat(s.compute().pipelineSecondsPerQuery()).isGreaterThanOrEqualTo(s.compute().modelSecondsPerQuery());
    assertThat(s.computeReportFile()).content().contains("| stage |", "image_editor", "Per query: pipeline");
  }

  @Test
  void exactTiesAreOrderedByGalleryPositionWhateverTheIndexOrder() {
    List<dev.paracosm.Hit> hits = List.of(new dev.paracosm.Hit(1, "c", 0.5, Map.of()),
        new dev.paracosm.Hit(2, "a", 0.5, Map.of()), new dev.paracosm.Hit(3, "d", 0.7, Map.of()),
        new dev.paracosm.Hit(4, "b", 0.5, Map.of()));
    List<dev.paracosm.Hit> out = ExperimentRunner.tiesByPosition(hits, Map.of("a", 0, "b", 1, "c", 2, "d", 3));
    assertThat(out).extracting(dev.paracosm.Hit::id).containsExactly("d", "a", "b", "c");
    assertThat(out).extracting(dev.paracosm.Hit::rank).containsExactly(1, 2, 3, 4);
  }
  @Test
  void aSamplingSweepGeneratesOncePerSettingAndRunsTheBaselineOnce(@TempDir Path dir) {
    Roles roles = new Roles();
    RunSummary s = run("dataset: cirr\nprotocol: generic\nencoders: [test:enc]\n"
        + "modes: [baseline_image_only, pefuse_t2i]\ngeneration: {mllm_temperature: [0.1, 0.5]}\n",
        dir.resolve("w"), dir.resolve("r.jsonl"), roles, dir.resolve("d"));
    assertThat(s.ran()).isEqualTo(3);
    assertThat(s.records()).extracting(ResultRecord::mode)
        .containsExactly("baseline_image_only", "pefuse_t2i", "pefuse_t2i");
    assertThat(s.records().get(2).generation()).containsEntry("mllm_temperature", 0.5);
    assertThat(roles.captioner.calls.get()).as("one composed description per query and temperature")
        .isEqualTo(2 * QUERIES);
    assertThat(roles.captioner.temperatures).containsExactlyInAnyOrder(0.1, 0.5);
    assertThat(roles.editor.calls.get()).isZero();
  }
}
