package dev.paracosm.models.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ModelSourcesTest {

  private static final Path TINY_CLIP = FakeHub.FIXTURES.toAbsolutePath().normalize();
  private static final List<String> REQUIRED = List.of("config.json", "model.safetensors");

  @TempDir Path tmp;

  @Test
  void dirSpecWithAllRequiredFilesResolvesToTheDirectory() {
    assertThat(ModelSources.resolve("dir:" + TINY_CLIP, REQUIRED, List.of("vocab.json")))
        .isEqualTo(TINY_CLIP);
  }

  @Test
  void bareExistingDirectoryIsADirSpec() {
    assertThat(ModelSources.resolve(TINY_CLIP.toString(), REQUIRED, List.of()))
        .isEqualTo(TINY_CLIP);
  }

  @Test
  void missingOptionalFilesDoNotMatterForADirectory() {
    assertThat(ModelSources.resolve("dir:" + TINY_CLIP, REQUIRED, List.of("spiece.model")))
        .isEqualTo(TINY_CLIP);
  }

  @Test
  void dirSpecMissingRequiredFilesNamesTheDirectoryAndTheFiles() throws IOException {
    Files.writeString(tmp.resolve("config.json"), "{}");

    assertThatThrownBy(
            () ->
                ModelSources.resolve(
                    "dir:" + tmp, List.of("config.json", "model.safetensors", "vocab.json"), List.of()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining(tmp.toString())
        .hasMessageContaining("model.safetensors, vocab.json")
        .hasMessageNotContaining("config.json,");
  }

  @Test
  void dirSpecOfAMissingDirectoryNamesIt() {
    Path absent = tmp.resolve("absent");

    assertThatThrownBy(() -> ModelSources.resolve("dir:" + absent, REQUIRED, List.of()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining(absent.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void unknownSpecIsInvalidInputNamingIt() {
    assertThatThrownBy(() -> ModelSources.resolve("s3://bucket/model", REQUIRED, List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'s3://bucket/model'")
        .hasMessageContaining("hf:org/name[@revision]")
        .hasMessageContaining("dir:/path");
  }

  @Test
  void fileNamesEscapingTheModelDirectoryAreRejected() {
    assertThatThrownBy(() -> ModelSources.resolve("dir:" + TINY_CLIP, List.of("../x"), List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'../x'");
  }

  @Test
  void hfSpecGoesToTheGivenHubSource() throws IOException {
    try (FakeHub hub = new FakeHub()) {
      HfHubModelSource source =
          HfHubModelSource.builder()
              .cacheDir(tmp)
              .endpoint(hub.endpoint())
              .token(null)
              .offline(false)
              .retryBackoff(Duration.ofMillis(1))
              .build();

      Path dir = ModelSources.using(source).resolve(FakeHub.SPEC, List.of("config.json"), List.of());

      assertThat(dir)
          .isEqualTo(tmp.resolve("models--paracosm-test--tiny-clip/snapshots/" + FakeHub.COMMIT));
      assertThat(dir.resolve("config.json")).hasSameBinaryContentAs(TINY_CLIP.resolve("config.json"));
    }
  }
}
