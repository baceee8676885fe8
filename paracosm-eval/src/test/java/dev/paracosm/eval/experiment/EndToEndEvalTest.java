package dev.paracosm.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.eval.testing.TestRoles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on tiny synthetic benchmarks written in each official on-disk format: the loaders, the
 * pipeline with deterministic in-test roles, ranking under each protocol, and the official metrics.
 * Every image is a colour-coded PNG that the test encoder maps to a one-hot vector, and every
 * modification text to a chosen weight vector, so the test fixes each query's full ranking and
 * derives the expected metrics itself.
 */
@Timeout(180)
class EndToEndEvalTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final double TOL = 1e-6;

  final TestRoles.TableEncoder encoder = new TestRoles.TableEncoder();
  final TestRoles.CountingCaptioner captioner = new TestRoles.CountingCaptioner();
  final TestRoles.CountingEditor editor = new TestRoles.CountingEditor();
  final TestRoles.CountingTextToImage t2i = new TestRoles.CountingTextToImage();
  final Map<String, Integer> codes = new LinkedHashMap<>();

  int code(String id) {
    return codes.computeIfAbsent(id, k -> codes.size());
  }

  /** Makes {@code text} encode to weights that rank the items in exactly {@code order} (best first). */
  void rankText(String text, List<String> order) {
    float[] w = new float[TestRoles.DIM];
    for (int i = 0; i < order.size(); i++) {
      w[code(order.get(i))] = 1f - 0.01f * i;
    }
    encoder.texts.put(text, w);
  }

  List<ResultRecord> run(String yaml, Path root, Path dir) {
    ExperimentConfig c = ExperimentConfig.parse(yaml, "e2e.yaml").withDataRoot(root);
    return ExperimentRunner.builder().config(c).resultsFile(dir.resolve("results.jsonl"))
        .workDirectory(dir.resolve("work")).roles(RoleSource.of(s -> encoder, captioner, editor, t2i))
        .concurrency(2).build().run().records();
  }

  static ResultRecord point(List<ResultRecord> records, String mode, String subset) {
    return records.stream().filter(r -> r.mode().equals(mode) && java.util.Objects.equals(r.subset(), subset))
        .findFirst().orElseThrow(() -> new AssertionError("no record for " + mode + " " + subset));
  }

  static double recall(List<Integer> ranks, int k) {
    return 100.0 * ranks.stream().filter(r -> r <= k).count() / ranks.size();
  }

  static List<String> without(List<String> l, String id) {
    List<String> out = new ArrayList<>(l);
    out.remove(id);
    return out;
  }

  void image(Path file, String id) {
    TestRoles.writeImage(file, code(id));
  }

  // ---------------------------------------------------------------- CIRR

  @Test
  void cirrValRecallAndSubsetRecallMatchTheConstructedRanks(@TempDir Path dir) throws IOException {
    Path root = dir.resolve("CIRR");
    List<String> gallery = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      gallery.add("dev-" + i + "-0-img0");
    }
    Map<String, String> split = new LinkedHashMap<>();
    for (String g : gallery) {
      split.put(g, "./dev/" + g + ".png");
      image(root.resolve("dev/" + g + ".png"), g);
    }
    // query: reference, target, order (best first) fixed by the test
    List<Map<String, Object>> captions = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    List<Integer> subsetRanks = new ArrayList<>();
    int[][] spec = {{0, 1}, {2, 5}, {4, 9}, {6, 3}, {8, 11}};
    for (int q = 0; q < spec.length; q++) {
      String ref = gallery.get(spec[q][0]);
      String target = gallery.get(spec[q][1]);
      List<String> members = new ArrayList<>(List.of(ref, target));
      for (int m = 0; members.size() < 6; m++) {
        String g = gallery.get((spec[q][0] + 2 + m * 2) % gallery.size());
        if (!members.contains(g)) {
          members.add(g);
        }
      }
      // a rotation of the gallery puts the target at a different depth for every query; the
      // reference sits at the top for odd queries (its removal lifts the target by one)
      List<String> order = new ArrayList<>(gallery);
      java.util.Collections.rotate(order, 3 * q);
      order.remove(ref);
      if (q % 2 == 1) {
        order.add(0, ref);
      } else {
        order.add(ref);
      }
      String caption = "cirr caption " + q;
      rankText(caption, order);
      List<String> reported = without(order, ref);
      ranks.add(reported.indexOf(target) + 1);
      List<String> sub = reported.stream().filter(members::contains).toList();
      subsetRanks.add(sub.indexOf(target) + 1);
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("pairid", 100 + q);
      rec.put("reference", ref);
      rec.put("target_hard", target);
      rec.put("target_soft", Map.of(target, 1.0));
      rec.put("caption", caption);
      rec.put("img_set", Map.of("id", q, "members", members, "reference_rank", 0, "target_rank", 1));
      captions.add(rec);
    }
    Files.createDirectories(root.resolve("cirr/captions"));
    Files.createDirectories(root.resolve("cirr/image_splits"));
    JSON.writeValue(root.resolve("cirr/captions/cap.rc2.val.json").toFile(), captions);
    JSON.writeValue(root.resolve("cirr/image_splits/split.rc2.val.json").toFile(), split);

    List<ResultRecord> recs = run("""
        dataset: cirr
        split: val
        encoders: [test:table]
        modes: [baseline_text_only, baseline_image_only, paracosm]
        lambdas: [0.0]
        """, root, dir);

    assertThat(ranks).as("the construction spans the cut-offs").contains(1).anyMatch(r -> r > 5);
    ResultRecord text = point(recs, "baseline_text_only", null);
    for (int k : new int[] {1, 5, 10, 50}) {
      assertThat(text.metrics().get("recall@" + k)).as("R@%d", k).isCloseTo(recall(ranks, k), within(TOL));
    }
    for (int k : new int[] {1, 2, 3}) {
      assertThat(text.metrics().get("recall_subset@" + k)).as("Rs@%d", k).isCloseTo(recall(subsetRanks, k),
          within(TOL));
    }
    ResultRecord paracosm = point(recs, "paracosm", null);
    assertThat(paracosm.metrics()).as("λ = 0 with counterparts identical to their images ranks like t_mod alone")
        .isEqualTo(text.metrics());

    // image only: V(I_ref) is one-hot on the reference, every other item scores 0 and keeps gallery order
    List<Integer> imageRanks = new ArrayList<>();
    List<Integer> imageSubsetRanks = new ArrayList<>();
    for (Map<String, Object> c : captions) {
      List<String> reported = without(gallery, (String) c.get("reference"));
      @SuppressWarnings("unchecked")
      List<String> members = (List<String>) ((Map<String, Object>) c.get("img_set")).get("members");
      imageRanks.add(reported.indexOf(c.get("target_hard")) + 1);
      imageSubsetRanks.add(reported.stream().filter(members::contains).toList().indexOf(c.get("target_hard")) + 1);
    }
    ResultRecord image = point(recs, "baseline_image_only", null);
    assertThat(image.metrics().get("recall@1")).isCloseTo(recall(imageRanks, 1), within(TOL));
    assertThat(image.metrics().get("recall@5")).isCloseTo(recall(imageRanks, 5), within(TOL));
    assertThat(image.metrics().get("recall_subset@1")).isCloseTo(recall(imageSubsetRanks, 1), within(TOL));
    assertThat(captioner.calls.get()).as("paracosm generated descriptions").isPositive();
  }

  // ---------------------------------------------------------------- CIRCO

  static double ap(List<String> ranking, List<String> gts, int k) {
    double sum = 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (gts.contains(ranking.get(i))) {
        hits++;
        sum += (double) hits / (i + 1);
      }
    }
    return sum / Math.min(gts.size(), k);
  }

  @Test
  void circoValMapMatchesAveragePrecisionOfTheConstructedRankings(@TempDir Path dir) throws IOException {
    Path root = dir.resolve("CIRCO");
    List<String> gallery = new ArrayList<>();
    List<Map<String, Object>> infos = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String id = Integer.toString(1000 + i);
      gallery.add(id);
      String file = String.format(Locale.ROOT, "%012d.jpg", 1000 + i);
      infos.add(Map.of("id", 1000 + i, "file_name", file));
      image(root.resolve("COCO2017_unlabeled/unlabeled2017/" + file), id);
    }
    Files.createDirectories(root.resolve("COCO2017_unlabeled/annotations"));
    JSON.writeValue(root.resolve("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json").toFile(),
        Map.of("images", infos));
    List<Map<String, Object>> anns = new ArrayList<>();
    Map<Integer, List<Double>> aps = new LinkedHashMap<>();
    for (int k : new int[] {5, 10, 25, 50}) {
      aps.put(k, new ArrayList<>());
    }
    for (int q = 0; q < 4; q++) {
      List<String> order = new ArrayList<>(gallery);
      java.util.Collections.rotate(order, 7 * q + 1);
      String ref = order.get(2); // the reference stays in the ranking (a non-relevant item)
      java.util.LinkedHashSet<String> gtSet = new java.util.LinkedHashSet<>();
      for (int g = 0; g <= q * 3; g++) {
        gtSet.add(order.get(Math.min(order.size() - 1, 1 + 4 * g)));
      }
      gtSet.remove(ref);
      List<String> gts = new ArrayList<>(gtSet);
      String caption = "circo caption " + q;
      rankText(caption, order);
      for (int k : aps.keySet()) {
        aps.get(k).add(ap(order, gts, k));
      }
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("reference_img_id", Long.parseLong(ref));
      a.put("target_img_id", Long.parseLong(gts.get(0)));
      a.put("relative_caption", caption);
      a.put("shared_concept", "a thing");
      a.put("gt_img_ids", gts.stream().map(Long::parseLong).toList());
      a.put("id", q);
      a.put("semantic_aspects", List.of("addition"));
      anns.add(a);
    }
    Files.createDirectories(root.resolve("annotations"));
    JSON.writeValue(root.resolve("annotations/val.json").toFile(), anns);

    List<ResultRecord> recs = run("dataset: circo\nencoders: [test:table]\nmodes: [baseline_text_only]\n", root, dir);
    ResultRecord r = point(recs, "baseline_text_only", null);
    for (int k : aps.keySet()) {
      double expected = 100 * aps.get(k).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertThat(r.metrics().get("map@" + k)).as("mAP@%d", k).isCloseTo(expected, within(TOL));
    }
  }

  // ---------------------------------------------------------------- FashionIQ

  @Test
  void fashionIqRecallPerCategoryKeepsTheReferenceInTheRanking(@TempDir Path dir) throws IOException {
    Path root = dir.resolve("FashionIQ");
    Files.createDirectories(root.resolve("captions"));
    Files.createDirectories(root.resolve("image_splits"));
    Map<String, List<Integer>> ranksByCategory = new LinkedHashMap<>();
    for (String cat : List.of("dress", "shirt")) {
      List<String> asins = new ArrayList<>();
      for (int i = 0; i < 14; i++) {
        String asin = "B" + cat.toUpperCase(Locale.ROOT) + i;
        asins.add(asin);
        image(root.resolve("images/" + asin + ".jpg"), asin);
      }
      List<Map<String, Object>> caps = new ArrayList<>();
      List<Integer> ranks = new ArrayList<>();
      for (int q = 0; q < 5; q++) {
        List<String> order = new ArrayList<>(asins);
        java.util.Collections.rotate(order, 5 * q + (cat.equals("shirt") ? 2 : 0));
        String candidate = order.get(0); // the reference on top: FashionIQ does not remove it
        String target = order.get(Math.min(order.size() - 1, 1 + 3 * q));
        String c1 = cat + " is darker " + q;
        String c2 = "has longer sleeves " + q;
        rankText(c1 + " and " + c2, order);
        rankText(c2 + " and " + c1, order);
        ranks.add(order.indexOf(target) + 1);
        caps.add(Map.of("target", target, "candidate", candidate, "captions", List.of(c1 + ".", " " + c2)));
      }
      ranksByCategory.put(cat, ranks);
      JSON.writeValue(root.resolve("captions/cap." + cat + ".val.json").toFile(), caps);
      JSON.writeValue(root.resolve("image_splits/split." + cat + ".val.json").toFile(), asins);
    }
    List<ResultRecord> recs = run("dataset: fashioniq\nsubsets: [dress, shirt]\nencoders: [test:table]\n"
        + "modes: [baseline_text_only]\n", root, dir);
    for (String cat : ranksByCategory.keySet()) {
      ResultRecord r = point(recs, "baseline_text_only", cat);
      for (int k : new int[] {1, 5, 10}) {
        assertThat(r.metrics().get("recall@" + k)).as("%s R@%d", cat, k)
            .isCloseTo(recall(ranksByCategory.get(cat), k), within(TOL));
      }
    }
  }

  // ---------------------------------------------------------------- GeneCIS

  @Test
  void geneCisRecallRanksEachQueryWithinItsOwnGallery(@TempDir Path dir) throws IOException {
    Path root = dir.resolve("GeneCIS");
    Files.createDirectories(root.resolve("genecis"));
    Map<String, List<Integer>> ranksByTask = new LinkedHashMap<>();
    int next = 1;
    for (String task : List.of("change_object", "focus_object", "focus_attribute")) {
      boolean attribute = task.endsWith("attribute");
      List<Map<String, Object>> templates = new ArrayList<>();
      List<Integer> ranks = new ArrayList<>();
      for (int q = 0; q < 4; q++) {
        int ref = next++;
        int target = next++;
        List<Integer> distractors = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
          distractors.add(next++);
        }
        for (int id : concat(ref, target, distractors)) {
          if (attribute) {
            // Visual Genome crops: the box covers the whole 32 px image, so the crop keeps its colour
            TestRoles.writeImage(root.resolve("Visual_Genome/VG_All/" + id + ".jpg"), code(Integer.toString(id)), 32);
          } else {
            image(root.resolve(String.format(Locale.ROOT, "val2017/%012d.jpg", id)), Integer.toString(id));
          }
        }
        // candidates best first: q distractors above the target, the rest below
        List<String> order = new ArrayList<>();
        distractors.subList(0, q).forEach(d -> order.add(Integer.toString(d)));
        order.add(Integer.toString(target));
        distractors.subList(q, 5).forEach(d -> order.add(Integer.toString(d)));
        String condition = task + " thing " + q;
        String tmod = task.equals("focus_object") ? "Focus on the object of " + condition : condition;
        rankText(tmod, order);
        ranks.add(q + 1);
        java.util.function.IntFunction<Map<String, Object>> img = id -> attribute
            ? Map.of("image_id", id, "instance_bbox", List.of(0, 0, 32, 32)) : Map.of("val_image_id", id);
        templates.add(Map.of("condition", condition,
            "gallery", distractors.stream().map(img::apply).toList(),
            "reference", img.apply(ref), "target", img.apply(target)));
      }
      ranksByTask.put(task, ranks);
      JSON.writeValue(root.resolve("genecis/" + task + ".json").toFile(), templates);
    }
    List<ResultRecord> recs = run("""
        dataset: genecis
        subsets: [change_object, focus_object, focus_attribute]
        encoders: [test:table]
        modes: [baseline_text_only, paracosm]
        lambdas: [0.0]
        """, root, dir);
    for (String task : ranksByTask.keySet()) {
      for (String mode : List.of("baseline_text_only", "paracosm")) {
        ResultRecord r = point(recs, mode, task);
        for (int k : new int[] {1, 2, 3}) {
          assertThat(r.metrics().get("recall@" + k)).as("%s %s R@%d", task, mode, k)
              .isCloseTo(recall(ranksByTask.get(task), k), within(TOL));
        }
      }
    }
  }

  private static List<Integer> concat(int a, int b, List<Integer> rest) {
    List<Integer> out = new ArrayList<>(List.of(a, b));
    out.addAll(rest);
    return out;
  }
}
