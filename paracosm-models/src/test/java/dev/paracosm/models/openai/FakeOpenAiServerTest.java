package dev.paracosm.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.models.openai.FakeOpenAiServer.Reply;
import dev.paracosm.models.openai.internal.Multipart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test server itself: its schema validation must catch bad requests, or the client tests prove nothing. */
@Timeout(30)
class FakeOpenAiServerTest {
  private final FakeOpenAiServer server = FakeOpenAiServer.builder().build();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void close() {
    server.close();
  }

  private HttpResponse<String> postJson(String op, String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + op)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void validChatRequestIsAnswered() throws Exception {
    HttpResponse<String> r = postJson(FakeOpenAiServer.CHAT,
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"content\":\"a photo of a test object\"");
    assertThat(r.headers().firstValue("x-request-id")).contains("req_1");
    assertThat(server.schemaViolations()).isEmpty();
  }

  @Test
  void chatRequestViolatingTheSchemaIsRejectedAndRecorded() throws Exception {
    HttpResponse<String> r = postJson(FakeOpenAiServer.CHAT, "{\"model\":\"m\",\"messages\":[],\"temperature\":\"hot\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(server.schemaViolations()).hasSizeGreaterThanOrEqualTo(2)
        .anyMatch(v -> v.contains("messages")).anyMatch(v -> v.contains("temperature"));
  }

  @Test
  void imagePartWithoutUrlIsAViolation() throws Exception {
    postJson(FakeOpenAiServer.CHAT, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"image_url\",\"image_url\":{}}]}]}");
    assertThat(server.schemaViolations()).isNotEmpty();
  }

  @Test
  void imageRequestWithoutPromptIsAViolation() throws Exception {
    postJson(FakeOpenAiServer.GENERATIONS, "{\"n\":1}");
    assertThat(server.schemaViolations()).anyMatch(v -> v.contains("prompt"));
  }

  @Test
  void multipartFieldsAreParsedAndTypedBeforeValidation() throws Exception {
    Multipart mp = new Multipart().file("image", "a.png", "image/png", FakeOpenAiServer.png(8, 8, java.awt.Color.RED))
        .field("prompt", "make it red").field("n", "one");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + FakeOpenAiServer.EDITS))
        .header("Content-Type", mp.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(mp.toBytes())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(server.schemaViolations()).singleElement().asString().contains("/n");
    FakeOpenAiServer.RecordedRequest req = server.requests().get(0);
    assertThat(req.field("prompt")).isEqualTo("make it red");
    assertThat(req.files().get("image").get(0).filename()).isEqualTo("a.png");
  }

  @Test
  void multipartWithoutTheRequiredImageIsAViolation() throws Exception {
    Multipart mp = new Multipart().field("prompt", "make it red");
    http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + FakeOpenAiServer.EDITS))
        .header("Content-Type", mp.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(mp.toBytes())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(server.schemaViolations()).anyMatch(v -> v.contains("image"));
  }

  @Test
  void rejectingServerRefusesFieldsTheSchemaDoesNotDefine() throws Exception {
    try (FakeOpenAiServer strict = FakeOpenAiServer.builder().rejectUnknownFields(true).build()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(strict.baseUrl() + FakeOpenAiServer.CHAT))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"m\",\"top_k\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("Unrecognized request argument supplied: top_k");
      assertThat(strict.schemaViolations()).isEmpty();
    }
  }

  @Test
  void queuedRepliesComeBeforeTheDefaultPerOperationFirst() throws Exception {
    server.enqueue(Reply.overloaded());
    server.enqueue(FakeOpenAiServer.GENERATIONS, Reply.serverError());
    String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(postJson(FakeOpenAiServer.GENERATIONS, "{\"prompt\":\"x\"}").statusCode()).isEqualTo(500);
    assertThat(postJson(FakeOpenAiServer.CHAT, chat).statusCode()).isEqualTo(503);
    assertThat(postJson(FakeOpenAiServer.CHAT, chat).statusCode()).isEqualTo(200);
  }

  @Test
  void failingResponderIsA500AndAViolation() throws Exception {
    try (FakeOpenAiServer broken = FakeOpenAiServer.builder().responder(r -> {
      throw new IllegalStateException("boom");
    }).build()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(broken.baseUrl() + FakeOpenAiServer.GENERATIONS))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(broken.schemaViolations()).singleElement().asString().contains("boom");
    }
  }

  @Test
  void connectionResetReachesTheClientAsAnIoError() {
    server.enqueue(Reply.connectionReset());
    assertThatThrownBy(() -> postJson(FakeOpenAiServer.CHAT,
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).isInstanceOf(IOException.class);
  }

  @Test
  void defaultImageHasTheRequestedSizeAndDependsOnThePrompt() throws Exception {
    String a = postJson(FakeOpenAiServer.GENERATIONS, "{\"prompt\":\"a\",\"size\":\"40x20\"}").body();
    String b = postJson(FakeOpenAiServer.GENERATIONS, "{\"prompt\":\"b\",\"size\":\"40x20\"}").body();
    assertThat(a).isNotEqualTo(b);
    byte[] png = java.util.Base64.getDecoder().decode(new com.fasterxml.jackson.databind.ObjectMapper().readTree(a)
        .get("data").get(0).get("b64_json").asText());
    assertThat(dev.paracosm.models.openai.internal.ImageCodec.headerSize(png)).containsExactly(40, 20);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }
}
