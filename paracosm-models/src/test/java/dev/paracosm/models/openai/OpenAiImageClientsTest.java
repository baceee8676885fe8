package dev.paracosm.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.openai.FakeOpenAiServer.RecordedRequest;
import dev.paracosm.models.openai.FakeOpenAiServer.Reply;
import dev.paracosm.models.openai.internal.ImageCodec;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.GeneratedImage;
import dev.paracosm.role.TextToImageRequest;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OpenAiImageClientsTest {
  /** Paracosm's text-to-image settings (method.md §2: 512x512, 50 steps, true CFG 4, blank negative, seed 42). */
  private static final DiffusionParams PARACOSM_T2I = DiffusionParams.builder().size(512, 512).steps(50)
      .trueCfgScale(4.0).negativePrompt(" ").seed(42L).build();
  /** PEFUSE's InstructPix2Pix settings (method.md §6). */
  private static final DiffusionParams PEFUSE_EDIT = DiffusionParams.builder().size(768, 768).steps(30)
      .guidanceScale(7.5).imageGuidanceScale(3.0).seed(5L).build();

  private final FakeOpenAiServer server = FakeOpenAiServer.builder().build();

  @AfterEach
  void close() {
    assertThat(server.schemaViolations()).as("every request matches the OpenAI schema").isEmpty();
    server.close();
  }

  private OpenAiTextToImage.Builder t2i(ServerProfile p) {
    return OpenAiTextToImage.builder().baseUrl(server.baseUrl()).profile(p).model("Qwen/Qwen-Image").env(n -> null);
  }

  private OpenAiImageEditor.Builder editor(ServerProfile p) {
    return OpenAiImageEditor.builder().baseUrl(server.baseUrl()).profile(p).model("Qwen/Qwen-Image-Edit").env(n -> null);
  }

  private GeneratedImage generate(OpenAiTextToImage.Builder b, String prompt, DiffusionParams params) {
    try (OpenAiTextToImage c = b.build()) {
      return c.generate(TextToImageRequest.of(prompt, params));
    }
  }

  private GeneratedImage edit(OpenAiImageEditor.Builder b, ImageData image, String prompt, DiffusionParams params) {
    try (OpenAiImageEditor c = b.build()) {
      return c.edit(EditRequest.of(image, prompt, params));
    }
  }

  private RecordedRequest last() {
    return server.requests().get(server.requestCount() - 1);
  }

  @Test
  void vllmOmniTextToImageSendsFlatDiffusersFieldsAndRequestsBase64Png() {
    GeneratedImage img = generate(t2i(ServerProfile.VLLM_OMNI), "a red car", PARACOSM_T2I);
    JsonNode body = last().json();
    assertThat(last().operation()).isEqualTo(FakeOpenAiServer.GENERATIONS);
    assertThat(names(body)).containsExactlyInAnyOrder("model", "prompt", "n", "size", "num_inference_steps",
        "true_cfg_scale", "negative_prompt", "seed", "response_format", "output_format");
    assertThat(body.get("size").asText()).isEqualTo("512x512");
    assertThat(body.get("num_inference_steps").asInt()).isEqualTo(50);
    assertThat(body.get("true_cfg_scale").asDouble()).isEqualTo(4.0);
    assertThat(body.get("negative_prompt").asText()).isEqualTo(" ");
    assertThat(body.get("seed").asLong()).isEqualTo(42);
    assertThat(body.get("n").asInt()).isEqualTo(1);
    assertThat(body.get("response_format").asText()).isEqualTo("b64_json");
    assertThat(body.get("output_format").asText()).isEqualTo("png");
    assertThat(img.image().decode().getWidth()).isEqualTo(512);
    assertThat(img.provenance()).containsEntry("seed", "42").containsEntry("seed_source", "request")
        .containsEntry("server_profile", "vllm-omni").containsEntry("output_width", "512")
        .containsEntry("prompt", "a red car").containsEntry("endpoint_path", "/images/generations")
        .doesNotContainKey("unexpressed");
  }

  @Test
  void sglangUsesTheSameFlatDialect() {
    generate(t2i(ServerProfile.SGLANG), "a red car", PARACOSM_T2I.toBuilder().guidanceScale(1.0).build());
    assertThat(names(last().json())).contains("num_inference_steps", "guidance_scale", "true_cfg_scale",
        "negative_prompt", "seed");
  }

  @Test
  void seedIsAlwaysSentAndDerivedDeterministicallyWhenUnset() {
    DiffusionParams noSeed = PARACOSM_T2I.toBuilder().seed(null).build();
    GeneratedImage a = generate(t2i(ServerProfile.SGLANG), "a red car", noSeed);
    long first = last().json().get("seed").asLong();
    GeneratedImage b = generate(t2i(ServerProfile.SGLANG), "a red car", noSeed);
    long second = last().json().get("seed").asLong();
    generate(t2i(ServerProfile.SGLANG), "a blue car", noSeed);
    long third = last().json().get("seed").asLong();
    assertThat(first).isEqualTo(second).isNotEqualTo(third).isNotEqualTo(1024);
    assertThat(a.provenance()).containsEntry("seed_source", "derived").containsEntry("seed", Long.toString(first));
    assertThat(b.image()).isEqualTo(a.image());
  }

  @Test
  void xinferencePutsDiffusionSettingsIntoAJsonStringKwargs() throws Exception {
    generate(t2i(ServerProfile.XINFERENCE), "a red car", PARACOSM_T2I);
    JsonNode body = last().json();
    assertThat(names(body)).containsExactlyInAnyOrder("model", "prompt", "n", "size", "response_format", "kwargs");
    assertThat(body.get("kwargs").isTextual()).isTrue();
    JsonNode kwargs = new ObjectMapper().readTree(body.get("kwargs").asText());
    assertThat(kwargs.get("num_inference_steps").asInt()).isEqualTo(50);
    assertThat(kwargs.get("true_cfg_scale").asDouble()).isEqualTo(4.0);
    assertThat(kwargs.get("negative_prompt").asText()).isEqualTo(" ");
    assertThat(kwargs.get("seed").asLong()).isEqualTo(42);
    assertThat(body.get("response_format").asText()).isEqualTo("b64_json");
  }

  @Test
  void xinferenceNeedsTheModelUid() {
    assertThatThrownBy(() -> OpenAiTextToImage.builder().baseUrl(server.baseUrl()).profile(ServerProfile.XINFERENCE).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("model UID");
  }

  @Test
  void localAiUsesStepAndAppendsTheNegativePromptAfterAPipe() {
    GeneratedImage img = generate(t2i(ServerProfile.LOCALAI), "a red car", PARACOSM_T2I.toBuilder().trueCfgScale(null).build());
    JsonNode body = last().json();
    assertThat(body.get("prompt").asText()).isEqualTo("a red car| ");
    assertThat(body.get("step").asInt()).isEqualTo(50);
    assertThat(body.get("seed").asLong()).isEqualTo(42);
    assertThat(names(body)).doesNotContain("num_inference_steps", "negative_prompt", "output_format");
    assertThat(img.provenance()).containsEntry("prompt", "a red car").containsEntry("sent_prompt", "a red car| ");
  }

  @Test
  void localAiCannotExpressGuidanceSoItWarnsOrFailsInStrictMode() {
    GeneratedImage img = generate(t2i(ServerProfile.LOCALAI), "a red car", PARACOSM_T2I);
    assertThat(img.provenance().get("unexpressed")).isEqualTo("true_cfg_scale=4.0");
    assertThat(names(last().json())).doesNotContain("true_cfg_scale", "cfg_scale");
    int before = server.requestCount();
    assertThatThrownBy(() -> generate(t2i(ServerProfile.LOCALAI).strict(true), "a red car", PARACOSM_T2I))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'localai'").hasMessageContaining("true_cfg_scale=4.0");
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void localAiRejectsAPromptContainingItsSeparator() {
    assertThatThrownBy(() -> generate(t2i(ServerProfile.LOCALAI), "a|b", PARACOSM_T2I.toBuilder().trueCfgScale(null).build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'|'");
  }

  @Test
  void textGenerationWebUiUsesStepsCfgScaleAndImageSeed() {
    GeneratedImage img = generate(t2i(ServerProfile.TEXT_GENERATION_WEBUI), "a red car",
        PARACOSM_T2I.toBuilder().guidanceScale(5.0).build());
    JsonNode body = last().json();
    assertThat(body.get("steps").asInt()).isEqualTo(50);
    assertThat(body.get("cfg_scale").asDouble()).isEqualTo(5.0);
    assertThat(body.get("image_seed").asLong()).isEqualTo(42);
    assertThat(body.get("negative_prompt").asText()).isEqualTo(" ");
    assertThat(names(body)).doesNotContain("seed", "num_inference_steps", "true_cfg_scale");
    assertThat(img.provenance().get("unexpressed")).isEqualTo("true_cfg_scale=4.0");
  }

  @Test
  void openAiGptImageSendsOnlyStandardFieldsWithoutResponseFormat() {
    try (FakeOpenAiServer strictServer = FakeOpenAiServer.builder().rejectUnknownFields(true).build();
        OpenAiTextToImage c = OpenAiTextToImage.builder().baseUrl(strictServer.baseUrl()).profile(ServerProfile.OPENAI)
            .model("gpt-image-1").apiKey("sk-test").build()) {
      GeneratedImage img = c.generate(TextToImageRequest.of("a red car", PARACOSM_T2I.toBuilder().size(1024, 1024).build()));
      JsonNode body = strictServer.requests().get(0).json();
      assertThat(names(body)).containsExactlyInAnyOrder("model", "prompt", "n", "size", "output_format");
      assertThat(img.provenance().get("unexpressed"))
          .isEqualTo("num_inference_steps=50, true_cfg_scale=4.0, negative_prompt= , seed=42");
      assertThat(strictServer.schemaViolations()).isEmpty();
    }
  }

  @Test
  void openAiDallEGetsResponseFormatB64Json() {
    try (OpenAiTextToImage c = OpenAiTextToImage.builder().baseUrl(server.baseUrl()).profile(ServerProfile.OPENAI)
        .model("dall-e-3").apiKey("sk-test").build()) {
      c.generate(TextToImageRequest.of("a red car", DiffusionParams.builder().size(64, 64).build()));
    }
    assertThat(last().json().get("response_format").asText()).isEqualTo("b64_json");
    assertThat(names(last().json())).doesNotContain("output_format");
  }

  @Test
  void openAiStrictModeRejectsDiffusionExtensions() {
    assertThatThrownBy(() -> generate(OpenAiTextToImage.builder().baseUrl(server.baseUrl()).profile(ServerProfile.OPENAI)
        .model("gpt-image-1").apiKey("sk-test").strict(true), "a red car", PARACOSM_T2I))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'openai'").hasMessageContaining("num_inference_steps=50");
  }

  @Test
  void strengthAndImageGuidanceCannotBeExpressedForTextToImage() {
    GeneratedImage img = generate(t2i(ServerProfile.VLLM_OMNI), "a red car",
        DiffusionParams.builder().size(64, 64).strength(0.5).imageGuidanceScale(3.0).seed(1L).build());
    assertThat(img.provenance().get("unexpressed")).isEqualTo("image_guidance_scale=3.0, strength=0.5");
    assertThat(names(last().json())).doesNotContain("strength", "image_guidance_scale");
  }

  @Test
  void widthWithoutHeightCannotBeExpressed() {
    GeneratedImage img = generate(t2i(ServerProfile.VLLM_OMNI), "a red car", DiffusionParams.builder().width(512).seed(1L).build());
    assertThat(img.provenance().get("unexpressed")).startsWith("size=width=512,height=null");
    assertThat(names(last().json())).doesNotContain("size");
  }

  @Test
  void genericProfileSendsWhitelistedDiffusionFields() {
    generate(t2i(ServerProfile.GENERIC_OPENAI).allowFields("num_inference_steps", "seed"), "a red car", PARACOSM_T2I);
    JsonNode body = last().json();
    assertThat(body.get("num_inference_steps").asInt()).isEqualTo(50);
    assertThat(body.get("seed").asLong()).isEqualTo(42);
    assertThat(names(body)).doesNotContain("true_cfg_scale", "negative_prompt");
  }

  @Test
  void vllmOmniEditIsMultipartWithTheDownscaledImageAndTextFields() throws Exception {
    ImageData ref = TestImages.png(1000, 500);
    GeneratedImage img = edit(editor(ServerProfile.VLLM_OMNI), ref, "make it red",
        DiffusionParams.builder().size(512, 512).steps(50).trueCfgScale(4.0).negativePrompt(" ").seed(0L).build());
    RecordedRequest r = last();
    assertThat(r.operation()).isEqualTo(FakeOpenAiServer.EDITS);
    assertThat(r.header("content-type")).startsWith("multipart/form-data; boundary=");
    assertThat(r.files()).containsOnlyKeys("image");
    FakeOpenAiServer.FilePart part = r.files().get("image").get(0);
    assertThat(part.contentType()).isEqualTo("image/png");
    assertThat(ImageCodec.headerSize(part.bytes())).containsExactly(768, 384);
    assertThat(r.form()).containsOnlyKeys("model", "prompt", "n", "size", "num_inference_steps", "true_cfg_scale",
        "negative_prompt", "seed", "response_format", "output_format");
    assertThat(r.field("prompt")).isEqualTo("make it red");
    assertThat(r.field("num_inference_steps")).isEqualTo("50");
    assertThat(r.field("true_cfg_scale")).isEqualTo("4.0");
    assertThat(r.field("negative_prompt")).isEqualTo(" ");
    assertThat(r.field("seed")).isEqualTo("0");
    assertThat(r.field("output_format")).isEqualTo("png");
    assertThat(r.field("response_format")).isEqualTo("b64_json");
    assertThat(img.provenance()).containsEntry("upload_size", "768x384 (downscaled)")
        .containsEntry("input_image_sha256", ref.sha256()).containsEntry("output_width", "512")
        .containsEntry("seed", "0");
  }

  @Test
  void imageGuidanceAndStrengthAreSentUnverifiedForDiffusersFlatEdits() {
    GeneratedImage img = edit(editor(ServerProfile.VLLM_OMNI), TestImages.png(64, 64), "make it red",
        PEFUSE_EDIT.toBuilder().size(64, 64).strength(0.5).build());
    assertThat(last().field("image_guidance_scale")).isEqualTo("3.0");
    assertThat(last().field("strength")).isEqualTo("0.5");
    assertThat(last().field("guidance_scale")).isEqualTo("7.5");
    assertThat(img.provenance()).containsEntry("unverified", "image_guidance_scale, strength").doesNotContainKey("unexpressed");
  }

  @Test
  void xinferenceEditsGoToVariationsWithKwargsAndANegativePromptField() throws Exception {
    edit(editor(ServerProfile.XINFERENCE), TestImages.png(64, 64), "make it red",
        DiffusionParams.builder().size(64, 64).steps(20).trueCfgScale(4.0).negativePrompt(" ").seed(3L).strength(0.6).build());
    RecordedRequest r = last();
    assertThat(r.operation()).isEqualTo(FakeOpenAiServer.VARIATIONS);
    assertThat(r.field("negative_prompt")).isEqualTo(" ");
    JsonNode kwargs = new ObjectMapper().readTree(r.field("kwargs"));
    assertThat(kwargs.get("num_inference_steps").asInt()).isEqualTo(20);
    assertThat(kwargs.get("true_cfg_scale").asDouble()).isEqualTo(4.0);
    assertThat(kwargs.get("seed").asLong()).isEqualTo(3);
    assertThat(kwargs.get("denoising_strength").asDouble()).isEqualTo(0.6);
    assertThat(r.files()).containsOnlyKeys("image");
  }

  @Test
  void localAiEditsSendTheImageAsBase64FileOnTheGenerationsEndpoint() {
    ImageData ref = TestImages.png(64, 64);
    edit(editor(ServerProfile.LOCALAI), ref, "make it red", DiffusionParams.builder().size(64, 64).steps(10).seed(3L).build());
    RecordedRequest r = last();
    assertThat(r.operation()).isEqualTo(FakeOpenAiServer.GENERATIONS);
    assertThat(Base64.getDecoder().decode(r.json().get("file").asText())).isEqualTo(ref.bytes());
    assertThat(r.json().get("step").asInt()).isEqualTo(10);
  }

  @Test
  void openAiEditsSendOnlyStandardFields() {
    try (FakeOpenAiServer strictServer = FakeOpenAiServer.builder().rejectUnknownFields(true).build();
        OpenAiImageEditor c = OpenAiImageEditor.builder().baseUrl(strictServer.baseUrl()).profile(ServerProfile.OPENAI)
            .model("gpt-image-1").apiKey("sk-test").build()) {
      GeneratedImage img = c.edit(EditRequest.of(TestImages.png(64, 64), "make it red",
          DiffusionParams.builder().size(1024, 1024).seed(1L).build()));
      RecordedRequest r = strictServer.requests().get(0);
      assertThat(r.form()).containsOnlyKeys("model", "prompt", "n", "size", "output_format");
      assertThat(img.provenance().get("unexpressed")).isEqualTo("seed=1");
      assertThat(strictServer.schemaViolations()).isEmpty();
    }
  }

  @Test
  void profilesWithoutAnImagesApiCannotBuildImageClients() {
    for (ServerProfile p : List.of(ServerProfile.VLLM, ServerProfile.OLLAMA, ServerProfile.TGI)) {
      assertThatThrownBy(() -> editor(p).build()).as(p.id()).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'" + p.id() + "'");
      assertThatThrownBy(() -> t2i(p).build()).as(p.id()).isInstanceOf(ConfigurationException.class);
    }
    assertThatThrownBy(() -> editor(ServerProfile.TEXT_GENERATION_WEBUI).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot edit");
  }

  @Test
  void sizeMismatchIsRecordedOrFailsInStrictMode() {
    server.enqueue(Reply.image(FakeOpenAiServer.png(64, 64, Color.RED)), Reply.image(FakeOpenAiServer.png(64, 64, Color.RED)));
    GeneratedImage img = generate(t2i(ServerProfile.VLLM_OMNI), "a red car", PARACOSM_T2I);
    assertThat(img.provenance().get("size_mismatch")).isEqualTo(
        "the server returned 64x64 but 512x512 was requested (it may ignore size)");
    assertThatThrownBy(() -> generate(t2i(ServerProfile.VLLM_OMNI).strict(true), "a red car", PARACOSM_T2I))
        .isInstanceOfSatisfying(ServerErrorException.class,
            e -> assertThat(e.kind()).isEqualTo(ServerErrorException.Kind.INVALID_RESPONSE))
        .hasMessageContaining("returned 64x64 but 512x512");
  }

  @Test
  void dataUrlInUrlFieldIsDecodedInline() {
    byte[] png = FakeOpenAiServer.png(32, 32, Color.GREEN);
    server.enqueue(Reply.imageUrl("data:image/png;base64," + Base64.getEncoder().encodeToString(png)));
    GeneratedImage img = generate(t2i(ServerProfile.TEXT_GENERATION_WEBUI), "x", DiffusionParams.builder().seed(1L).build());
    assertThat(img.image().bytes()).isEqualTo(png);
  }

  @Test
  void relativeUrlIsFetchedFromTheSameServerWithTheKey() {
    byte[] png = FakeOpenAiServer.png(32, 32, Color.BLUE);
    server.file("/v1/images/abc/content", png);
    server.enqueue(Reply.imageUrl("/v1/images/abc/content"));
    GeneratedImage img = generate(t2i(ServerProfile.SGLANG).apiKey("sk-local"), "x", DiffusionParams.builder().seed(1L).build());
    assertThat(img.image().bytes()).isEqualTo(png);
    RecordedRequest get = last();
    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.path()).isEqualTo("/v1/images/abc/content");
    assertThat(get.header("authorization")).isEqualTo("Bearer sk-local");
  }

  @Test
  void absoluteUrlOnAnotherHostIsFetchedWithoutTheKey() {
    byte[] png = FakeOpenAiServer.png(16, 16, Color.MAGENTA);
    try (FakeOpenAiServer storage = FakeOpenAiServer.builder().build()) {
      storage.file("/v1/out/1.png", png);
      server.enqueue(Reply.imageUrl(storage.baseUrl().replace("127.0.0.1", "localhost") + "/out/1.png"));
      GeneratedImage img = generate(t2i(ServerProfile.SGLANG).apiKey("sk-local"), "x", DiffusionParams.builder().seed(1L).build());
      assertThat(img.image().bytes()).isEqualTo(png);
      assertThat(storage.requests()).singleElement().satisfies(r -> {
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.header("authorization")).as("the key is not sent to another origin").isNull();
      });
    }
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
