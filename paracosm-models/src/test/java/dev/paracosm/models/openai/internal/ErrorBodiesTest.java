package dev.paracosm.models.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.models.openai.internal.ErrorBodies.ParsedError;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One test per error body shape of serving spec §7.1. */
@Timeout(10)
class ErrorBodiesTest {
  private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (a, b) -> true);

  private static ParsedError parse(int status, String body) {
    return ErrorBodies.parse(status, NONE, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void openAiNestedErrorObject() {
    ParsedError e = parse(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
        + "\"code\":\"rate_limit_exceeded\"}}");
    assertThat(e).isEqualTo(new ParsedError("requests", "rate_limit_exceeded", "Rate limit reached", null));
    assertThat(e.isQuota()).isFalse();
  }

  @Test
  void vllmAndLlamaCppIntegerCode() {
    ParsedError e = parse(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}");
    assertThat(e).isEqualTo(new ParsedError("unavailable_error", "503", "Loading model", null));
  }

  @Test
  void fastChatFlatObjectError() {
    ParsedError e = parse(400, "{\"object\":\"error\",\"message\":\"max_tokens too large\",\"type\":\"BadRequestError\","
        + "\"param\":null,\"code\":400}");
    assertThat(e).isEqualTo(new ParsedError("BadRequestError", "400", "max_tokens too large", null));
  }

  @Test
  void fastApiDetailString() {
    assertThat(parse(503, "{\"detail\":\"Diffusion engine not initialized\"}"))
        .isEqualTo(new ParsedError(null, null, "Diffusion engine not initialized", null));
  }

  @Test
  void fastApiDetailValidationList() {
    ParsedError e = parse(422, "{\"detail\":[{\"loc\":[\"body\",\"image\"],\"msg\":\"Field required\",\"type\":\"missing\"},"
        + "{\"loc\":[\"body\",\"n\"],\"msg\":\"must be >= 1\",\"type\":\"value_error\"}]}");
    assertThat(e).isEqualTo(new ParsedError("missing", null, "body.image: Field required; body.n: must be >= 1", null));
  }

  @Test
  void tgiErrorStringWithErrorType() {
    assertThat(parse(429, "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}"))
        .isEqualTo(new ParsedError("overloaded", null, "Model is overloaded", null));
  }

  @Test
  void comfyUiErrorWithNodeErrors() {
    ParsedError e = parse(400, "{\"error\":{\"type\":\"prompt_outputs_failed_validation\",\"message\":\"Prompt outputs"
        + " failed validation\",\"details\":\"KSampler\",\"extra_info\":{}},\"node_errors\":{\"3\":{\"errors\":[]}}}");
    assertThat(e.type()).isEqualTo("prompt_outputs_failed_validation");
    assertThat(e.message()).isEqualTo("Prompt outputs failed validation: KSampler; node_errors={\"3\":{\"errors\":[]}}");
  }

  @Test
  void a1111ErrorWithDetailAndErrors() {
    assertThat(parse(422, "{\"error\":\"HTTPException\",\"detail\":\"Invalid encoded image\",\"body\":\"\",\"errors\":\"\"}")
        .message()).isEqualTo("HTTPException: Invalid encoded image");
  }

  @Test
  void dashScopeFlatCodeMessageRequestId() {
    assertThat(parse(400, "{\"code\":\"InvalidParameter\",\"message\":\"size is invalid\",\"request_id\":\"abc-1\"}"))
        .isEqualTo(new ParsedError(null, "InvalidParameter", "size is invalid", "abc-1"));
  }

  @Test
  void htmlFromAProxyBecomesItsText() {
    assertThat(parse(502, "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
        + "<hr>nginx</body></html>").message()).isEqualTo("502 Bad Gateway 502 Bad Gateway nginx");
  }

  @Test
  void emptyBody() {
    assertThat(parse(504, "").message()).isEqualTo("(empty body)");
  }

  @Test
  void requestIdHeaderWinsOverBody() {
    HttpHeaders h = HttpHeaders.of(Map.of("x-request-id", List.of("req_9")), (a, b) -> true);
    ParsedError e = ErrorBodies.parse(400, h, "{\"code\":\"X\",\"message\":\"m\",\"request_id\":\"body-id\"}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(e.requestId()).isEqualTo("req_9");
  }

  @Test
  void quotaErrorsAreRecognisedByCodeTypeOrMessage() {
    assertThat(parse(429, "{\"error\":{\"message\":\"x\",\"type\":\"insufficient_quota\",\"code\":null}}").isQuota()).isTrue();
    assertThat(parse(429, "{\"error\":{\"message\":\"x\",\"type\":\"billing\",\"code\":\"credit_balance_exhausted\"}}")
        .isQuota()).isTrue();
    assertThat(parse(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"x\"}}").isQuota()).isTrue();
    assertThat(parse(429, "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}").isQuota()).isFalse();
  }

  @Test
  void longMessagesAreShortened() {
    String m = parse(500, "{\"detail\":\"" + "x".repeat(2000) + "\"}").message();
    assertThat(m).hasSizeLessThan(600).endsWith("... (2000 chars)");
  }
}
