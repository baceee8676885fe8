package dev.paracosm.models.openai;

import dev.paracosm.GenerationFailedException;
import dev.paracosm.models.openai.internal.Backoff;
import dev.paracosm.models.openai.internal.ErrorBodies;
import dev.paracosm.models.openai.internal.LimitedBodySubscriber;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer shared by the three OpenAI-compatible clients: endpoint pool with in-flight limits,
 * load balancing and failover, retries with jittered exponential backoff honouring
 * {@code Retry-After}, connect/read timeouts, a response size cap, and normalisation of every
 * failure into {@link ServerErrorException}. Never logs or exposes the API key.
 */
final class HttpTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Response headers worth keeping in provenance. */
  static final List<String> PROVENANCE_HEADERS = List.of("x-request-id", "request-id", "openai-model",
      "openai-processing-ms", "openai-version", "openai-organization", "x-ratelimit-remaining-requests",
      "x-ratelimit-remaining-tokens", "server", "date");

  /**
   * Settings of one transport.
   *
   * @param role role name for messages ({@code captioner}, ...)
   * @param endpoints base URLs
   * @param apiKey bearer key or {@code null}; never printed
   * @param timeouts connect/read timeouts
   * @param maxInFlight in-flight requests per endpoint
   * @param maxQueued callers allowed to wait for a slot
   * @param queueTimeout longest wait for a slot
   * @param balancing load balancing
   * @param retry retry policy
   * @param maxResponseBytes response size cap
   * @param random jitter source
   */
  record Config(String role, List<URI> endpoints, String apiKey, Timeouts timeouts, int maxInFlight, int maxQueued,
      Duration queueTimeout, LoadBalancing balancing, RetryPolicy retry, long maxResponseBytes, DoubleSupplier random) {
    @Override
    public String toString() {
      return "Config[role=" + role + ", endpoints=" + endpoints.stream().map(HttpTransport::sanitize).toList()
          + ", apiKey=" + (apiKey == null ? "none" : "***") + ", timeouts=" + timeouts + ", maxInFlight="
          + maxInFlight + ", maxQueued=" + maxQueued + ", queueTimeout=" + queueTimeout + ", balancing=" + balancing
          + ", retry=" + retry + ", maxResponseBytes=" + maxResponseBytes + "]";
    }
  }

  /**
   * A request relative to an endpoint base URL.
   *
   * @param path path appended to the base URL, e.g. {@code /chat/completions}
   * @param contentType body media type
   * @param body body bytes
   */
  record Request(String path, String contentType, byte[] body) {
    String operation() {
      return "POST " + path;
    }
  }

  /**
   * A successful (2xx) response.
   *
   * @param status HTTP status
   * @param headers response headers
   * @param body body bytes
   * @param endpoint base URL of the endpoint that answered (sanitised)
   * @param attempts attempts made
   * @param latency wall time of the call, retries included
   * @param clientRequestId the id this client sent as {@code X-Client-Request-Id}
   * @param requestId the server's request id, or {@code null}
   */
  record Response(int status, HttpHeaders headers, byte[] body, String endpoint, URI endpointBase, int attempts,
      Duration latency, String clientRequestId, String requestId) {

    /** @return relevant response headers for provenance */
    Map<String, String> provenanceHeaders() {
      Map<String, String> out = new LinkedHashMap<>();
      for (String h : PROVENANCE_HEADERS) {
        headers.firstValue(h).ifPresent(v -> out.put(h, v));
      }
      return out;
    }
  }

  private final Config config;
  private final EndpointPool pool;
  private final HttpClient client;
  private final ExecutorService executor;
  private final ScheduledExecutorService watchdog;
  private final Backoff backoff;
  private final Clock clock = Clock.systemUTC();

  HttpTransport(Config config) {
    this.config = config;
    this.pool = new EndpointPool(config.endpoints(), config.maxInFlight(), config.maxQueued(), config.queueTimeout(),
        config.balancing());
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "paracosm-" + config.role() + "-http-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newCachedThreadPool(tf);
    this.watchdog = Executors.newSingleThreadScheduledExecutor(tf);
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.timeouts().connect())
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
    this.backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff(), config.random());
  }

  Config config() {
    return config;
  }

  EndpointPool pool() {
    return pool;
  }

  /**
   * Sends the request with retries and failover.
   *
   * @param request the request
   * @return the 2xx response
   * @throws ServerErrorException when the call failed after the allowed attempts
   * @throws BackpressureException when no slot was available
   */
  Response execute(Request request) {
    long start = System.nanoTime();
    String clientRequestId = UUID.randomUUID().toString();
    Set<EndpointPool.Endpoint> failed = new HashSet<>();
    int attempts = 0;
    int serverErrors500 = 0;
    Duration waited = Duration.ZERO;
    RetryPolicy policy = config.retry();
    while (true) {
      EndpointPool.Endpoint ep;
      Attempt outcome;
      try (EndpointPool.Lease lease = pool.acquire(failed)) {
        ep = lease.endpoint;
        attempts++;
        LOG.debug("{} {} attempt {}/{} (client request id {})", request.operation(), ep, attempts,
            policy.maxAttempts(), clientRequestId);
        outcome = sendOnce(ep, request, clientRequestId);
      }
      if (outcome.response != null && outcome.response.statusCode() / 100 == 2) {
        pool.markSuccess(ep);
        HttpResponse<byte[]> r = outcome.response;
        return new Response(r.statusCode(), r.headers(), r.body(), ep.display, ep.base, attempts,
            Duration.ofNanos(System.nanoTime() - start), clientRequestId, ErrorBodies.requestId(r.headers()));
      }
      ServerErrorException error;
      boolean retryable;
      Duration retryAfter = null;
      if (outcome.response != null) {
        HttpResponse<byte[]> r = outcome.response;
        int status = r.statusCode();
        ErrorBodies.ParsedError pe = ErrorBodies.parse(status, r.headers(), r.body());
        retryAfter = Backoff.retryAfter(r.headers(), clock);
        retryable = switch (status) {
          case 429 -> !pe.isQuota();
          case 502, 503, 504 -> true;
          case 500 -> serverErrors500++ == 0;
          default -> false;
        };
        String msg = redact(pe.message());
        if (status == 413) {
          msg = msg + " (request body of " + request.body().length + " bytes too large for the server or a proxy;"
              + " lower maxImageSide or raise the server's payload limit)";
        } else if (status == 429 && pe.isQuota()) {
          msg = msg + " (quota/billing error: not retried)";
        }
        error = new ServerErrorException(ServerErrorException.Kind.HTTP_STATUS, status, redact(pe.type()),
            redact(pe.code()), msg, pe.requestId(), attempts, ep.display, request.operation(), retryAfter, null);
      } else {
        Throwable t = outcome.failure;
        ServerErrorException.Kind kind;
        if (t instanceof LimitedBodySubscriber.TooLargeException) {
          kind = ServerErrorException.Kind.INVALID_RESPONSE;
          retryable = false;
        } else if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
          kind = ServerErrorException.Kind.CONNECT_FAILED;
          retryable = true;
        } else if (t instanceof HttpTimeoutException) {
          kind = ServerErrorException.Kind.TIMEOUT;
          retryable = true;
        } else {
          kind = ServerErrorException.Kind.CONNECTION_RESET;
          retryable = true;
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        if (kind == ServerErrorException.Kind.TIMEOUT) {
          msg = "no complete response within the read timeout of " + config.timeouts().read().toMillis() + " ms (" + msg + ")";
        } else if (kind == ServerErrorException.Kind.CONNECT_FAILED) {
          msg = "cannot connect within the connect timeout of " + config.timeouts().connect().toMillis() + " ms (" + msg + ")";
        }
        error = new ServerErrorException(kind, 0, null, null, redact(msg), null, attempts, ep.display,
            request.operation(), null, t);
      }
      if (!retryable || attempts >= policy.maxAttempts()) {
        LOG.debug("{} {}: giving up: {}", request.operation(), ep, error.getMessage());
        throw error;
      }
      failed.add(ep);
      Duration delay = backoff.delay(attempts - 1, retryAfter);
      pool.markFailure(ep, delay);
      if (pool.hasAlternative(failed)) {
        delay = Duration.ZERO; // fail over to an endpoint that has not failed in this call
      }
      if (waited.plus(delay).compareTo(policy.retryBudget()) > 0) {
        throw new ServerErrorException(error.kind(), error.status(), error.type().orElse(null), error.code().orElse(null),
            error.serverMessage() + " (next wait of " + delay.toMillis() + " ms"
                + (retryAfter != null ? ", Retry-After " + retryAfter.toMillis() + " ms" : "")
                + " exceeds the retry budget of " + policy.retryBudget().toMillis() + " ms)",
            error.requestId().orElse(null), attempts, ep.display, request.operation(), retryAfter, error.getCause());
      }
      LOG.warn("{} on {} failed (attempt {}/{}): {}; retrying in {} ms", request.operation(), ep, attempts,
          policy.maxAttempts(), error.kind() == ServerErrorException.Kind.HTTP_STATUS
              ? "HTTP " + error.status() + " " + error.serverMessage() : error.serverMessage(), delay.toMillis());
      sleep(delay, request);
      waited = waited.plus(delay);
    }
  }

  /**
   * Fetches an image URL returned by a server (relative URLs resolve against the endpoint). Sends the
   * API key only to the endpoint's own origin.
   *
   * @param endpointBase the endpoint that returned the URL
   * @param url the URL
   * @return the body bytes
   */
  byte[] fetch(URI endpointBase, String url) {
    URI target = endpointBase.resolve(url);
    String op = "GET " + sanitize(target);
    HttpRequest.Builder b = HttpRequest.newBuilder(target).GET().timeout(config.timeouts().read());
    boolean sameOrigin = same(target, endpointBase);
    if (sameOrigin && config.apiKey() != null) {
      b.header("Authorization", "Bearer " + config.apiKey());
    }
    Attempt a = send(b.build());
    if (a.response != null && a.response.statusCode() / 100 == 2) {
      return a.response.body();
    }
    if (a.response != null) {
      ErrorBodies.ParsedError pe = ErrorBodies.parse(a.response.statusCode(), a.response.headers(), a.response.body());
      throw new ServerErrorException(ServerErrorException.Kind.HTTP_STATUS, a.response.statusCode(), pe.type(), pe.code(),
          redact(pe.message()), pe.requestId(), 1, sanitize(endpointBase), op, null, null);
    }
    throw new ServerErrorException(ServerErrorException.Kind.CONNECTION_RESET, 0, null, null,
        redact(String.valueOf(a.failure)), null, 1, sanitize(endpointBase), op, null, a.failure);
  }

  private static boolean same(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private record Attempt(HttpResponse<byte[]> response, Throwable failure) {}

  private Attempt sendOnce(EndpointPool.Endpoint ep, Request request, String clientRequestId) {
    URI uri = URI.create(ep.base.toString() + request.path());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(config.timeouts().read())
        .header("Content-Type", request.contentType())
        .header("Accept", "application/json")
        .header("X-Client-Request-Id", clientRequestId)
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    if (config.apiKey() != null) {
      b.header("Authorization", "Bearer " + config.apiKey());
    }
    return send(b.build());
  }

  private Attempt send(HttpRequest req) {
    CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(req,
        LimitedBodySubscriber.handler(config.maxResponseBytes(), config.timeouts().read(), watchdog));
    try {
      return new Attempt(f.get(), null);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new GenerationFailedException("Interrupted during " + req.method() + " " + sanitize(req.uri()), e);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
        t = t.getCause();
      }
      if (t instanceof IOException) {
        return new Attempt(null, t);
      }
      if (t instanceof RuntimeException || t instanceof Error) {
        return new Attempt(null, new IOException(t.toString(), t));
      }
      return new Attempt(null, new IOException(String.valueOf(t), t));
    }
  }

  private void sleep(Duration d, Request request) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenerationFailedException("Interrupted while waiting to retry " + request.operation(), e);
    }
  }

  /** Removes the API key from any text that could reach a message or a log. */
  String redact(String s) {
    if (s == null || config.apiKey() == null || config.apiKey().length() < 4) {
      return s;
    }
    return s.replace(config.apiKey(), "***");
  }

  /**
   * @param uri a URL
   * @return the URL without user info, query and fragment
   */
  static String sanitize(URI uri) {
    try {
      String path = uri.getPath() == null ? "" : uri.getPath();
      return new URI(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT), null, uri.getHost(),
          uri.getPort(), path, null, null).toString();
    } catch (URISyntaxException e) {
      return "<invalid URL>";
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    executor.shutdownNow();
  }

  /** @return a jitter source backed by {@link ThreadLocalRandom} */
  static DoubleSupplier defaultRandom() {
    return () -> ThreadLocalRandom.current().nextDouble();
  }
}
