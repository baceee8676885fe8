package dev.paracosm.models.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.SamplingParams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Settings a profile cannot express, or can express only unverified, are logged as warnings once per client. */
@Timeout(30)
class WarningsTest {

  private static String captureStderr(Runnable r) {
    PrintStream original = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static long warnLinesContaining(String logs, String text) {
    return Arrays.stream(logs.split("\n")).filter(l -> l.contains("WARN") && l.contains(text)).count();
  }

  @Test
  void inexpressibleSamplingSettingIsWarnedOncePerClientAndRecordedOnEveryResult() {
    try (FakeOpenAiServer server = FakeOpenAiServer.builder().build()) {
      GeneratedText[] results = new GeneratedText[2];
      String logs = captureStderr(() -> {
        try (OpenAiCaptioner c = OpenAiCaptioner.builder().baseUrl(server.baseUrl()).profile(ServerProfile.OLLAMA)
            .model("qwen2.5vl:7b").env(n -> null).build()) {
          Supplier<GeneratedText> call = () -> c.caption(CaptionRequest.of(TestImages.png(8, 8), "x",
              SamplingParams.builder().topK(50).temperature(0.1).build()));
          results[0] = call.get();
          results[1] = call.get();
        }
      });
      assertThat(warnLinesContaining(logs, "cannot express top_k=50")).isEqualTo(1);
      assertThat(logs).contains("server profile 'ollama' cannot express top_k=50");
      assertThat(results).allSatisfy(t -> assertThat(t.provenance()).containsEntry("unexpressed", "top_k=50"));
      assertThat(server.schemaViolations()).isEmpty();
    }
  }

  @Test
  void unverifiedEditFieldIsWarnedOnce() {
    try (FakeOpenAiServer server = FakeOpenAiServer.builder().build()) {
      String logs = captureStderr(() -> {
        try (OpenAiImageEditor e = OpenAiImageEditor.builder().baseUrl(server.baseUrl()).profile(ServerProfile.VLLM_OMNI)
            .env(n -> null).build()) {
          for (int i = 0; i < 2; i++) {
            e.edit(EditRequest.of(TestImages.png(16, 16), "make it red",
                DiffusionParams.builder().imageGuidanceScale(3.0).seed(1L).build()));
          }
        }
      });
      assertThat(warnLinesContaining(logs, "'image_guidance_scale' is sent but UNVERIFIED")).isEqualTo(1);
      assertThat(server.schemaViolations()).isEmpty();
    }
  }
}
