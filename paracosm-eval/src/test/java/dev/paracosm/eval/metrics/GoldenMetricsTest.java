package dev.paracosm.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.ParacosmException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.benchmark.Benchmarks;
import dev.paracosm.eval.benchmark.FashionIqCategory;
import dev.paracosm.eval.benchmark.GeneCisTask;
import dev.paracosm.eval.submission.CircoSubmission;
import dev.paracosm.eval.submission.CirrSubmission;
import dev.paracosm.eval.submission.SubmissionValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every golden metric case ({@code paracosm-cir-golden/1}, spec/benchmarks/README.md §6.2)
 * through the public API: the case's inputs are written in the official on-disk layout, loaded with
 * {@link Benchmarks}, ranked with {@link RankedIds}, scored with {@link CirMetrics} and written with
 * the submission writers; metrics must be within the case's {@code tolerance_abs} of the official
 * values, submissions equal, and every {@code error_cases} entry rejected.
 */
class GoldenMetricsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String FORMAT = "paracosm-cir-golden/1";

  @Test
  @Timeout(300)
  void everyGoldenCaseMatchesTheOfficialReferenceCode(@TempDir Path tmp) throws IOException {
    String env = System.getenv("PARACOSM_GOLDEN_METRICS_DIR");
    Path dir = Path.of(env == null || env.isBlank() ? "src/test/resources/benchmarks/golden" : env);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    int passed = 0;
    List<String> failures = new ArrayList<>();
    for (Path f : files) {
      List<String> problems = new ArrayList<>();
      try {
        JsonNode c = MAPPER.readTree(f.toFile());
        runCase(c, tmp.resolve(f.getFileName().toString().replace(".json", "")), problems);
      } catch (Exception e) {
        problems.add("threw " + e);
      }
      if (problems.isEmpty()) {
        passed++;
      } else {
        failures.add(f.getFileName() + ":\n    " + String.join("\n    ", problems));
      }
    }
    System.out.println("golden-metrics: " + passed + " passed, " + failures.size() + " failed");
    assertThat(files).as("golden cases in %s", dir).isNotEmpty();
    assertThat(failures).as("failing golden cases").isEmpty();
  }

  // ---------------------------------------------------------------- one case

  private static void runCase(JsonNode c, Path dir, List<String> problems) throws IOException {
    if (!FORMAT.equals(c.path("format").asText())) {
      problems.add("unsupported format " + c.path("format"));
      return;
    }
    double tol = c.path("tolerance_abs").asDouble(1e-4);
    Files.createDirectories(dir);
    String benchmark = c.path("benchmark").asText();
    switch (benchmark) {
      case "cirr" -> cirr(c, dir.resolve("run"), tol, problems);
      case "circo" -> circo(c, dir.resolve("run"), tol, problems);
      case "fashioniq" -> fashionIq(c, dir.resolve("run"), tol, problems);
      case "genecis" -> geneCis(c, dir.resolve("run"), tol, problems);
      default -> {
        problems.add("unknown benchmark '" + benchmark + "'");
        return;
      }
    }
    int i = 0;
    for (JsonNode err : c.path("error_cases")) {
      ObjectNode variant = c.deepCopy();
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (k.startsWith("expected") || k.equals("error_cases")) {
          variant.remove(k);
        }
      }
      err.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("description") && !e.getKey().equals("expected_error")) {
          variant.set(e.getKey(), e.getValue());
        }
      });
      String expected = err.path("expected_error").asText("");
      String where = "error_cases[" + i + "] (" + expected + ")";
      List<String> ignored = new ArrayList<>();
      try {
        switch (benchmark) {
          case "cirr" -> cirr(variant, dir.resolve("error" + i), tol, ignored);
          case "circo" -> circo(variant, dir.resolve("error" + i), tol, ignored);
          case "fashioniq" -> fashionIq(variant, dir.resolve("error" + i), tol, ignored);
          default -> geneCis(variant, dir.resolve("error" + i), tol, ignored);
        }
        problems.add(where + " was accepted but must be rejected");
      } catch (InvalidRankingException e) {
        if (isKnownReason(expected) && !e.reason().code().equals(expected)) {
          problems.add(where + " rejected for the wrong reason " + e.reason().code() + ": " + e.getMessage());
        }
      } catch (ParacosmException e) {
        if (isKnownReason(expected)) {
          problems.add(where + " rejected with " + e + " instead of reason " + expected);
        }
      }
      i++;
    }
  }

  private static boolean isKnownReason(String code) {
    for (InvalidRankingException.Reason r : InvalidRankingException.Reason.values()) {
      if (r.code().equals(code)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- CIRR

  private static void cirr(JsonNode c, Path root, double tol, List<String> problems) throws IOException {
    JsonNode queries = c.get("queries");
    boolean val = c.has("split_style") ? c.get("split_style").asText().equals("val") : queries.get(0).has("target_hard");
    String split = val ? "val" : "test1";
    ObjectNode splitFile = MAPPER.createObjectNode();
    for (JsonNode id : c.get("database_ids")) {
      splitFile.put(id.asText(), "./img/" + id.asText() + ".png");
    }
    write(root.resolve("cirr/captions/cap.rc2." + split + ".json"), queries);
    write(root.resolve("cirr/image_splits/split.rc2." + split + ".json"), splitFile);
    Benchmark b = Benchmarks.cirr(root, split);
    Map<String, List<String>> rankings = rankFromScores(b, c);

    if (c.has("expected") || c.has("expected_soft_cirplant")) {
      MetricReport r = CirMetrics.evaluate(b, rankings, MetricOptions.defaults().withCirrSoftLabels(c.has("expected_soft_cirplant")));
      compareAt(problems, "expected.recall_at", c.path("expected").path("recall_at"), r, "recall@", tol);
      compareAt(problems, "expected.recall_subset_at", c.path("expected").path("recall_subset_at"), r, "recall_subset@", tol);
      compareAt(problems, "expected_soft_cirplant.recall_at", c.path("expected_soft_cirplant").path("recall_at"), r, "soft_recall@", tol);
      compareAt(problems, "expected_soft_cirplant.recall_subset_at", c.path("expected_soft_cirplant").path("recall_subset_at"), r, "soft_recall_subset@", tol);
      comparePerQuery(problems, c.path("expected_per_query"), r, "pairid", Map.of(
          "target_rank", "target_rank", "subset_target_rank", "subset_target_rank",
          "soft_best_at", "soft_best@", "soft_subset_best_at", "soft_subset_best@"), tol);
    }
    if (c.has("expected_submission")) {
      CirrSubmission s = CirrSubmission.create(b, rankings);
      compareJson(problems, "expected_submission.recall", c.get("expected_submission").get("recall"), s.recallJson());
      compareJson(problems, "expected_submission.recall_subset", c.get("expected_submission").get("recall_subset"), s.recallSubsetJson());
      Path recall = root.resolve("submission/recall.json");
      Path subset = root.resolve("submission/recall_subset.json");
      s.write(recall, subset);
      for (Path p : List.of(recall, subset)) {
        var report = SubmissionValidator.validate(b, p);
        if (!report.isValid()) {
          problems.add("written submission fails validation: " + report.summary());
        }
      }
    }
  }

  // ---------------------------------------------------------------- CIRCO

  private static void circo(JsonNode c, Path root, double tol, List<String> problems) throws IOException {
    JsonNode queries = c.get("queries");
    boolean val = queries.size() > 0 && queries.get(0).has("gt_img_ids");
    String split = val ? "val" : "test";
    boolean predictionsMode = "predictions".equals(c.path("mode").asText()) || !c.has("scores");
    Set<Long> ids = new LinkedHashSet<>();
    if (c.has("database_ids")) {
      c.get("database_ids").forEach(id -> ids.add(id.asLong()));
    }
    if (predictionsMode) {
      // no database in this mode: the gallery is every id the case mentions
      for (JsonNode q : queries) {
        ids.add(q.get("reference_img_id").asLong());
        q.path("gt_img_ids").forEach(g -> ids.add(g.asLong()));
        if (q.has("target_img_id")) {
          ids.add(q.get("target_img_id").asLong());
        }
      }
      c.path("predictions").forEach(list -> list.forEach(id -> {
        if (id.canConvertToLong() || id.asText().matches("-?\\d+")) {
          ids.add(id.asLong());
        }
      }));
    }
    ObjectNode info = MAPPER.createObjectNode();
    ArrayNode images = info.putArray("images");
    for (long id : ids) {
      images.addObject().put("id", id).put("file_name", String.format("%012d.jpg", id));
    }
    write(root.resolve("annotations/" + split + ".json"), queries);
    write(root.resolve("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json"), info);
    Benchmark b = Benchmarks.circo(root, split);

    Map<String, List<String>> rankings;
    if (predictionsMode) {
      rankings = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = c.get("predictions").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        List<String> list = new ArrayList<>();
        e.getValue().forEach(id -> list.add(id.asText()));
        rankings.put(e.getKey(), list);
      }
    } else {
      rankings = rankFromScores(b, c);
    }
    if (c.has("expected")) {
      MetricReport r = CirMetrics.evaluate(b, rankings);
      compareAt(problems, "expected.map_at", c.get("expected").path("map_at"), r, "map@", tol);
      compareAt(problems, "expected.recall_at", c.get("expected").path("recall_at"), r, "recall@", tol);
      compareAt(problems, "expected.semantic_map_at10", c.get("expected").path("semantic_map_at10"), r, "semantic_map@10/", tol);
      comparePerQuery(problems, c.path("expected_per_query"), r, "id", Map.of(
          "ap_at", "ap@", "target_rank_in_top50", "target_rank"), tol);
    } else if (!c.has("expected_submission")) {
      CirMetrics.evaluate(b, rankings); // error variants: scoring must reject
    }
    if (c.has("expected_submission")) {
      CircoSubmission s = CircoSubmission.create(b, rankings);
      compareJson(problems, "expected_submission", c.get("expected_submission"), s.toJson());
    }
  }

  // ---------------------------------------------------------------- FashionIQ

  private static void fashionIq(JsonNode c, Path root, double tol, List<String> problems) throws IOException {
    Map<String, MetricReport> parts = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("categories").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String cat = e.getKey();
      JsonNode part = e.getValue();
      write(root.resolve("captions/cap." + cat + ".val.json"), part.get("queries"));
      write(root.resolve("image_splits/split." + cat + ".val.json"), part.get("database_ids"));
      Benchmark b = Benchmarks.fashionIq(root, FashionIqCategory.fromId(cat), "val");
      MetricReport r = CirMetrics.evaluate(b, rankFromScores(b, part));
      parts.put(cat, r);
      compareAt(problems, cat + ".expected.recall_at", part.path("expected").path("recall_at"), r, "recall@", tol);
      comparePerQuery(problems, part.path("expected_per_query"), r, null, Map.of("target_rank", "target_rank"), tol);
    }
    MetricReport all = CirMetrics.combine("fashioniq", parts);
    compareAt(problems, "expected_average.recall_at", c.path("expected_average").path("recall_at"), all, "average/recall@", tol);
    if (c.path("expected_average").has("mean_of_avg_r10_r50")) {
      compare(problems, "expected_average.mean_of_avg_r10_r50", c.get("expected_average").get("mean_of_avg_r10_r50"), all, "average/mean_r10_r50", tol);
    }
  }

  // ---------------------------------------------------------------- GeneCIS

  private static void geneCis(JsonNode c, Path root, double tol, List<String> problems) throws IOException {
    Map<String, MetricReport> parts = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("tasks").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      GeneCisTask task = GeneCisTask.fromId(e.getKey());
      JsonNode part = e.getValue();
      write(root.resolve("genecis/" + task.id() + ".json"), part.get("queries"));
      Benchmark b = Benchmarks.geneCis(root.resolve("genecis"), task, root.resolve("images"));
      Map<String, List<String>> rankings = new LinkedHashMap<>();
      List<BenchmarkQuery> qs = b.queries();
      for (int i = 0; i < qs.size(); i++) {
        // scores[q] = [target, gallery[0], ...], exactly the order of BenchmarkQuery.gallery()
        rankings.put(qs.get(i).id(), RankedIds.fromScores(qs.get(i).gallery(), doubles(part.get("scores").get(i))));
      }
      MetricReport r = CirMetrics.evaluate(b, rankings);
      parts.put(task.id(), r);
      compareAt(problems, task.id() + ".expected.recall_at", part.path("expected").path("recall_at"), r, "recall@", tol);
      comparePerQuery(problems, part.path("expected_per_query"), r, null, Map.of("target_rank", "target_rank"), tol);
    }
    MetricReport all = CirMetrics.combine("genecis", parts);
    if (c.has("expected_average_recall_at1")) {
      compare(problems, "expected_average_recall_at1", c.get("expected_average_recall_at1"), all, "average/recall@1", tol);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Rankings of the shared database from {@code scores[q][d]} (database order = database_ids). */
  private static Map<String, List<String>> rankFromScores(Benchmark b, JsonNode c) {
    List<String> db = new ArrayList<>();
    c.get("database_ids").forEach(id -> db.add(id.asText()));
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<BenchmarkQuery> qs = b.queries();
    for (int i = 0; i < qs.size(); i++) {
      out.put(qs.get(i).id(), RankedIds.fromScores(db, doubles(c.get("scores").get(i))));
    }
    return out;
  }

  private static double[] doubles(JsonNode row) {
    double[] d = new double[row.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = row.get(i).asDouble();
    }
    return d;
  }

  private static void compareAt(List<String> problems, String what, JsonNode expected, MetricReport r, String prefix, double tol) {
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      compare(problems, what + "." + e.getKey(), e.getValue(), r, prefix + e.getKey(), tol);
    }
  }

  private static void compare(List<String> problems, String what, JsonNode expected, MetricReport r, String metric, double tol) {
    Double actual = r.values().get(metric);
    if (actual == null) {
      problems.add(what + ": report has no metric " + metric);
      return;
    }
    check(problems, what, expected, actual, tol);
  }

  private static void check(List<String> problems, String what, JsonNode expected, Double actual, double tol) {
    if (expected.isNull()) {
      if (actual != null && !actual.isNaN()) {
        problems.add(what + ": expected undefined (null) but got " + actual);
      }
      return;
    }
    double e = expected.asDouble();
    if (actual == null || actual.isNaN() || Math.abs(actual - e) > tol) {
      problems.add(what + ": expected " + e + " but got " + actual);
    }
  }

  /**
   * Per-query expectations: {@code fields} maps a golden field either to a detail name (scalar) or,
   * when the golden value is an object keyed by K, to a detail prefix.
   */
  private static void comparePerQuery(
      List<String> problems, JsonNode expected, MetricReport r, String idField, Map<String, String> fields, double tol) {
    if (expected.isMissingNode()) {
      return;
    }
    if (expected.size() != r.perQuery().size()) {
      problems.add("expected_per_query has " + expected.size() + " entries, report has " + r.perQuery().size());
      return;
    }
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      QueryMetrics q = r.perQuery().get(i);
      String where = "expected_per_query[" + i + "]";
      if (idField != null && e.has(idField) && !e.get(idField).asText().equals(q.queryId())) {
        problems.add(where + ": query id " + e.get(idField) + " but report row is " + q.queryId());
        continue;
      }
      for (Map.Entry<String, String> f : fields.entrySet()) {
        JsonNode v = e.get(f.getKey());
        if (v == null) {
          continue;
        }
        if (v.isObject()) {
          v.fields().forEachRemaining(k -> check(problems, where + "." + f.getKey() + "." + k.getKey(),
              k.getValue(), q.values().get(f.getValue() + k.getKey()), tol));
        } else {
          check(problems, where + "." + f.getKey(), v, q.values().get(f.getValue()), tol);
        }
      }
    }
  }

  /** Compares the JSON text a writer produces (re-parsed, so 5 written from a long equals 5 read as int). */
  private static void compareJson(List<String> problems, String what, JsonNode expected, JsonNode written) throws IOException {
    JsonNode actual = MAPPER.readTree(MAPPER.writeValueAsString(written));
    if (!expected.equals(actual)) {
      List<String> diffs = new ArrayList<>();
      expected.fieldNames().forEachRemaining(k -> {
        if (!expected.get(k).equals(actual.get(k))) {
          diffs.add(k + ": expected " + expected.get(k) + " got " + actual.get(k));
        }
      });
      actual.fieldNames().forEachRemaining(k -> {
        if (!expected.has(k)) {
          diffs.add("unexpected key " + k);
        }
      });
      problems.add(what + " differs: " + String.join("; ", diffs.subList(0, Math.min(3, diffs.size()))));
    }
  }

  private static void write(Path file, JsonNode json) throws IOException {
    Files.createDirectories(file.getParent());
    MAPPER.writeValue(file.toFile(), json);
  }
}
