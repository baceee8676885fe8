package dev.paracosm.models.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Golden preprocessing parity against the models fixture directory named by {@code
 * PARACOSM_GOLDEN_MODELS_DIR} (default: the vendored copy).
 */
class GoldenPreprocessTest {

  static Path modelsDir() {
    String env = System.getenv("PARACOSM_GOLDEN_MODELS_DIR");
    return env == null || env.isBlank() ? Path.of("src/test/resources/fixtures/models") : Path.of(env);
  }

  @Test
  @Timeout(300)
  void everyModelAndImageOfTheManifestMatchesTheReferenceProcessor() {
    List<PreprocessGoldenChecks.Check> checks = PreprocessGoldenChecks.run(modelsDir());
    long passed = PreprocessGoldenChecks.passed(checks);
    long failed = PreprocessGoldenChecks.failed(checks);
    checks.stream()
        .filter(c -> c.status() != PreprocessGoldenChecks.Status.PASS || Boolean.getBoolean("golden.verbose"))
        .forEach(c -> System.err.println("golden-preprocess " + c));
    System.out.println("golden-preprocess: " + passed + " passed, " + failed + " failed");
    assertThat(passed).as("number of checks").isGreaterThan(0);
    assertThat(checks.stream().filter(c -> c.status() == PreprocessGoldenChecks.Status.FAIL).map(Object::toString))
        .isEmpty();
  }
}
