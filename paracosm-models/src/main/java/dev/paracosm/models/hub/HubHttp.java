package dev.paracosm.models.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP conversation with a Hugging Face hub: HEAD for file metadata, resumable GET of a file into
 * a partial file, retries with jittered exponential backoff, and redirects followed by hand so that
 * the token only ever goes to the hub's own origin.
 */
final class HubHttp {

  private static final Logger LOG = LoggerFactory.getLogger(HubHttp.class);
  private static final int MAX_REDIRECTS = 10;
  private static final long PROGRESS_STEP_BYTES = 1L << 20;
  private static final long MAX_BACKOFF_MILLIS = 10_000;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

  /** A response status that ends an attempt (4xx, or 5xx after the last retry). */
  static final class StatusException extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient URI uri;

    StatusException(int status, URI uri) {
      super("HTTP " + status + " from " + redact(uri));
      this.status = status;
      this.uri = uri;
    }
  }

  /** The server's Range answer did not continue the partial file; the caller restarts from 0. */
  static final class RangeMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    RangeMismatchException(String message) {
      super(message);
    }
  }

  /**
   * Outcome of a HEAD on a resolve URL.
   *
   * @param status status of the last response
   * @param headers its headers
   * @param redirect the cross-origin location it pointed at (the CDN), or null
   */
  record HeadResult(int status, HttpHeaders headers, URI redirect) {}

  /** Receives download progress (bytes in the partial file so far, expected total or -1). */
  interface Progress {
    void update(long done, long total);
  }

  private final HttpClient client;
  private final URI endpoint;
  private final String token;
  private final int maxAttempts;
  private final Duration retryBackoff;
  private final Duration requestTimeout;
  private final Duration readTimeout;
  private final String userAgent;

  HubHttp(
      HttpClient client,
      URI endpoint,
      String token,
      int maxAttempts,
      Duration retryBackoff,
      Duration requestTimeout,
      Duration readTimeout,
      String userAgent) {
    this.client = client;
    this.endpoint = endpoint;
    this.token = token;
    this.maxAttempts = maxAttempts;
    this.retryBackoff = retryBackoff;
    this.requestTimeout = requestTimeout;
    this.readTimeout = readTimeout;
    this.userAgent = userAgent;
  }

  /**
   * HEAD with retries on network errors, 408, 429 and 5xx. Relative (same-origin) redirects, as
   * for renamed repositories, are followed; a redirect to another origin (the CDN of an LFS file)
   * is returned with its headers, which carry the file's metadata.
   *
   * @throws IOException when every attempt failed on the network
   */
  HeadResult head(URI uri) throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 1; ; attempt++) {
      try {
        HeadResult result = headOnce(uri);
        if (!isRetryable(result.status()) || attempt >= maxAttempts) {
          return result;
        }
        LOG.debug("HEAD {} answered {}; retrying", redact(uri), result.status());
      } catch (IOException e) {
        last = e;
        if (attempt >= maxAttempts) {
          throw last;
        }
        LOG.debug("HEAD {} failed ({}); retrying", redact(uri), describe(e));
      }
      backoff(attempt);
    }
  }

  private HeadResult headOnce(URI start) throws IOException, InterruptedException {
    URI uri = start;
    for (int hop = 0; ; hop++) {
      HttpRequest request =
          request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      URI location = redirectTarget(uri, response);
      if (location == null) {
        return new HeadResult(response.statusCode(), response.headers(), null);
      }
      if (!sameOrigin(location, uri)) {
        return new HeadResult(response.statusCode(), response.headers(), location);
      }
      if (hop >= MAX_REDIRECTS) {
        throw new IOException("Too many redirects from " + redact(start));
      }
      uri = location;
    }
  }

  /**
   * Downloads {@code uri} into {@code partial}, resuming from its current length with {@code
   * Range}. Retries network failures and 408/429/5xx up to the attempt limit; an attempt that made
   * progress resets the count.
   *
   * @param expectedSize expected total size, or -1 if unknown
   * @param digest digest to feed with the whole file's bytes, or null
   * @return the size of the partial file once the server has sent everything
   */
  long download(URI uri, Path partial, long expectedSize, MessageDigest digest, Progress progress)
      throws IOException, InterruptedException {
    Files.createDirectories(partial.getParent());
    DigestState digestState = digest == null ? null : new DigestState(digest);
    int failures = 0;
    while (true) {
      long offset = Files.exists(partial) ? Files.size(partial) : 0;
      if (expectedSize >= 0 && offset > expectedSize) {
        LOG.debug("{} is longer than expected; restarting it", partial);
        truncate(partial);
        offset = 0;
      }
      if (expectedSize >= 0 && offset == expectedSize) {
        if (!Files.exists(partial)) {
          Files.createFile(partial);
        }
        if (digestState != null) {
          digestState.catchUp(partial, offset);
        }
        return offset;
      }
      if (digestState != null) {
        digestState.catchUp(partial, offset);
      }
      try {
        getOnce(uri, partial, offset, expectedSize, digestState, progress);
        return Files.size(partial);
      } catch (RangeMismatchException e) {
        LOG.debug("{}; restarting {} from byte 0", e.getMessage(), partial);
        truncate(partial);
        failures++;
        if (failures >= maxAttempts) {
          throw e;
        }
      } catch (StatusException e) {
        if (e.status == 416) {
          truncate(partial);
        } else if (!isRetryable(e.status)) {
          throw e;
        }
        failures++;
        if (failures >= maxAttempts) {
          throw e;
        }
      } catch (IOException e) {
        long now = Files.exists(partial) ? Files.size(partial) : 0;
        failures = now > offset ? 1 : failures + 1;
        if (failures >= maxAttempts) {
          throw e;
        }
        LOG.info(
            "Download of {} interrupted at {} bytes ({}); resuming", redact(uri), now, describe(e));
      }
      backoff(failures);
    }
  }

  private void getOnce(
      URI start,
      Path partial,
      long offset,
      long expectedSize,
      DigestState digest,
      Progress progress)
      throws IOException, InterruptedException {
    URI uri = start;
    try (FileChannel channel =
        FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int hop = 0; ; hop++) {
        HttpRequest.Builder builder = request(uri).GET();
        if (offset > 0) {
          builder.header("Range", "bytes=" + offset + "-");
        }
        AtomicReference<FileSubscriber> sink = new AtomicReference<>();
        long sentAt = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> future =
            client.sendAsync(
                builder.build(),
                info -> {
                  int status = info.statusCode();
                  if (status != 200 && status != 206) {
                    return BodySubscribers.discarding();
                  }
                  FileSubscriber subscriber =
                      new FileSubscriber(
                          channel, status, info.headers(), offset, expectedSize, digest, progress);
                  sink.set(subscriber);
                  return subscriber;
                });
        HttpResponse<Void> response = await(future, sink, sentAt, uri);
        int status = response.statusCode();
        if (status == 200 || status == 206) {
          return;
        }
        URI location = redirectTarget(uri, response);
        if (location == null) {
          throw new StatusException(status, uri);
        }
        if (hop >= MAX_REDIRECTS) {
          throw new IOException("Too many redirects from " + redact(start));
        }
        uri = location;
      }
    }
  }

  private HttpResponse<Void> await(
      CompletableFuture<HttpResponse<Void>> future,
      AtomicReference<FileSubscriber> sink,
      long sentAt,
      URI uri)
      throws IOException, InterruptedException {
    long timeoutNanos = readTimeout.toNanos();
    long pollMillis = Math.max(10, Math.min(1000, readTimeout.toMillis() / 4));
    try {
      while (true) {
        try {
          return future.get(pollMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          FileSubscriber subscriber = sink.get();
          long lastActivity =
              subscriber == null ? sentAt : Math.max(sentAt, subscriber.lastActivityNanos);
          if (System.nanoTime() - lastActivity > timeoutNanos) {
            abort(future, subscriber);
            throw new HttpTimeoutException(
                "no data for " + readTimeout.toMillis() + " ms from " + redact(uri));
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException("Request to " + redact(uri) + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      abort(future, sink.get());
      throw e;
    }
  }

  private static void abort(CompletableFuture<?> future, FileSubscriber subscriber) {
    if (subscriber != null) {
      subscriber.abort();
    }
    future.cancel(true);
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept-Encoding", "identity")
            .header("User-Agent", userAgent);
    if (token != null && sameOrigin(uri, endpoint)) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static URI redirectTarget(URI uri, HttpResponse<?> response) {
    int status = response.statusCode();
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
      return null;
    }
    return response.headers().firstValue("Location").map(uri::resolve).orElse(null);
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private void backoff(int failures) throws InterruptedException {
    long base = retryBackoff.toMillis();
    long ceiling = Math.min(MAX_BACKOFF_MILLIS, base << Math.min(20, Math.max(0, failures - 1)));
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    if (delay > 0) {
      Thread.sleep(delay);
    }
  }

  private static void truncate(Path partial) throws IOException {
    try (FileChannel channel =
        FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
  }

  /** Class and first non-empty message along the cause chain, e.g. "ConnectException: refused". */
  static String describe(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null && message == null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The URL without its query (CDN URLs carry signatures). */
  static String redact(URI uri) {
    if (uri == null) {
      return "null";
    }
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query) + "?…";
  }

  /** A digest kept in step with the partial file so resumed downloads need no full re-read. */
  static final class DigestState {
    final MessageDigest digest;
    long bytes;

    DigestState(MessageDigest digest) {
      this.digest = digest;
    }

    void catchUp(Path partial, long length) throws IOException {
      if (bytes == length) {
        return;
      }
      digest.reset();
      bytes = 0;
      if (length == 0) {
        return;
      }
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = Files.newInputStream(partial)) {
        while (bytes < length) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - bytes));
          if (n < 0) {
            throw new IOException(partial + " shrank while being hashed");
          }
          digest.update(buffer, 0, n);
          bytes += n;
        }
      }
    }

    void reset() {
      digest.reset();
      bytes = 0;
    }
  }

  /** Writes a 200/206 body into the partial file, feeding the digest and progress. */
  private static final class FileSubscriber implements BodySubscriber<Void> {
    private final CompletableFuture<Void> result = new CompletableFuture<>();
    private final FileChannel channel;
    private final DigestState digest;
    private final Progress progress;
    private final long total;
    private final IOException setupError;
    private volatile Flow.Subscription subscription;
    private volatile boolean aborted;
    volatile long lastActivityNanos = System.nanoTime();
    private long position;
    private long lastReported;

    FileSubscriber(
        FileChannel channel,
        int status,
        HttpHeaders headers,
        long offset,
        long expectedSize,
        DigestState digest,
        Progress progress) {
      this.channel = channel;
      this.digest = digest;
      this.progress = progress;
      this.total = expectedSize;
      IOException error = null;
      try {
        if (status == 200) {
          // A server that ignores Range sends the whole file: start over.
          channel.truncate(0);
          position = 0;
          if (digest != null) {
            digest.reset();
          }
        } else {
          String range = headers.firstValue("Content-Range").orElse("");
          Matcher m = CONTENT_RANGE.matcher(range.trim().toLowerCase(Locale.ROOT));
          if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
            throw new RangeMismatchException(
                "Asked for bytes " + offset + "- but got Content-Range '" + range + "'");
          }
          position = offset;
        }
        channel.position(position);
      } catch (IOException e) {
        error = e;
      }
      this.setupError = error;
      this.lastReported = position;
    }

    void abort() {
      aborted = true;
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(new IOException("aborted"));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (setupError != null) {
        s.cancel();
        result.completeExceptionally(setupError);
      } else if (aborted) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (aborted || result.isDone()) {
        return;
      }
      try {
        for (ByteBuffer buffer : items) {
          if (digest != null) {
            int n = buffer.remaining();
            digest.digest.update(buffer.duplicate());
            digest.bytes += n;
          }
          while (buffer.hasRemaining()) {
            position += channel.write(buffer);
          }
        }
        lastActivityNanos = System.nanoTime();
        if (progress != null && position - lastReported >= PROGRESS_STEP_BYTES) {
          lastReported = position;
          progress.update(position, total);
        }
        subscription.request(1);
      } catch (IOException | RuntimeException e) {
        subscription.cancel();
        result.completeExceptionally(e);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      if (progress != null && !aborted && position != lastReported) {
        progress.update(position, total);
      }
      result.complete(null);
    }

    @Override
    public CompletionStage<Void> getBody() {
      return result;
    }
  }
}
