package dev.paracosm.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.eval.experiment.ResultRecord;
import dev.paracosm.eval.experiment.ResultsLog;
import dev.paracosm.eval.testing.TestRoles;
import dev.paracosm.eval.testing.TinyCirr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI commands end to end with an in-process test encoder (no generative role needed). */
@Timeout(300)
class CliEndToEndTest {

  static CliHarness harness() {
    CliHarness h = new CliHarness();
    TestRoles.TableEncoder enc = new TestRoles.TableEncoder();
    h.encoders = (spec, opts) -> enc;
    return h;
  }

  @Test
  void indexThenSearchPrintsTheRankedIds(@TempDir Path dir) {
    Path gallery = dir.resolve("gallery");
    TestRoles.TableEncoder enc = new TestRoles.TableEncoder();
    double[] degrees = {40, 30, 20, 0, 10};
    for (int i = 0; i < 5; i++) {
      TestRoles.writeImage(gallery.resolve("item" + i + ".png"), i);
      double a = Math.toRadians(degrees[i]);
      float[] v = new float[TestRoles.DIM];
      v[0] = (float) Math.cos(a);
      v[1] = (float) Math.sin(a);
      enc.images.put(i, v);
    }
    enc.images.put(50, TestRoles.oneHot(0));
    Path ref = TestRoles.writeImage(dir.resolve("ref.png"), 50);
    String idx = dir.resolve("idx").toString();
    CliHarness h = harness();
    h.encoders = (spec, opts) -> enc;
    assertThat(h.run("--progress", "none", "index", gallery.toString(), "--index-dir", idx, "--encoder", "test:t"))
        .as(h.err()).isZero();
    assertThat(h.out()).contains("Indexed 5 of 5 items");
    CliHarness s = harness();
    s.encoders = (spec, opts) -> enc;
    assertThat(s.run("search", "--index-dir", idx, "--encoder", "test:t", "--image", ref.toString(), "--text", "x",
        "--mode", "baseline_image_only", "-k", "2")).as(s.err()).isZero();
    List<String> lines = s.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("1\titem3\t1.000000");
    assertThat(lines.get(1)).startsWith(String.format(java.util.Locale.ROOT, "2\titem4\t%.6f",
        (float) Math.cos(Math.toRadians(10))));
  }

  @Test
  void sweepWritesResultsAndAComputeReportThenReportRendersThem(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("CIRR");
    TinyCirr.write(root, "val", 10, 6);
    Path cfg = dir.resolve("exp.yaml");
    Files.writeString(cfg, "name: tiny\ndataset: cirr\nmodes: [baseline_image_only, baseline_image_text]\n"
        + "encoders: [test:t]\nqualitative: 2\n");
    Path results = dir.resolve("out/tiny.jsonl");
    CliHarness h = harness();
    assertThat(h.run("--progress", "lines", "sweep", cfg.toString(), "--data-root", root.toString(), "--results",
        results.toString())).as(h.err()).isZero();
    assertThat(h.out()).contains("2 points: 2 evaluated, 0 already in");
    List<ResultRecord> recs = ResultsLog.read(results);
    assertThat(recs).hasSize(2).allSatisfy(r -> assertThat(r.metrics()).containsKeys("recall@1", "recall_subset@1"));
    // image only: every other item ties at 0 and keeps gallery order once the reference is removed, so
    // query q (reference q, target q+1) ranks its target at q+1; in the group q..q+5 (mod 10) the target
    // comes first except for q = 5, whose group wraps round to item 0
    assertThat(recs.get(0).mode()).isEqualTo("baseline_image_only");
    assertThat(recs.get(0).metrics().get("recall@1")).isCloseTo(100.0 / 6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(recs.get(0).metrics().get("recall@5")).isCloseTo(500.0 / 6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(recs.get(0).metrics().get("recall@10")).isEqualTo(100.0);
    assertThat(recs.get(0).metrics().get("recall_subset@1")).isCloseTo(500.0 / 6,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(dir.resolve("out/tiny.compute.md")).content().contains("encode_image", "ranking");
    assertThat(h.err()).contains("points [");

    CliHarness again = harness();
    assertThat(again.run("sweep", cfg.toString(), "--data-root", root.toString(), "--results", results.toString()))
        .isZero();
    assertThat(again.out()).contains("2 points: 0 evaluated, 2 already in");

    Path rep = dir.resolve("report");
    CliHarness r = harness();
    assertThat(r.run("report", results.toString(), "--out", rep.toString())).as(r.err()).isZero();
    assertThat(rep.resolve("results.md")).content().contains("cirr R@1", "cirr Rs@1", "baseline_image_only");
    assertThat(rep.resolve("qualitative.html")).content().contains("<tr class=\"query\"", "hit target");
  }

  @Test
  void evalOnTest1WritesValidSubmissionFiles(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("CIRR");
    TinyCirr.write(root, "test1", 60, 4);
    Path sub = dir.resolve("sub");
    CliHarness h = harness();
    assertThat(h.run("eval", "--dataset", "cirr", "--split", "test1", "--data-root", root.toString(), "--mode",
        "baseline_image_only", "--encoder", "test:t", "--results", dir.resolve("r.jsonl").toString(),
        "--submission", sub.toString())).as(h.err()).isZero();
    assertThat(h.out()).contains("Submission: " + sub.resolve("cirr_test1_recall.json"));
    CliHarness v = harness();
    assertThat(v.run("validate-submission", sub.resolve("cirr_test1_recall.json").toString(),
        sub.resolve("cirr_test1_recall_subset.json").toString(), "--dataset", "cirr", "--data-root",
        root.toString())).isZero();
    assertThat(Files.readString(sub.resolve("cirr_test1_recall_subset.json")))
        .contains("\"500\":[\"" + TinyCirr.id(1) + "\"");
  }

  @Test
  void evalOnValPrintsThePaperTable(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("CIRR");
    TinyCirr.write(root, "val", 10, 5);
    CliHarness h = harness();
    assertThat(h.run("eval", "--dataset", "cirr", "--data-root", root.toString(), "--mode", "baseline_image_only",
        "--encoder", "test:t", "--results", dir.resolve("r.jsonl").toString())).as(h.err()).isZero();
    assertThat(h.out()).contains("| method | cirr R@1 | cirr R@5 |", "| 100.00 |");
  }
}
