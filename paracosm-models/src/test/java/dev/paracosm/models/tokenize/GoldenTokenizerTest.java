package dev.paracosm.models.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Golden tokenization: every string of the file named by {@code PARACOSM_GOLDEN_TOKENIZER} (default:
 * the vendored CLIP golden.json) and the per-model texts of the models fixtures.
 */
@Timeout(120)
class GoldenTokenizerTest {

  static Path goldenFile() {
    String env = System.getenv("PARACOSM_GOLDEN_TOKENIZER");
    return env == null || env.isBlank() ? Path.of("src/test/resources/fixtures/tokenizers/clip/golden.json") : Path.of(env);
  }

  static Path modelsDir() {
    String env = System.getenv("PARACOSM_GOLDEN_MODELS_DIR");
    return env == null || env.isBlank() ? Path.of("src/test/resources/fixtures/models") : Path.of(env);
  }

  @Test
  void everyGoldenStringGivesTheExpectedIdsAndMask() {
    List<TokenizerGoldenChecks.Check> checks = TokenizerGoldenChecks.goldenFile(goldenFile());
    long failed = checks.stream().filter(c -> !c.passed()).count();
    checks.stream().filter(c -> !c.passed()).forEach(c -> System.err.println("golden-tokenizer " + c));
    System.out.println("golden-tokenizer: " + (checks.size() - failed) + " passed, " + failed + " failed");
    assertThat(checks).isNotEmpty();
    assertThat(failed).isZero();
  }

  @Test
  void everyModelTokenizesTheFixtureTextsLikeTransformers() {
    List<TokenizerGoldenChecks.Check> checks = TokenizerGoldenChecks.modelTexts(modelsDir());
    assertThat(checks).hasSizeGreaterThanOrEqualTo(2);
    assertThat(checks.stream().filter(c -> !c.passed()).map(Object::toString)).isEmpty();
  }
}
