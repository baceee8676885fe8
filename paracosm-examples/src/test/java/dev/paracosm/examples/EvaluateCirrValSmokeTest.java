package dev.paracosm.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.BenchmarkDataException;
import dev.paracosm.eval.metrics.MetricReport;
import dev.paracosm.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the CIRR val example on a tiny generated CIRR layout (official file names and JSON shapes):
 * 4 groups of 6 images, 2 queries per group whose target is a one-pixel edit of the reference, so an
 * image-driven ranking must put every target first once the reference is removed.
 */
@Timeout(120)
class EvaluateCirrValSmokeTest {
  @TempDir Path dir;
  final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  Path writeTinyCirr() throws Exception {
    Path root = dir.resolve("CIRR");
    Files.createDirectories(root.resolve("captions"));
    Files.createDirectories(root.resolve("image_splits"));
    Files.createDirectories(root.resolve("dev"));
    Map<String, String> split = new LinkedHashMap<>();
    List<Map<String, Object>> captions = new ArrayList<>();
    int pairId = 100;
    for (int g = 0; g < 4; g++) {
      List<String> members = new ArrayList<>();
      for (int m = 0; m < 6; m++) {
        members.add("dev-" + g + "-" + m + "-img0");
      }
      for (int m = 0; m < 6; m++) {
        BufferedImage img = TestImages.pattern(g * 10L + m, 48, 36).decode();
        if (m == 1 || m == 3) {
          // the target: the previous member (the reference) with one pixel changed
          img = TestImages.pattern(g * 10L + m - 1, 48, 36).decode();
          img.setRGB(0, 0, img.getRGB(0, 0) ^ 0x00FFFFFF);
        }
        ImageIO.write(img, "png", root.resolve("dev").resolve(members.get(m) + ".png").toFile());
        split.put(members.get(m), "./dev/" + members.get(m) + ".png");
      }
      for (int q = 0; q < 2; q++) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("pairid", pairId++);
        rec.put("reference", members.get(2 * q));
        rec.put("target_hard", members.get(2 * q + 1));
        rec.put("target_soft", Map.of(members.get(2 * q + 1), 1.0));
        rec.put("caption", "the same scene with a small change");
        rec.put("img_set", Map.of("id", g, "members", members, "reference_rank", 0, "target_rank", 1));
        captions.add(rec);
      }
    }
    ObjectMapper json = new ObjectMapper();
    json.writeValue(root.resolve("image_splits/split.rc2.val.json").toFile(), split);
    json.writeValue(root.resolve("captions/cap.rc2.val.json").toFile(), captions);
    return root;
  }

  MetricReport run(Path root, String... more) {
    List<String> all = new ArrayList<>(List.of(root.toString(), "--encoder", "histogram:", "--index",
        dir.resolve("index").toString()));
    all.addAll(List.of(more));
    return EvaluateCirrVal.run(all.toArray(String[]::new), out, err);
  }

  @Test
  void everyTargetRanksFirstOnceTheReferenceIsRemoved() throws Exception {
    MetricReport report = run(writeTinyCirr());
    assertThat(report.value("recall@1")).isEqualTo(100.0);
    assertThat(report.value("recall_subset@1")).isEqualTo(100.0);
    assertThat(report.value("avg")).isEqualTo(100.0);
  }

  @Test
  void printsEveryOfficialMetric() throws Exception {
    run(writeTinyCirr(), "--mode", "baseline_image_only");
    assertThat(outBytes.toString(StandardCharsets.UTF_8).lines().map(l -> l.split("\\s+")[0]))
        .containsExactly("recall@1", "recall@5", "recall@10", "recall@50", "recall_subset@1", "recall_subset@2",
            "recall_subset@3", "avg");
  }

  @Test
  void textOnlyModeCannotFindTargetsItsTextDoesNotDescribe() throws Exception {
    // every caption is the same text, so text-only ranking is by gallery position: worse than image-based
    MetricReport report = run(writeTinyCirr(), "--mode", "baseline_text_only");
    assertThat(report.value("recall@1")).isLessThan(100.0);
    assertThat(report.value("recall@50")).as("the whole gallery fits in the top 50").isEqualTo(100.0);
  }

  @Test
  void missingAnnotationsAreATypedErrorNamingTheFile() {
    assertThatThrownBy(() -> run(dir.resolve("no-cirr-here")))
        .isInstanceOf(BenchmarkDataException.class).hasMessageContaining("cap.rc2.val.json");
  }
}
