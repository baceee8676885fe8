package dev.paracosm.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paracosm.image.ImageData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Renders the HTML report in headless Chromium and checks the screenshot and the DOM. */
@Timeout(180)
class QualitativeReportChromiumTest {

  static ImageData solid(Color c, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.setColor(c.darker().darker());
    g.fillOval(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return ImageData.fromBufferedImage(img, "solid");
  }

  static List<QualitativeReport.Entry> entries() {
    Color[] palette = {Color.RED, Color.GREEN, Color.BLUE, Color.ORANGE, Color.MAGENTA, Color.CYAN};
    List<QualitativeReport.Entry> out = new ArrayList<>();
    for (int q = 0; q < 3; q++) {
      List<QualitativeReport.HitView> hits = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String id = "g" + q + "_" + i;
        hits.add(new QualitativeReport.HitView(id, solid(palette[(q + i) % palette.length], 300, 200), 0.9 - 0.1 * i,
            i == q));
      }
      out.add(new QualitativeReport.Entry("q" + q, solid(palette[q], 256, 256), "make it <bold> & bright " + q,
          Map.of("t_query", "a bright thing"), Map.of("mental_image", solid(Color.YELLOW, 64, 64)), hits,
          List.of("g" + q + "_" + q)));
    }
    return out;
  }

  static Path chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  static String run(Path chromium, Path profile, List<String> extra, Path html) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    cmd.addAll(extra);
    cmd.add(html.toUri().toString());
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void reportIsSelfContained() {
    String html = QualitativeReport.render("t", entries());
    assertThat(html).doesNotContain("http://", "https://", "src=\"file:", "<link", "<script");
    assertThat(html).contains("data:image/png;base64,");
    assertThat(html).contains("make it &lt;bold&gt; &amp; bright 0");
  }

  @Test
  void chromiumRendersAScreenshotAndADomWithOneRowPerQueryAndTheTargetsMarked(@TempDir Path dir) throws Exception {
    Path chromium = chromium();
    assumeTrue(chromium != null, "no chromium binary on PATH");
    Path html = dir.resolve("report.html");
    QualitativeReport.write("Qualitative report", entries(), html);

    Path png = dir.resolve("shot.png");
    run(chromium, dir.resolve("profile1"), List.of("--screenshot=" + png, "--window-size=1200,900",
        "--hide-scrollbars"), html);
    assertThat(png).exists();
    BufferedImage shot = ImageIO.read(png.toFile());
    assertThat(shot.getWidth()).isEqualTo(1200);
    assertThat(shot.getHeight()).isEqualTo(900);
    assertThat(ReportPlotsTest.distinctColours(shot)).as("rendered, not blank").isGreaterThan(10);

    String dom = run(chromium, dir.resolve("profile2"), List.of("--dump-dom"), html);
    assertThat(count(dom, "<tr class=\"query\"")).isEqualTo(3);
    assertThat(count(dom, "class=\"hit target\"")).isEqualTo(3);
    Matcher m = Pattern.compile("<div class=\"hit target\" data-id=\"([^\"]+)\"").matcher(dom);
    List<String> marked = new ArrayList<>();
    while (m.find()) {
      marked.add(m.group(1));
    }
    assertThat(marked).as("exactly the ground-truth hits are marked").containsExactly("g0_0", "g1_1", "g2_2");
    assertThat(count(dom, "<img ")).as("reference + mental image + 5 hits per row").isEqualTo(3 * 7);
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
