package dev.paracosm.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paracosm.role.EncoderProvider;
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
    assumeTrue(Providers.list(EncoderProvider.class).stream().anyMatch(p -> p.supports(spec)),
        "no encoder provider for dir: specs on the classpath yet");
    CliHarness h = new CliHarness();
    h.encoders = Providers::encoder;
    Path work = dir.resolve("demo");
    int code = h.run("--progress", "none", "demo", "--encoder", spec, "--work-dir", work.toString(), "-k", "3");
    assertThat(code).as(h.err()).isZero();
    assertThat(h.out()).contains("Indexed 15 images", "baseline_image_only", "Skipped stages", "HTML report: ");
    assertThat(Files.readString(work.resolve("demo-report.html")).split("<tr class=\"query\"", -1))
        .hasSize(DemoCommand.queries().size() * 3 + 1);
  }
}
