package dev.paracosm.models.openai;

import dev.paracosm.GenerationFailedException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The endpoints of one role with a bounded number of requests in flight per endpoint, a bounded
 * wait queue, load balancing and passive health (an endpoint that just failed is avoided while it
 * cools down and another one is free).
 */
final class EndpointPool {

  /** One server base URL with its counters; guarded by the pool lock. */
  static final class Endpoint {
    final URI base;
    final String display;
    final int index;
    int inFlight;
    int consecutiveFailures;
    long coolUntilNanos;
    long started;

    Endpoint(URI base, int index) {
      this.base = base;
      this.display = HttpTransport.sanitize(base);
      this.index = index;
    }

    @Override
    public String toString() {
      return display;
    }
  }

  /** A reserved slot on an endpoint; closing it frees the slot. */
  final class Lease implements AutoCloseable {
    final Endpoint endpoint;
    private boolean closed;

    private Lease(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        if (!closed) {
          closed = true;
          endpoint.inFlight--;
          freed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private final List<Endpoint> endpoints;
  private final int maxInFlight;
  private final int maxQueued;
  private final Duration queueTimeout;
  private final LoadBalancing balancing;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private int waiting;
  private int next;

  EndpointPool(List<URI> bases, int maxInFlight, int maxQueued, Duration queueTimeout, LoadBalancing balancing) {
    List<Endpoint> eps = new ArrayList<>();
    for (int i = 0; i < bases.size(); i++) {
      eps.add(new Endpoint(bases.get(i), i));
    }
    this.endpoints = List.copyOf(eps);
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
    this.queueTimeout = queueTimeout;
    this.balancing = balancing;
  }

  List<Endpoint> endpoints() {
    return endpoints;
  }

  int inFlight(Endpoint e) {
    lock.lock();
    try {
      return e.inFlight;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reserves a slot, preferring endpoints that are not in {@code avoid} and not cooling down.
   *
   * @param avoid endpoints that already failed in this call
   * @return the lease
   * @throws BackpressureException if the queue is full or no slot frees within the queue timeout
   */
  Lease acquire(Set<Endpoint> avoid) {
    lock.lock();
    try {
      Endpoint ep = choose(avoid);
      if (ep != null) {
        return take(ep);
      }
      if (waiting >= maxQueued) {
        throw new BackpressureException("All " + endpoints.size() + " endpoint(s) " + endpoints + " have "
            + maxInFlight + " request(s) in flight and " + waiting + " call(s) are already waiting (maxQueued "
            + maxQueued + "); the call was refused without contacting the server");
      }
      long deadline = System.nanoTime() + queueTimeout.toNanos();
      waiting++;
      try {
        while (true) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            throw new BackpressureException("No free slot on endpoint(s) " + endpoints + " (maxInFlight "
                + maxInFlight + " each) within the queue timeout of " + queueTimeout.toMillis() + " ms");
          }
          freed.await(remaining, TimeUnit.NANOSECONDS);
          ep = choose(avoid);
          if (ep != null) {
            return take(ep);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GenerationFailedException("Interrupted while waiting for a free slot on " + endpoints, e);
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether an endpoint other than {@code avoid} exists that is not cooling down. */
  boolean hasAlternative(Set<Endpoint> avoid) {
    lock.lock();
    try {
      long now = System.nanoTime();
      return endpoints.stream().anyMatch(e -> !avoid.contains(e) && e.coolUntilNanos - now <= 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Passive health: after a failure an endpoint is avoided (while others are free) for the longer of
   * {@code minimum} (the retry delay or Retry-After) and 1 s doubling per consecutive failure, capped
   * at 30 s. It is never excluded: with no alternative it is still used.
   */
  void markFailure(Endpoint e, Duration minimum) {
    lock.lock();
    try {
      e.consecutiveFailures++;
      long backoff = Duration.ofSeconds(1).toNanos() << Math.min(e.consecutiveFailures - 1, 5);
      long cool = Math.max(Math.min(backoff, Duration.ofSeconds(30).toNanos()), Math.max(minimum.toNanos(), 0));
      e.coolUntilNanos = System.nanoTime() + cool;
    } finally {
      lock.unlock();
    }
  }

  void markSuccess(Endpoint e) {
    lock.lock();
    try {
      e.consecutiveFailures = 0;
      e.coolUntilNanos = System.nanoTime();
    } finally {
      lock.unlock();
    }
  }

  private Lease take(Endpoint ep) {
    ep.inFlight++;
    ep.started++;
    return new Lease(ep);
  }

  /** Picks a free endpoint: healthy and not avoided first, then healthy, then not avoided, then any. */
  private Endpoint choose(Set<Endpoint> avoid) {
    long now = System.nanoTime();
    for (int pass = 0; pass < 4; pass++) {
      Endpoint best = null;
      int n = endpoints.size();
      for (int k = 0; k < n; k++) {
        Endpoint e = endpoints.get((next + k) % n);
        if (e.inFlight >= maxInFlight) {
          continue;
        }
        boolean healthy = e.coolUntilNanos - now <= 0;
        boolean fresh = !avoid.contains(e);
        boolean ok = switch (pass) {
          case 0 -> healthy && fresh;
          case 1 -> healthy;
          case 2 -> fresh;
          default -> true;
        };
        if (!ok) {
          continue;
        }
        if (balancing == LoadBalancing.ROUND_ROBIN) {
          best = e;
          break;
        }
        if (best == null || e.inFlight < best.inFlight) {
          best = e;
        }
      }
      if (best != null) {
        next = (best.index + 1) % n;
        return best;
      }
    }
    return null;
  }
}
