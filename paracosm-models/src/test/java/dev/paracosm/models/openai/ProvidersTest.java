package dev.paracosm.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.ConfigurationException;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.CaptionerProvider;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.ImageEditorProvider;
import dev.paracosm.role.Providers;
import dev.paracosm.role.SamplingParams;
import dev.paracosm.role.TextToImage;
import dev.paracosm.role.TextToImageProvider;
import dev.paracosm.role.TextToImageRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProvidersTest {
  private final FakeOpenAiServer server = FakeOpenAiServer.builder().chatText("ok").build();

  @AfterEach
  void close() {
    assertThat(server.schemaViolations()).isEmpty();
    server.close();
  }

  @Test
  void providersAreRegisteredForTheThreeRoles() {
    assertThat(Providers.list(CaptionerProvider.class)).anyMatch(p -> p instanceof OpenAiCaptionerProvider);
    assertThat(Providers.list(ImageEditorProvider.class)).anyMatch(p -> p instanceof OpenAiImageEditorProvider);
    assertThat(Providers.list(TextToImageProvider.class)).anyMatch(p -> p instanceof OpenAiTextToImageProvider);
  }

  @Test
  void captionerSpecNamesProfileModelAndBaseUrl() {
    try (Captioner c = Providers.captioner("vllm:Qwen/Qwen2.5-VL-7B-Instruct@" + server.baseUrl(), Map.of())) {
      assertThat(c).isInstanceOf(OpenAiCaptioner.class);
      assertThat(c.modelId()).isEqualTo("vllm:Qwen/Qwen2.5-VL-7B-Instruct");
      assertThat(c.caption(CaptionRequest.of(TestImages.png(8, 8), "x", SamplingParams.builder().topK(3).build())).text())
          .isEqualTo("ok");
    }
    assertThat(server.requests().get(0).json().get("model").asText()).isEqualTo("Qwen/Qwen2.5-VL-7B-Instruct");
    assertThat(server.requests().get(0).json().get("top_k").asInt()).isEqualTo(3);
  }

  @Test
  void imageSpecsUseTheirProfilesDialect() {
    try (ImageEditor e = Providers.imageEditor("vllm-omni:Qwen/Qwen-Image-Edit@" + server.baseUrl(), Map.of());
        TextToImage t = Providers.textToImage("sglang-diffusion:Qwen/Qwen-Image@" + server.baseUrl(), Map.of())) {
      e.edit(EditRequest.of(TestImages.png(16, 16), "make it red", DiffusionParams.builder().steps(4).seed(1L).build()));
      t.generate(TextToImageRequest.of("a cat", DiffusionParams.builder().steps(4).seed(1L).build()));
      assertThat(t.modelId()).isEqualTo("sglang:Qwen/Qwen-Image");
    }
    assertThat(server.requests(FakeOpenAiServer.EDITS).get(0).field("num_inference_steps")).isEqualTo("4");
    assertThat(server.requests(FakeOpenAiServer.GENERATIONS).get(0).json().get("num_inference_steps").asInt()).isEqualTo(4);
  }

  @Test
  void optionsConfigureTimeoutsLimitsStrictnessAndKeyVariable() {
    Map<String, String> options = Map.of("read_timeout", "2s", "connect_timeout", "500ms", "max_in_flight", "3",
        "max_attempts", "5", "load_balancing", "round_robin", "max_image_side", "512", "strict", "true",
        "api_key_env", "PARACOSM_TEST_UNSET_KEY");
    try (TextToImage t = Providers.textToImage("localai:sd@" + server.baseUrl() + ",http://127.0.0.1:9/v1", options)) {
      ClientSettings s = ((OpenAiTextToImage) t).settings();
      assertThat(s.timeouts()).isEqualTo(Timeouts.of(Duration.ofMillis(500), Duration.ofSeconds(2)));
      assertThat(s.maxInFlight()).isEqualTo(3);
      assertThat(s.retry().maxAttempts()).isEqualTo(5);
      assertThat(s.balancing()).isEqualTo(LoadBalancing.ROUND_ROBIN);
      assertThat(s.maxImageSide()).isEqualTo(512);
      assertThat(s.endpoints()).containsExactly(URI.create(server.baseUrl()), URI.create("http://127.0.0.1:9/v1"));
      assertThat(s.apiKey()).isNull();
      assertThatThrownBy(() -> t.generate(TextToImageRequest.of("x", DiffusionParams.builder().guidanceScale(7.5).build())))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("guidance_scale=7.5");
    }
  }

  @Test
  void specWithoutBaseUrlIsRejectedForSelfHostedProfiles() {
    assertThatThrownBy(() -> Providers.captioner("vllm:Qwen/Qwen2.5-VL-7B-Instruct", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a base URL");
  }

  @Test
  void openAiSpecNeedsAKeyFromTheNamedVariable() {
    assertThatThrownBy(() -> Providers.captioner("openai:gpt-4o", Map.of("api_key_env", "PARACOSM_TEST_UNSET_KEY")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PARACOSM_TEST_UNSET_KEY");
  }

  @Test
  void unknownProfileIsNotSupported() {
    assertThat(new OpenAiCaptionerProvider().supports("hf:openai/clip-vit-base-patch32")).isFalse();
    assertThatThrownBy(() -> Providers.captioner("nope:m@http://x/v1", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("No captioner provider");
  }

  @Test
  void invalidOptionValueNamesTheOption() {
    assertThatThrownBy(() -> Providers.captioner("vllm:m@" + server.baseUrl(), Map.of("max_in_flight", "many")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("max_in_flight='many'");
    assertThatThrownBy(() -> Providers.captioner("vllm:m@" + server.baseUrl(), Map.of("read_timeout", "soon")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("read_timeout");
  }

  @Test
  void specParsingHandlesAliasesMultipleEndpointsAndMissingModel() {
    OpenAiSpec s = OpenAiSpec.parse("tgw:@http://a:5000/v1, https://b/v1");
    assertThat(s.profile()).isEqualTo(ServerProfile.TEXT_GENERATION_WEBUI);
    assertThat(s.model()).isNull();
    assertThat(s.baseUrls()).containsExactly("http://a:5000/v1", "https://b/v1");
    assertThat(OpenAiSpec.parse("openai:gpt-image-1").baseUrls()).isEmpty();
    assertThat(OpenAiSpec.duration("x", "1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(OpenAiSpec.duration("x", "PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThat(OpenAiSpec.duration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
  }
}
