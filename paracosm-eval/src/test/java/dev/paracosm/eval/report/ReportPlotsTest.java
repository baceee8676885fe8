package dev.paracosm.eval.report;

import static dev.paracosm.eval.report.ResultTableTest.m;
import static dev.paracosm.eval.report.ResultTableTest.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.experiment.ResultRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReportPlotsTest {

  static int distinctColours(BufferedImage img) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    return colours.size();
  }

  @Test
  void lambdaCurveIsADecodablePngOfThePlotSize(@TempDir Path dir) throws IOException {
    List<ResultRecord> recs = new ArrayList<>();
    for (double l : new double[] {0, 0.3, 0.6, 1}) {
      recs.add(rec("cirr", null, "paracosm", l, m("R@1", 20 + 10 * l)));
      recs.add(rec("circo", null, "paracosm", l, m("mAP@5", 5 + l)));
    }
    Path png = dir.resolve("plots/lambda.png");
    ReportPlots.lambdaCurve(recs, png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).isNotNull();
    assertThat(img.getWidth()).isEqualTo(ReportPlots.WIDTH);
    assertThat(img.getHeight()).isEqualTo(ReportPlots.HEIGHT);
    assertThat(distinctColours(img)).as("a drawn chart, not a blank canvas").isGreaterThan(5);
  }

  @Test
  void radarChartIsADecodablePngOfThePlotSize(@TempDir Path dir) throws IOException {
    List<ResultRecord> recs = List.of(rec("cirr", null, "paracosm", 0.3, m("R@1", 30)),
        rec("circo", null, "paracosm", 0.3, m("mAP@5", 20)),
        rec("fashioniq", "dress", "paracosm", 0.3, m("R@10", 25)),
        rec("cirr", null, "baseline_image_only", 0.3, m("R@1", 10)));
    Path png = dir.resolve("radar.png");
    ReportPlots.radar(recs, png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(ReportPlots.WIDTH);
    assertThat(img.getHeight()).isEqualTo(ReportPlots.HEIGHT);
    assertThat(distinctColours(img)).isGreaterThan(5);
  }

  @Test
  void headlinesAverageSubsetsPerDataset() {
    var h = ReportPlots.headlines(List.of(rec("fashioniq", "dress", "paracosm", 0.3, m("R@10", 10)),
        rec("fashioniq", "shirt", "paracosm", 0.3, m("R@10", 30))));
    assertThat(h.values().iterator().next().get("fashioniq")).isEqualTo(20.0);
  }

  @Test
  void lambdaCurveWithoutParacosmResultsIsAnInputError(@TempDir Path dir) {
    assertThatThrownBy(() -> ReportPlots.lambdaCurve(List.of(rec("cirr", null, "baseline_image_only", 0.3,
        m("R@1", 1))), dir.resolve("x.png"))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void legendLabelsShortenTheEncoderSpecToItsLastSegment() {
    assertThat(ReportPlots.shortLabel("paracosm λ=0.30 (hf:openai/clip-vit-base-patch32)"))
        .isEqualTo("paracosm λ=0.30 (clip-vit-base-patch32)");
    assertThat(ReportPlots.shortLabel("baseline_text_only (dir:/models/tiny-clip)")).isEqualTo("baseline_text_only (tiny-clip)");
    assertThat(ReportPlots.shortLabel("no encoder here")).isEqualTo("no encoder here");
  }
}
