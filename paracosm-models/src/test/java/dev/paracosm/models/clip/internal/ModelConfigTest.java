package dev.paracosm.models.clip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.ConfigurationException;
import dev.paracosm.ModelUnavailableException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ModelConfigTest {
  static final Path MODELS = Path.of("src/test/resources/fixtures/models");
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fillsTheClipDefaultsThatSavePretrainedOmits() {
    ModelConfig c = ModelConfig.read(MODELS.resolve("tiny-clip"));
    assertThat(c.family()).isEqualTo(ModelConfig.Family.CLIP);
    assertThat(c.text().vocabSize()).isEqualTo(49408);
    assertThat(c.text().maxPositions()).isEqualTo(77);
    assertThat(c.text().encoder().hiddenAct()).isEqualTo("quick_gelu");
    assertThat(c.text().encoder().layerNormEps()).isEqualTo(1e-5);
    assertThat(c.text().eosTokenId()).isEqualTo(2);
    assertThat(c.projectionDim()).isEqualTo(24);
    assertThat(c.vision().numPatches()).isEqualTo(16);
  }

  @Test
  void fillsTheSiglipDefaultsThatSavePretrainedOmits() {
    ModelConfig c = ModelConfig.read(MODELS.resolve("tiny-siglip"));
    assertThat(c.family()).isEqualTo(ModelConfig.Family.SIGLIP);
    assertThat(c.text().maxPositions()).isEqualTo(64);
    assertThat(c.text().encoder().hiddenAct()).isEqualTo("gelu_pytorch_tanh");
    assertThat(c.vision().encoder().layerNormEps()).isEqualTo(1e-6);
    assertThat(c.projectionDim()).isEqualTo(32);
  }

  @Test
  void readsFullSizeHubConfigs() {
    ModelConfig l14 = ModelConfig.read(MODELS.resolve("full-size/openai--clip-vit-large-patch14"));
    assertThat(l14.vision().encoder().numLayers()).isEqualTo(24);
    assertThat(l14.vision().numPatches()).isEqualTo(256);
    assertThat(l14.nameOrPath()).isEqualTo("openai/clip-vit-large-patch14");
    ModelConfig laion = ModelConfig.read(MODELS.resolve("full-size/laion--CLIP-ViT-B-32-laion2B-s34B-b79K"));
    assertThat(laion.vision().encoder().hiddenAct()).isEqualTo("gelu");
    ModelConfig siglip2 = ModelConfig.read(MODELS.resolve("full-size/google--siglip2-base-patch16-224"));
    assertThat(siglip2.text().vocabSize()).isEqualTo(256000);
    assertThat(siglip2.vision().imageSize()).isEqualTo(224);
    assertThat(siglip2.vision().numPatches()).isEqualTo(196);
  }

  @Test
  void aMissingEosTokenIdSelectsTheFirstEosRuleDefault() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(MODELS.resolve("tiny-clip/config.json").toFile());
    ((ObjectNode) root.get("text_config")).remove("eos_token_id");
    assertThat(ModelConfig.parse(Path.of("x/config.json"), root).text().eosTokenId()).isEqualTo(49407);
  }

  @Test
  void unsupportedArchitectureIsAConfigurationErrorNamingTheFile() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(MODELS.resolve("tiny-clip/config.json").toFile());
    root.putArray("architectures").add("BlipForImageTextRetrieval");
    Path file = Path.of("some/dir/config.json");
    assertThatThrownBy(() -> ModelConfig.parse(file, root))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("BlipForImageTextRetrieval");
  }

  @Test
  void unsupportedActivationIsAConfigurationError() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(MODELS.resolve("tiny-clip/config.json").toFile());
    ((ObjectNode) root.get("vision_config")).put("hidden_act", "swish");
    assertThatThrownBy(() -> ModelConfig.parse(Path.of("c/config.json"), root))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vision_config.hidden_act 'swish'");
  }

  @Test
  void headsThatDoNotDivideTheWidthAreAConfigurationError() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(MODELS.resolve("tiny-clip/config.json").toFile());
    ((ObjectNode) root.get("text_config")).put("num_attention_heads", 5);
    assertThatThrownBy(() -> ModelConfig.parse(Path.of("c/config.json"), root))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("text_config.hidden_size 32 is not divisible by num_attention_heads 5");
  }

  @Test
  void missingConfigIsUnavailableNamingTheFile() {
    assertThatThrownBy(() -> ModelConfig.read(Path.of("no/such/dir")))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("config.json");
  }
}
