package dev.paracosm.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.models.openai.FakeOpenAiServer.Reply;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.GeneratedImage;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.SamplingParams;
import dev.paracosm.role.TextToImageRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API key is sent to the server and nowhere else: not in logs (debug included), toString, provenance or errors. */
@Timeout(60)
class ApiKeySecrecyTest {
  private static final String KEY = "sk-paracosm-SECRET-0123456789abcdef";
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofSeconds(5));

  @Test
  void keyNeverAppearsInLogsToStringProvenanceOrErrors() {
    List<String> texts = new ArrayList<>();
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (FakeOpenAiServer good = FakeOpenAiServer.builder().expectApiKey(KEY).build();
        FakeOpenAiServer wrong = FakeOpenAiServer.builder().expectApiKey("sk-other").build()) {
      good.enqueue(Reply.overloaded(), Reply.normal(), Reply.overloaded());
      OpenAiCaptioner.Builder b = OpenAiCaptioner.builder().baseUrl(good.baseUrl()).profile(ServerProfile.OPENAI)
          .model("gpt-4o").apiKey(KEY).retry(FAST);
      texts.add(b.toString());
      try (OpenAiCaptioner c = b.build();
          OpenAiTextToImage t = OpenAiTextToImage.builder().baseUrl(good.baseUrl()).profile(ServerProfile.VLLM_OMNI)
              .env(name -> name.equals("OPENAI_API_KEY") ? KEY : null).retry(FAST).build();
          OpenAiCaptioner w = OpenAiCaptioner.builder().baseUrl(wrong.baseUrl()).profile(ServerProfile.VLLM)
              .model("m").apiKey(KEY).retry(FAST).build()) {
        texts.add(c.toString());
        texts.add(t.toString());
        texts.add(c.settings().toString());
        texts.add(c.settings().transportConfig().toString());
        GeneratedText text = c.caption(CaptionRequest.of(TestImages.png(8, 8), "Describe.",
            SamplingParams.builder().topK(5).build()));
        texts.add(text.provenance().toString());
        GeneratedImage img = t.generate(TextToImageRequest.of("a cat", DiffusionParams.builder().seed(1L).build()));
        texts.add(img.provenance().toString());
        texts.add(img.image().toString());
        assertThatThrownBy(() -> w.caption(CaptionRequest.of(TestImages.png(8, 8), "x", SamplingParams.defaults())))
            .isInstanceOfSatisfying(ServerErrorException.class, e -> {
              texts.add(e.getMessage());
              texts.add(e.serverMessage());
              texts.add(String.valueOf(e.code()));
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.serverMessage()).isEqualTo("Incorrect API key provided: ***.");
            });
      }
      assertThat(good.requests()).allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY));
      assertThat(wrong.requests().get(0).bodyText()).doesNotContain(KEY);
      assertThat(good.schemaViolations()).isEmpty();
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).as("logging was captured at debug level").contains("retrying in").contains("DEBUG");
    assertThat(logs).doesNotContain(KEY);
    assertThat(texts).hasSize(11).allSatisfy(s -> assertThat(s).doesNotContain(KEY));
    assertThat(texts.get(0)).contains("apiKey=***");
  }
}
