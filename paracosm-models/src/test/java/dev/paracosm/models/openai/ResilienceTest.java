package dev.paracosm.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.models.openai.FakeOpenAiServer.Reply;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.SamplingParams;
import dev.paracosm.role.TextToImageRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ResilienceTest {
  /** Short backoffs: 20 ms base, 100 ms cap; jitter fixed at its maximum so delays are exact. */
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(10));

  private final List<FakeOpenAiServer> servers = new ArrayList<>();

  private FakeOpenAiServer server() {
    return server(FakeOpenAiServer.builder());
  }

  private FakeOpenAiServer server(FakeOpenAiServer.Builder b) {
    FakeOpenAiServer s = b.build();
    servers.add(s);
    return s;
  }

  @AfterEach
  void close() {
    for (FakeOpenAiServer s : servers) {
      assertThat(s.schemaViolations()).isEmpty();
      s.close();
    }
  }

  private static OpenAiCaptioner.Builder captioner(String... urls) {
    return OpenAiCaptioner.builder().baseUrls(List.of(urls)).profile(ServerProfile.VLLM).model("m").retry(FAST)
        .random(() -> 1.0).env(n -> null);
  }

  private static GeneratedText caption(OpenAiCaptioner c) {
    return c.caption(CaptionRequest.of(TestImages.png(8, 8), "Describe.", SamplingParams.defaults()));
  }

  private static ServerErrorException failure(OpenAiCaptioner c) {
    try {
      caption(c);
    } catch (ServerErrorException e) {
      return e;
    }
    throw new AssertionError("expected a ServerErrorException");
  }

  private static long millisOf(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void rateLimitIsRetriedAfterTheRetryAfterSeconds() {
    FakeOpenAiServer s = server().enqueue(Reply.rateLimited("1"));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      GeneratedText[] out = new GeneratedText[1];
      long ms = millisOf(() -> out[0] = caption(c));
      assertThat(ms).isBetween(1000L, 5000L);
      assertThat(out[0].provenance()).containsEntry("attempts", "2");
    }
    assertThat(s.requestCount()).isEqualTo(2);
  }

  @Test
  void retryAfterAsHttpDateIsHonoured() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
    FakeOpenAiServer s = server().enqueue(Reply.overloaded().withHeader("Retry-After", date));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      long ms = millisOf(() -> caption(c));
      assertThat(ms).as("an HTTP-date 2 s ahead (1 s resolution)").isBetween(900L, 5000L);
    }
    assertThat(s.requestCount()).isEqualTo(2);
  }

  @Test
  void quotaRateLimitIsNotRetried() {
    FakeOpenAiServer s = server().enqueue(Reply.quotaExceeded());
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      ServerErrorException e = failure(c);
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.code()).contains("insufficient_quota");
      assertThat(e.requestId()).contains("req_1");
      assertThat(e.serverMessage()).startsWith("You exceeded your current quota");
      assertThat(e.getMessage()).contains("HTTP 429", "insufficient_quota", "not retried", "(request id req_1)",
          "after 1 attempt");
    }
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void overloadIsRetriedWithExponentialBackoffThenSucceeds() {
    FakeOpenAiServer s = server().enqueue(Reply.overloaded(), Reply.json(502, "{\"detail\":\"bad gateway\"}"));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      GeneratedText[] out = new GeneratedText[1];
      long ms = millisOf(() -> out[0] = caption(c));
      assertThat(ms).as("20 ms then 40 ms of backoff").isBetween(60L, 4000L);
      assertThat(out[0].provenance()).containsEntry("attempts", "3");
    }
    List<Long> arrivals = s.requests().stream().map(FakeOpenAiServer.RecordedRequest::receivedNanos).toList();
    assertThat((arrivals.get(1) - arrivals.get(0)) / 1_000_000).isGreaterThanOrEqualTo(20);
    assertThat((arrivals.get(2) - arrivals.get(1)) / 1_000_000).isGreaterThanOrEqualTo(40);
  }

  @Test
  void persistentOverloadFailsAfterMaxAttemptsWithStatusMessageAndRequestId() {
    FakeOpenAiServer s = server().enqueue(Reply.overloaded(), Reply.overloaded(), Reply.overloaded(), Reply.overloaded());
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      ServerErrorException e = failure(c);
      assertThat(e.kind()).isEqualTo(ServerErrorException.Kind.HTTP_STATUS);
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e.serverMessage()).isEqualTo("The server is overloaded");
      assertThat(e.type()).contains("server_error");
      assertThat(e.code()).contains("server_is_overloaded");
      assertThat(e.requestId()).contains("req_3");
      assertThat(e.endpoint()).isEqualTo(s.baseUrl());
      assertThat(e.getMessage()).isEqualTo("POST /chat/completions on " + s.baseUrl() + " failed after 3 attempts:"
          + " HTTP 503 [type=server_error, code=server_is_overloaded]: The server is overloaded (request id req_3)");
    }
    assertThat(s.requestCount()).isEqualTo(3);
  }

  @Test
  void internalServerErrorIsRetriedAtMostOnce() {
    FakeOpenAiServer s = server().enqueue(Reply.serverError(), Reply.serverError(), Reply.serverError());
    try (OpenAiCaptioner c = captioner(s.baseUrl()).retry(FAST.withMaxAttempts(5)).build()) {
      ServerErrorException e = failure(c);
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e.serverMessage()).isEqualTo("CUDA out of memory");
    }
    assertThat(s.requestCount()).isEqualTo(2);
  }

  @Test
  void clientErrorsAreNotRetried() {
    FakeOpenAiServer s = server().enqueue(Reply.json(422,
        "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\",\"type\":\"missing\"}]}"));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      ServerErrorException e = failure(c);
      assertThat(e.status()).isEqualTo(422);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.serverMessage()).isEqualTo("body.prompt: field required");
      assertThat(e.type()).contains("missing");
    }
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void payloadTooLargeSaysHowToShrinkTheRequest() {
    FakeOpenAiServer s = server().enqueue(Reply.raw(413, "text/html",
        "<html><body><h1>413 Request Entity Too Large</h1></body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      ServerErrorException e = failure(c);
      assertThat(e.status()).isEqualTo(413);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.serverMessage()).startsWith("413 Request Entity Too Large (request body of ")
          .contains("lower maxImageSide");
    }
  }

  @Test
  void retryAfterBeyondTheRetryBudgetFailsAtOnce() {
    FakeOpenAiServer s = server().enqueue(Reply.overloaded().withHeader("Retry-After", "30"));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).retry(FAST.withRetryBudget(Duration.ofSeconds(1))).build()) {
      long[] ms = new long[1];
      ServerErrorException[] e = new ServerErrorException[1];
      ms[0] = millisOf(() -> e[0] = failure(c));
      assertThat(ms[0]).isLessThan(1000);
      assertThat(e[0].attempts()).isEqualTo(1);
      assertThat(e[0].retryAfter()).contains(Duration.ofSeconds(30));
      assertThat(e[0].getMessage()).contains("Retry-After 30000 ms", "exceeds the retry budget of 1000 ms");
    }
  }

  @Test
  void malformedJsonIsAnInvalidResponseThatIsNotRetried() {
    FakeOpenAiServer s = server().enqueue(Reply.malformedJson());
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      ServerErrorException e = failure(c);
      assertThat(e.kind()).isEqualTo(ServerErrorException.Kind.INVALID_RESPONSE);
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.requestId()).contains("req_1");
      assertThat(e.getMessage()).contains("invalid response (HTTP 200)", "malformed JSON", "request id req_1");
    }
    assertThat(s.requestCount()).isEqualTo(1);
  }

  private ServerErrorException imageFailure(FakeOpenAiServer s, Reply reply) {
    s.enqueue(reply);
    try (OpenAiTextToImage t = OpenAiTextToImage.builder().baseUrl(s.baseUrl()).profile(ServerProfile.VLLM_OMNI)
        .retry(FAST).random(() -> 1.0).env(n -> null).build()) {
      t.generate(TextToImageRequest.of("a cat", DiffusionParams.builder().seed(1L).build()));
    } catch (ServerErrorException e) {
      assertThat(e.kind()).isEqualTo(ServerErrorException.Kind.INVALID_RESPONSE);
      assertThat(e.attempts()).isEqualTo(1);
      return e;
    }
    throw new AssertionError("expected a ServerErrorException");
  }

  @Test
  void truncatedBase64ImageIsRejected() {
    ServerErrorException e = imageFailure(server(), Reply.truncatedBase64Image());
    assertThat(e.getMessage()).containsAnyOf("not valid base64", "corrupt or truncated");
  }

  @Test
  void bytesThatAreNotAnImageAreRejected() {
    ServerErrorException e = imageFailure(server(), Reply.nonImageBytes());
    assertThat(e.getMessage()).contains("the returned image is unusable: the image is not PNG or JPEG");
  }

  @Test
  void hugeDeclaredImageIsRejectedFromItsHeaderBeforeDecoding() {
    ServerErrorException e = imageFailure(server(), Reply.hugeDeclaredImage(100_000, 100_000));
    assertThat(e.getMessage()).contains("declares 100000x100000 = 10000000000 pixels", "decompression bomb",
        "not decoded");
  }

  @Test
  void responseOverTheSizeCapIsRejected() {
    FakeOpenAiServer s = server().enqueue(Reply.chat("x".repeat(5000)));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).maxResponseBytes(1000).build()) {
      ServerErrorException e = failure(c);
      assertThat(e.kind()).isEqualTo(ServerErrorException.Kind.INVALID_RESPONSE);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.getMessage()).contains("over the limit of 1000 bytes");
    }
  }

  @Test
  void connectionResetIsRetried() {
    FakeOpenAiServer s = server().enqueue(Reply.connectionReset());
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      assertThat(caption(c).provenance()).containsEntry("attempts", "2");
    }
    assertThat(s.requestCount()).isEqualTo(2);
  }

  @Test
  void persistentConnectionResetFailsAfterMaxAttempts() {
    FakeOpenAiServer s = server().enqueue(Reply.connectionReset(), Reply.connectionReset(), Reply.connectionReset());
    try (OpenAiCaptioner c = captioner(s.baseUrl()).build()) {
      ServerErrorException e = failure(c);
      assertThat(e.kind()).isEqualTo(ServerErrorException.Kind.CONNECTION_RESET);
      assertThat(e.status()).isZero();
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e.getMessage()).contains("failed after 3 attempts: connection reset");
    }
  }

  @Test
  void slowDrippingBodyHitsTheReadTimeout() {
    FakeOpenAiServer s = server().enqueue(Reply.chat("a caption").dripping(Duration.ofMillis(400)));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).retry(RetryPolicy.none())
        .timeouts(Timeouts.of(Duration.ofSeconds(2), Duration.ofMillis(150))).build()) {
      long[] ms = new long[1];
      ServerErrorException[] e = new ServerErrorException[1];
      ms[0] = millisOf(() -> e[0] = failure(c));
      assertThat(e[0].kind()).isEqualTo(ServerErrorException.Kind.TIMEOUT);
      assertThat(e[0].getMessage()).contains("timed out", "within the read timeout of 150 ms");
      assertThat(ms[0]).isBetween(140L, 3000L);
    }
  }

  @Test
  void stalledResponseHitsTheReadTimeoutOnEveryAttempt() {
    FakeOpenAiServer s = server().enqueue(Reply.chat("late").delayed(Duration.ofSeconds(10)),
        Reply.chat("late").delayed(Duration.ofSeconds(10)));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).retry(FAST.withMaxAttempts(2))
        .timeouts(Timeouts.of(Duration.ofSeconds(2), Duration.ofMillis(200))).build()) {
      long[] ms = new long[1];
      ServerErrorException[] e = new ServerErrorException[1];
      ms[0] = millisOf(() -> e[0] = failure(c));
      assertThat(e[0].kind()).isEqualTo(ServerErrorException.Kind.TIMEOUT);
      assertThat(e[0].attempts()).isEqualTo(2);
      assertThat(ms[0]).isBetween(400L, 6000L);
    }
  }

  @Test
  void failsOverToTheNextEndpointWithoutWaiting() {
    FakeOpenAiServer a = server().enqueue(Reply.overloaded(), Reply.overloaded());
    FakeOpenAiServer b = server();
    try (OpenAiCaptioner c = captioner(a.baseUrl(), b.baseUrl()).loadBalancing(LoadBalancing.ROUND_ROBIN)
        .retry(FAST.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5))).build()) {
      GeneratedText[] t = new GeneratedText[1];
      long ms = millisOf(() -> t[0] = caption(c));
      assertThat(ms).as("no backoff when another endpoint is available").isLessThan(3000);
      assertThat(t[0].provenance()).containsEntry("attempts", "2").containsEntry("base_url", b.baseUrl());
    }
    assertThat(a.requestCount()).isEqualTo(1);
    assertThat(b.requestCount()).isEqualTo(1);
  }

  @Test
  void unreachableEndpointFailsOverToAHealthyOne() throws IOException {
    int deadPort;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = ss.getLocalPort();
    }
    FakeOpenAiServer b = server();
    try (OpenAiCaptioner c = captioner("http://127.0.0.1:" + deadPort + "/v1", b.baseUrl())
        .loadBalancing(LoadBalancing.ROUND_ROBIN).build()) {
      GeneratedText t = caption(c);
      assertThat(t.provenance()).containsEntry("attempts", "2").containsEntry("base_url", b.baseUrl());
      assertThat(caption(c).provenance()).as("the failed endpoint cools down").containsEntry("attempts", "1");
    }
  }

  @Test
  void unreachableSingleEndpointIsAConnectFailure() throws IOException {
    int deadPort;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = ss.getLocalPort();
    }
    try (OpenAiCaptioner c = captioner("http://127.0.0.1:" + deadPort + "/v1").build()) {
      ServerErrorException e = failure(c);
      assertThat(e.kind()).isEqualTo(ServerErrorException.Kind.CONNECT_FAILED);
      assertThat(e.attempts()).isEqualTo(3);
    }
  }

  @Test
  void roundRobinAlternatesBetweenEndpoints() {
    FakeOpenAiServer a = server();
    FakeOpenAiServer b = server();
    try (OpenAiCaptioner c = captioner(a.baseUrl(), b.baseUrl()).loadBalancing(LoadBalancing.ROUND_ROBIN).build()) {
      for (int i = 0; i < 6; i++) {
        caption(c);
      }
    }
    assertThat(a.requestCount()).isEqualTo(3);
    assertThat(b.requestCount()).isEqualTo(3);
  }

  @Test
  void leastInFlightSpreadsConcurrentCallsAndRespectsPerEndpointBounds() throws Exception {
    FakeOpenAiServer a = server(FakeOpenAiServer.builder().latency(Duration.ofMillis(300)));
    FakeOpenAiServer b = server(FakeOpenAiServer.builder().latency(Duration.ofMillis(300)));
    try (OpenAiCaptioner c = captioner(a.baseUrl(), b.baseUrl()).maxInFlight(2).build()) {
      runConcurrently(8, () -> caption(c));
    }
    assertThat(a.requestCount() + b.requestCount()).isEqualTo(8);
    assertThat(a.requestCount()).as("both endpoints share the load").isBetween(3, 5);
    assertThat(a.maxConcurrent()).isEqualTo(2);
    assertThat(b.maxConcurrent()).isEqualTo(2);
  }

  @Test
  void inFlightBoundIsRespectedUnderLoad() throws Exception {
    FakeOpenAiServer s = server(FakeOpenAiServer.builder().latency(Duration.ofMillis(150)));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).maxInFlight(3).build()) {
      runConcurrently(12, () -> caption(c));
    }
    assertThat(s.requestCount()).isEqualTo(12);
    assertThat(s.maxConcurrent()).isEqualTo(3);
  }

  @Test
  void fullQueueIsBackpressureWithoutContactingTheServer() throws Exception {
    FakeOpenAiServer s = server(FakeOpenAiServer.builder().latency(Duration.ofMillis(800)));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).maxInFlight(1).maxQueued(0).build()) {
      ExecutorService ex = Executors.newSingleThreadExecutor();
      try {
        Future<?> first = ex.submit(() -> caption(c));
        while (s.requestCount() == 0) {
          Thread.sleep(10);
        }
        assertThatThrownBy(() -> caption(c)).isInstanceOf(BackpressureException.class)
            .hasMessageContaining("maxQueued 0");
        first.get();
      } finally {
        ex.shutdownNow();
      }
    }
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void queueTimeoutIsBackpressure() throws Exception {
    FakeOpenAiServer s = server(FakeOpenAiServer.builder().latency(Duration.ofMillis(3000)));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).maxInFlight(1).queueTimeout(Duration.ofMillis(100)).build()) {
      ExecutorService ex = Executors.newSingleThreadExecutor();
      try {
        Future<?> first = ex.submit(() -> caption(c));
        while (s.requestCount() == 0) {
          Thread.sleep(10);
        }
        long ms = millisOf(() -> assertThatThrownBy(() -> caption(c)).isInstanceOf(BackpressureException.class)
            .hasMessageContaining("within the queue timeout of 100 ms"));
        assertThat(ms).isBetween(90L, 2500L);
        first.get();
      } finally {
        ex.shutdownNow();
      }
    }
  }

  @Test
  void interruptDuringBackoffEndsTheCallPromptly() throws Exception {
    FakeOpenAiServer s = server().enqueue(Reply.overloaded().withHeader("Retry-After", "30"));
    try (OpenAiCaptioner c = captioner(s.baseUrl()).retry(FAST.withRetryBudget(Duration.ofMinutes(5))).build()) {
      Throwable[] thrown = new Throwable[1];
      boolean[] interrupted = new boolean[1];
      Thread t = new Thread(() -> {
        try {
          caption(c);
        } catch (RuntimeException e) {
          thrown[0] = e;
          interrupted[0] = Thread.currentThread().isInterrupted();
        }
      });
      t.start();
      while (s.requestCount() == 0) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      long t0 = System.nanoTime();
      t.interrupt();
      t.join(5000);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
      assertThat(thrown[0]).isInstanceOf(dev.paracosm.GenerationFailedException.class)
          .hasMessageContaining("Interrupted while waiting to retry POST /chat/completions");
      assertThat(interrupted[0]).as("the interrupt flag is restored").isTrue();
    }
    assertThat(s.requestCount()).isEqualTo(1);
  }

  private static void runConcurrently(int n, Runnable task) throws Exception {
    ExecutorService ex = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(ex.submit(task));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      ex.shutdownNow();
    }
  }
}
