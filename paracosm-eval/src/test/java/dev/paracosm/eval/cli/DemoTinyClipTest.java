package dev.paracosm.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.role.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end with the real in-process encoder provider and the tiny CLIP fixture model
 * ({@code dir:}), offline, with no generative endpoint: the path a newcomer takes.
 */
@Timeout(600)
class DemoTinyClipTest {
  static final Path TINY_CLIP = Path.of("../paracosm-models/src/test/resources/fixtures/models/tiny-clip")
      .toAbsolutePath().normalize();

  @Test
  void demoRunsOfflineWithTheTinyClipFixture(@TempDir Path dir) throws Exception {
    String spec = "dir:" + TINY_CLIP;
    CliHarness h = new CliHarness();
    h.encoders = Providers::encoder;
    Path work = dir.resolve("demo");
    int code = h.run("--progress", "none", "demo", "--encoder", spec, "--work-dir", work.toString(), "-k", "3");
    assertThat(code).as(h.err()).isZero();
    assertThat(h.out()).contains("Indexed 15 images", "baseline_image_only", "Skipped stages", "HTML report: ");
    assertThat(Files.readString(work.resolve("demo-report.html")).split("<tr class=\"query\"", -1))
        .hasSize(DemoCommand.queries().size() * 3 + 1);
  }

  @Test
  void offlineWithAnEmptyCacheTheDemoStopsWithOneSentenceNamingModelCacheAndDirAlternative(@TempDir Path dir) {
    CliHarness h = new CliHarness();
    h.encoders = Providers::encoder;
    int code = h.run("--progress", "none", "demo", "--work-dir", dir.resolve("demo").toString());
    assertThat(code).isEqualTo(ParacosmCli.MODEL_UNAVAILABLE);
    String err = h.err().strip();
    assertThat(err.lines().count()).as(err).isEqualTo(1);
    assertThat(err).startsWith("paracosm: ").contains("openai/clip-vit-base-patch32", "empty-hf-cache", "dir:")
        .doesNotContain("\tat ");
  }
}
