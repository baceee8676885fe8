package dev.paracosm.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paracosm.ConfigurationException;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.openai.internal.ImageCodec;
import dev.paracosm.prompt.PromptLibrary;
import dev.paracosm.prompt.PromptTemplate;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.ChatPart;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.SamplingParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OpenAiCaptionerTest {
  private static final SamplingParams ALL = SamplingParams.builder().temperature(0.1).topP(0.9).topK(50)
      .maxTokens(256).repetitionPenalty(1.05).seed(7L).build();

  private final FakeOpenAiServer server = FakeOpenAiServer.builder().chatText("a red dress").build();

  @AfterEach
  void close() {
    assertThat(server.schemaViolations()).as("every request matches the OpenAI schema").isEmpty();
    server.close();
  }

  private OpenAiCaptioner.Builder client(ServerProfile profile) {
    return OpenAiCaptioner.builder().baseUrl(server.baseUrl()).profile(profile).model("Qwen/Qwen2.5-VL-7B-Instruct")
        .env(name -> null);
  }

  private JsonNode send(OpenAiCaptioner.Builder b, SamplingParams sampling) {
    try (OpenAiCaptioner c = b.build()) {
      c.caption(CaptionRequest.of(TestImages.png(32, 32), "Describe.", sampling));
    }
    return server.requests().get(server.requestCount() - 1).json();
  }

  @Test
  void vllmSendsEverySamplingSettingUnderItsOwnNames() {
    JsonNode body = send(client(ServerProfile.VLLM), ALL);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.get("top_k").asInt()).isEqualTo(50);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.get("repetition_penalty").asDouble()).isEqualTo(1.05);
    assertThat(body.get("seed").asLong()).isEqualTo(7);
    assertThat(body.get("stream").asBoolean()).isFalse();
    assertThat(body.get("model").asText()).isEqualTo("Qwen/Qwen2.5-VL-7B-Instruct");
    assertThat(body.has("max_completion_tokens")).isFalse();
  }

  @Test
  void unsetSamplingSettingsAreNotSent() {
    JsonNode body = send(client(ServerProfile.VLLM), SamplingParams.builder().maxTokens(256).build());
    assertThat(fieldNames(body)).containsExactlyInAnyOrder("model", "messages", "max_tokens", "stream");
  }

  @Test
  void openAiProfileUsesMaxCompletionTokensAndDropsTopKAndRepetitionPenaltyWithAWarning() {
    JsonNode body = send(client(ServerProfile.OPENAI).apiKey("sk-test"), ALL);
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(256);
    assertThat(fieldNames(body)).doesNotContain("max_tokens", "top_k", "repetition_penalty");
    assertThat(body.get("seed").asLong()).isEqualTo(7);
  }

  @Test
  void openAiProfileRequestIsAcceptedByAServerThatRejectsUnknownFields() {
    try (FakeOpenAiServer strictServer = FakeOpenAiServer.builder().rejectUnknownFields(true).build();
        OpenAiCaptioner c = OpenAiCaptioner.builder().baseUrl(strictServer.baseUrl()).profile(ServerProfile.OPENAI)
            .model("gpt-4o").apiKey("sk-test").build()) {
      GeneratedText t = c.caption(CaptionRequest.of(TestImages.png(16, 16), "Describe.", ALL));
      assertThat(t.provenance().get("unexpressed")).isEqualTo("top_k=50, repetition_penalty=1.05");
      assertThat(strictServer.schemaViolations()).isEmpty();
    }
  }

  @Test
  void vllmFieldsWouldBeRejectedByOpenAi() {
    try (FakeOpenAiServer strictServer = FakeOpenAiServer.builder().rejectUnknownFields(true).build();
        OpenAiCaptioner c = OpenAiCaptioner.builder().baseUrl(strictServer.baseUrl()).profile(ServerProfile.VLLM)
            .model("gpt-4o").env(n -> null).build()) {
      assertThatThrownBy(() -> c.caption(CaptionRequest.of(TestImages.png(16, 16), "Describe.", ALL)))
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("HTTP 400")
          .hasMessageContaining("Unrecognized request argument supplied: top_k");
    }
  }

  @Test
  void strictModeTurnsAnInexpressibleSettingIntoAConfigurationError() {
    try (OpenAiCaptioner c = client(ServerProfile.OLLAMA).strict(true).build()) {
      assertThatThrownBy(() -> c.caption(CaptionRequest.of(TestImages.png(16, 16), "Describe.", ALL)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'ollama'")
          .hasMessageContaining("top_k=50");
    }
    assertThat(server.requestCount()).as("nothing was sent").isZero();
  }

  @Test
  void nonStrictProfileRecordsWhatItCouldNotExpressInProvenance() {
    try (OpenAiCaptioner c = client(ServerProfile.TGI).build()) {
      GeneratedText t = c.caption(CaptionRequest.of(TestImages.png(16, 16), "Describe.", ALL));
      assertThat(t.provenance()).containsEntry("unexpressed", "top_k=50, repetition_penalty=1.05");
    }
    assertThat(fieldNames(server.requests().get(0).json())).doesNotContain("top_k", "repetition_penalty");
  }

  @Test
  void llamaCppAndLmStudioSendRepeatPenalty() {
    for (ServerProfile p : List.of(ServerProfile.LLAMACPP, ServerProfile.LMSTUDIO)) {
      JsonNode body = send(client(p), ALL);
      assertThat(body.get("repeat_penalty").asDouble()).as(p.id()).isEqualTo(1.05);
      assertThat(body.get("top_k").asInt()).as(p.id()).isEqualTo(50);
      assertThat(body.has("repetition_penalty")).as(p.id()).isFalse();
    }
  }

  @Test
  void profileTableDecidesTopKAndTokenLimitFieldsForEveryChatProfile() {
    Map<ServerProfile, List<String>> expected = Map.ofEntries(
        Map.entry(ServerProfile.OPENAI, List.of("temperature", "top_p", "max_completion_tokens", "seed")),
        Map.entry(ServerProfile.VLLM, List.of("temperature", "top_p", "top_k", "max_tokens", "repetition_penalty", "seed")),
        Map.entry(ServerProfile.VLLM_OMNI, List.of("temperature", "top_p", "top_k", "max_tokens", "repetition_penalty", "seed")),
        Map.entry(ServerProfile.SGLANG, List.of("temperature", "top_p", "top_k", "max_tokens", "repetition_penalty", "seed")),
        Map.entry(ServerProfile.OLLAMA, List.of("temperature", "top_p", "max_tokens", "seed")),
        Map.entry(ServerProfile.TGI, List.of("temperature", "top_p", "max_tokens", "seed")),
        Map.entry(ServerProfile.LOCALAI, List.of("temperature", "top_p", "top_k", "max_tokens", "seed")),
        Map.entry(ServerProfile.XINFERENCE, List.of("temperature", "top_p", "top_k", "max_tokens", "seed")),
        Map.entry(ServerProfile.TEXT_GENERATION_WEBUI, List.of("temperature", "top_p", "top_k", "max_tokens", "repetition_penalty", "seed")),
        Map.entry(ServerProfile.GENERIC_OPENAI, List.of("temperature", "top_p", "max_tokens", "seed")));
    expected.forEach((profile, fields) -> {
      OpenAiCaptioner.Builder b = client(profile);
      if (profile == ServerProfile.OPENAI) {
        b.apiKey("sk-test");
      }
      JsonNode body = send(b, ALL);
      List<String> sampling = new ArrayList<>(fieldNames(body));
      sampling.removeAll(List.of("model", "messages", "stream"));
      assertThat(sampling).as(profile.id()).containsExactlyInAnyOrderElementsOf(fields);
    });
  }

  @Test
  void genericProfileSendsWhitelistedFields() {
    JsonNode body = send(client(ServerProfile.GENERIC_OPENAI).allowFields("top_k"), ALL);
    assertThat(body.get("top_k").asInt()).isEqualTo(50);
    assertThat(body.has("repetition_penalty")).isFalse();
  }

  @Test
  void extraFieldsAreSentVerbatim() {
    JsonNode body = send(client(ServerProfile.VLLM).extraField("mm_processor_kwargs", Map.of("max_pixels", 401408)),
        SamplingParams.defaults());
    assertThat(body.get("mm_processor_kwargs").get("max_pixels").asInt()).isEqualTo(401408);
  }

  @Test
  void partsKeepRequestOrderWithImagesAsBase64DataUrls() {
    ImageData a = TestImages.png(20, 10);
    ImageData b = TestImages.png(10, 20);
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).systemPrompt("You describe images.").build()) {
      c.caption(new CaptionRequest(List.of(ChatPart.text("Before "), ChatPart.image(a), ChatPart.text(" middle "),
          ChatPart.image(b)), SamplingParams.defaults(), "p.id"));
    }
    JsonNode messages = server.requests().get(0).json().get("messages");
    assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).get("content").asText()).isEqualTo("You describe images.");
    JsonNode content = messages.get(1).get("content");
    assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
    assertThat(content).hasSize(4);
    assertThat(content.get(0).get("text").asText()).isEqualTo("Before ");
    assertThat(dataUrlBytes(content.get(1))).isEqualTo(a.bytes());
    assertThat(content.get(2).get("text").asText()).isEqualTo(" middle ");
    assertThat(dataUrlBytes(content.get(3))).isEqualTo(b.bytes());
    assertThat(content.get(1).get("image_url").get("url").asText()).startsWith("data:image/png;base64,");
    assertThat(content.get(1).get("image_url").has("detail")).isFalse();
  }

  @Test
  void pefuseComposePromptIsSentAsTextImageText() {
    PromptTemplate t = PromptLibrary.defaults().pefuseComposeTemplateFor("CIRR");
    ImageData ref = TestImages.png(24, 24);
    GeneratedText out;
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).build()) {
      out = c.caption(new CaptionRequest(t.renderParts(Map.of("modification", "add a hat"), Map.of("image", ref)),
          SamplingParams.builder().temperature(0.1).topP(0.9).topK(50).build(), t.id()));
    }
    assertThat(out.provenance().get("message")).isEqualTo(
        t.render(Map.of("modification", "add a hat", "image", "{image:" + ref.sha256().substring(0, 12) + "}")));
    assertThat(out.provenance()).containsEntry("prompt_id", "pefuse.compose.cirr");
    JsonNode content = server.requests().get(0).json().get("messages").get(0).get("content");
    assertThat(content).extracting(n -> n.get("type").asText()).containsExactly("text", "image_url", "text");
    assertThat(server.requests().get(0).chatImages()).singleElement().isEqualTo(ref.bytes());
    assertThat(content.get(0).get("text").asText()).endsWith("Image: ");
    assertThat(content.get(2).get("text").asText()).startsWith(". Here are the modification instructions: add a hat.");
  }

  @Test
  void largeImagesAreDownscaledToTheMaxSideKeepingAspect() throws Exception {
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).maxImageSide(100).build()) {
      GeneratedText t = c.caption(CaptionRequest.of(TestImages.png(400, 200), "Describe.", SamplingParams.defaults()));
      assertThat(t.provenance().get("input_images")).endsWith("100x50 (downscaled)");
    }
    byte[] sent = dataUrlBytes(server.requests().get(0).json().get("messages").get(0).get("content").get(0));
    assertThat(ImageCodec.headerSize(sent)).containsExactly(100, 50);
    assertThat(ImageData.of(sent).mediaType()).isEqualTo("image/png");
  }

  @Test
  void imagesWithinTheMaxSideAreSentUnchanged() {
    ImageData img = TestImages.png(768, 300);
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).build()) {
      c.caption(CaptionRequest.of(img, "Describe.", SamplingParams.defaults()));
    }
    assertThat(dataUrlBytes(server.requests().get(0).json().get("messages").get(0).get("content").get(0)))
        .isEqualTo(img.bytes());
  }

  @Test
  void provenanceRecordsProfileModelEndpointParamsPromptAndRequestIds() {
    GeneratedText t;
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).build()) {
      t = c.caption(CaptionRequest.of(TestImages.png(16, 16), "Describe it.", ALL).withPromptId("paracosm.describe.x"));
      assertThat(c.modelId()).isEqualTo("vllm:Qwen/Qwen2.5-VL-7B-Instruct");
    }
    Map<String, String> p = t.provenance();
    assertThat(t.text()).isEqualTo("a red dress");
    assertThat(p).containsEntry("role", "captioner").containsEntry("server_profile", "vllm")
        .containsEntry("model", "Qwen/Qwen2.5-VL-7B-Instruct").containsEntry("base_url", server.baseUrl())
        .containsEntry("endpoint_path", "/chat/completions").containsEntry("prompt", "Describe it.")
        .containsEntry("prompt_id", "paracosm.describe.x").containsEntry("seed", "7")
        .containsEntry("attempts", "1").containsEntry("http_status", "200").containsEntry("finish_reason", "stop")
        .containsEntry("usage_prompt_tokens", "42").containsEntry("usage_completion_tokens", "7")
        .containsKeys("latency_ms", "client_request_id", "request_id", "response_headers");
    assertThat(p.get("params")).isEqualTo(
        "{\"temperature\":0.1,\"top_p\":0.9,\"top_k\":50,\"max_tokens\":256,\"repetition_penalty\":1.05,\"seed\":7}");
    assertThat(p.get("request_id")).startsWith("req_");
    assertThat(server.requests().get(0).header("x-client-request-id")).isEqualTo(p.get("client_request_id"));
  }

  @Test
  void lengthFinishIsFlaggedInProvenance() {
    server.enqueue(FakeOpenAiServer.Reply.chat("a red dr", "length"));
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).build()) {
      GeneratedText t = c.caption(CaptionRequest.of(TestImages.png(16, 16), "Describe.", SamplingParams.defaults()));
      assertThat(t.text()).isEqualTo("a red dr");
      assertThat(t.provenance()).containsEntry("finish_reason", "length").containsEntry("truncated", "true");
    }
  }

  @Test
  void refusalIsAnInvalidResponse() {
    server.enqueue(FakeOpenAiServer.Reply.json(200,
        "{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":null,"
            + "\"refusal\":\"I cannot help with that\"}}]}"));
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).build()) {
      assertThatThrownBy(() -> c.caption(CaptionRequest.of(TestImages.png(16, 16), "Describe.", SamplingParams.defaults())))
          .isInstanceOfSatisfying(ServerErrorException.class,
              e -> assertThat(e.kind()).isEqualTo(ServerErrorException.Kind.INVALID_RESPONSE))
          .hasMessageContaining("the model refused: I cannot help with that");
    }
  }

  @Test
  void batchRunsConcurrentlyAndKeepsOrder() {
    try (FakeOpenAiServer slow = FakeOpenAiServer.builder().latency(Duration.ofMillis(300))
            .responder(r -> FakeOpenAiServer.Reply.chat(r.chatText()))
            .build();
        OpenAiCaptioner c = OpenAiCaptioner.builder().baseUrl(slow.baseUrl()).profile(ServerProfile.VLLM)
            .model("m").maxInFlight(8).env(n -> null).build()) {
      List<CaptionRequest> reqs = IntStream.range(0, 8)
          .mapToObj(i -> CaptionRequest.of(TestImages.png(8, 8), "item " + i, SamplingParams.defaults())).toList();
      long t0 = System.nanoTime();
      List<GeneratedText> out = c.captionBatch(reqs);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(out).extracting(GeneratedText::text)
          .containsExactlyElementsOf(IntStream.range(0, 8).mapToObj(i -> "item " + i).toList());
      assertThat(slow.maxConcurrent()).isGreaterThan(1);
      assertThat(ms).as("8 x 300 ms ran concurrently (sequential: 2400 ms)").isLessThan(2000);
      assertThat(slow.schemaViolations()).isEmpty();
    }
  }

  @Test
  void apiKeyIsSentAsBearerTokenAndReadFromTheConfiguredEnvVariable() {
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).apiKeyEnv("MY_KEY")
        .env(n -> n.equals("MY_KEY") ? "sk-from-env" : null).build()) {
      c.caption(CaptionRequest.of(TestImages.png(8, 8), "x", SamplingParams.defaults()));
    }
    assertThat(server.requests().get(0).header("authorization")).isEqualTo("Bearer sk-from-env");
  }

  @Test
  void noKeyMeansNoAuthorizationHeaderForSelfHostedServers() {
    try (OpenAiCaptioner c = client(ServerProfile.VLLM).build()) {
      c.caption(CaptionRequest.of(TestImages.png(8, 8), "x", SamplingParams.defaults()));
    }
    assertThat(server.requests().get(0).header("authorization")).isNull();
  }

  @Test
  void openAiProfileWithoutKeyIsAConfigurationErrorNamingTheVariable() {
    assertThatThrownBy(() -> OpenAiCaptioner.builder().profile(ServerProfile.OPENAI).model("gpt-4o")
        .env(n -> null).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void captionerWithoutModelIsAConfigurationError() {
    assertThatThrownBy(() -> OpenAiCaptioner.builder().baseUrl(server.baseUrl()).profile(ServerProfile.VLLM).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a model id");
  }

  @Test
  void selfHostedProfileWithoutBaseUrlIsAConfigurationError() {
    assertThatThrownBy(() -> OpenAiCaptioner.builder().profile(ServerProfile.VLLM).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a base URL");
    assertThatThrownBy(() -> OpenAiCaptioner.builder().baseUrl("ftp://x/v1").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("http(s)");
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static byte[] dataUrlBytes(JsonNode imagePart) {
    String url = imagePart.get("image_url").get("url").asText();
    return Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
  }
}
