package dev.paracosm.models.openai.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Collects a response body into memory with two limits: a size cap (checked against
 * {@code Content-Length} first, then while reading) and an idle timeout between body chunks (a
 * server that stalls or drips slower than the read timeout fails instead of hanging).
 */
public final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

  /** The body exceeded the configured size cap. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final long maxBytes;
  private final long idleNanos;
  private final ScheduledExecutorService watchdog;
  private volatile long lastActivity = System.nanoTime();
  private volatile Flow.Subscription subscription;
  private volatile ScheduledFuture<?> timer;

  /**
   * @param maxBytes size cap
   * @param idle maximum time between body chunks
   * @param watchdog scheduler for the idle check
   * @param declaredLength the {@code Content-Length}, or -1
   */
  public LimitedBodySubscriber(long maxBytes, Duration idle, ScheduledExecutorService watchdog, long declaredLength) {
    this.maxBytes = maxBytes;
    this.idleNanos = idle.toNanos();
    this.watchdog = watchdog;
    if (declaredLength > maxBytes) {
      result.completeExceptionally(new TooLargeException("the response declares Content-Length " + declaredLength
          + " bytes, over the limit of " + maxBytes + " bytes"));
    }
  }

  /**
   * @param maxBytes size cap
   * @param idle idle timeout
   * @param watchdog scheduler
   * @return a body handler creating one subscriber per response
   */
  public static HttpResponse.BodyHandler<byte[]> handler(long maxBytes, Duration idle, ScheduledExecutorService watchdog) {
    return info -> new LimitedBodySubscriber(maxBytes, idle, watchdog,
        info.headers().firstValueAsLong("content-length").orElse(-1));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
      return;
    }
    lastActivity = System.nanoTime();
    schedule(idleNanos);
    s.request(Long.MAX_VALUE);
  }

  private void schedule(long delayNanos) {
    try {
      timer = watchdog.schedule(this::checkIdle, Math.max(delayNanos, 1_000_000), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      fail(new IOException("client closed"));
    }
  }

  private void checkIdle() {
    if (result.isDone()) {
      return;
    }
    long idle = System.nanoTime() - lastActivity;
    if (idle >= idleNanos) {
      fail(new HttpTimeoutException("no response body data for " + Duration.ofNanos(idle).toMillis()
          + " ms (read timeout " + Duration.ofNanos(idleNanos).toMillis() + " ms)"));
    } else {
      schedule(idleNanos - idle);
    }
  }

  private void fail(Throwable t) {
    if (result.completeExceptionally(t)) {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    lastActivity = System.nanoTime();
    if (result.isDone()) {
      return;
    }
    synchronized (buffer) {
      for (ByteBuffer b : items) {
        int n = b.remaining();
        if ((long) buffer.size() + n > maxBytes) {
          fail(new TooLargeException("the response body exceeds the limit of " + maxBytes + " bytes"));
          return;
        }
        byte[] chunk = new byte[n];
        b.get(chunk);
        buffer.writeBytes(chunk);
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    cancelTimer();
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    cancelTimer();
    synchronized (buffer) {
      result.complete(buffer.toByteArray());
    }
  }

  private void cancelTimer() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }
}
