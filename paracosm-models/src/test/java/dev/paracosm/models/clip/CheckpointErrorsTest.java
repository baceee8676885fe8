package dev.paracosm.models.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.ConfigurationException;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Broken checkpoints fail with typed exceptions that name the file (and tensor) at fault. */
@Timeout(60)
class CheckpointErrorsTest {
  @TempDir Path tmp;

  Path copyOfTinyClip() throws IOException {
    Path src = GoldenFixtures.root().resolve("tiny-clip");
    Path dir = Files.createDirectories(tmp.resolve("tiny-clip"));
    Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
    Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
    return dir;
  }

  DjlClipEncoder.Builder builder(Path dir) {
    return DjlClipEncoder.builder(dir)
        .imagePreprocessor(GoldenFixtures.referencePreprocessor("tiny-clip"))
        .textTokenizer(GoldenFixtures.referenceTokenizer("tiny-clip"))
        .device("cpu");
  }

  void editConfig(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = (ObjectNode) GoldenFixtures.JSON.readTree(dir.resolve("config.json").toFile());
    edit.accept(root);
    GoldenFixtures.JSON.writeValue(dir.resolve("config.json").toFile(), root);
  }

  @Test
  void truncatedWeightsAreFormatCorruptNamingTheFile() throws IOException {
    Path dir = copyOfTinyClip();
    Path weights = dir.resolve("model.safetensors");
    byte[] all = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> builder(dir).build())
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(weights.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void anIntegerWeightTensorIsFormatCorruptNamingTheFileTensorAndDtype() throws IOException {
    Path dir = copyOfTinyClip();
    Path weights = dir.resolve("model.safetensors");
    // Same byte count (4), so only the dtype changes: logit_scale becomes an I32 scalar.
    String from = "\"logit_scale\":{\"dtype\":\"F32\"";
    String to = "\"logit_scale\":{\"dtype\":\"I32\"";
    String all = new String(Files.readAllBytes(weights), StandardCharsets.ISO_8859_1);
    assertThat(all).contains(from);
    Files.write(weights, all.replace(from, to).getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> builder(dir).build())
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(weights.toString())
        .hasMessageContaining("'logit_scale'")
        .hasMessageContaining("I32");
  }

  @Test
  void weightsThatContradictTheConfigNameTheTensorAndBothShapes() throws IOException {
    Path dir = copyOfTinyClip();
    editConfig(dir, root -> root.put("projection_dim", 16));
    assertThatThrownBy(() -> builder(dir).build())
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(dir.resolve("model.safetensors").toString())
        .hasMessageContaining("visual_projection.weight")
        .hasMessageContaining("[24, 32]")
        .hasMessageContaining("[16, 32]");
  }

  @Test
  void aLayerCountBeyondTheWeightsNamesTheMissingTensor() throws IOException {
    Path dir = copyOfTinyClip();
    editConfig(dir, root -> ((ObjectNode) root.get("text_config")).put("num_hidden_layers", 3));
    assertThatThrownBy(() -> builder(dir).build())
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("text_model.encoder.layers.2.");
  }

  @Test
  void anUnsupportedArchitectureIsAConfigurationErrorNamingTheConfig() throws IOException {
    Path dir = copyOfTinyClip();
    editConfig(dir, root -> {
      root.putArray("architectures").add("CLIPSegForImageSegmentation");
      root.put("model_type", "clipseg");
    });
    assertThatThrownBy(() -> builder(dir).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(dir.resolve("config.json").toString())
        .hasMessageContaining("CLIPSegForImageSegmentation");
  }

  @Test
  void missingWeightsAreUnavailableNamingTheFile() throws IOException {
    Path dir = copyOfTinyClip();
    Files.delete(dir.resolve("model.safetensors"));
    assertThatThrownBy(() -> builder(dir).build())
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining(dir.resolve("model.safetensors").toString());
  }

  @Test
  void missingConfigIsUnavailableNamingTheFile() throws IOException {
    Path dir = copyOfTinyClip();
    Files.delete(dir.resolve("config.json"));
    assertThatThrownBy(() -> builder(dir).build())
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining(dir.resolve("config.json").toString());
  }

  @Test
  void aConfigThatIsNotJsonIsAConfigurationErrorNamingIt() throws IOException {
    Path dir = copyOfTinyClip();
    Files.writeString(dir.resolve("config.json"), "{ not json");
    assertThatThrownBy(() -> builder(dir).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(dir.resolve("config.json").toString());
  }
}
