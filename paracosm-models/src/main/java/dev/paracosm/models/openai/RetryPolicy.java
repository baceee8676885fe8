package dev.paracosm.models.openai;

import dev.paracosm.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * Retry settings of an OpenAI-compatible client (serving spec §7.2).
 *
 * <p>What is retried is fixed by the spec: 429 rate limits (never a quota/billing 429), 502, 503, 504,
 * connection failures, connection resets and read timeouts; a 500 at most once; other statuses never.
 * Before retry {@code n} (0-based) the client waits a random time in {@code [0, min(maxBackoff,
 * initialBackoff * 2^n)]} ("full jitter"), and never less than the server's {@code Retry-After}
 * (seconds or HTTP-date). When another endpoint of the role has not failed in this call, the retry
 * goes there at once instead.
 *
 * @param maxAttempts total attempts per call, including the first (at least 1)
 * @param initialBackoff backoff base
 * @param maxBackoff backoff cap (a server's {@code Retry-After} may exceed it)
 * @param retryBudget the most time one call may spend waiting between attempts; a wait that would
 *     exceed it (e.g. a long {@code Retry-After}) ends the call with the last error
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration retryBudget) {

  /** Spec defaults: 3 attempts, base 1 s, cap 60 s, budget 10 min. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10));

  /** Validates the settings. */
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(retryBudget, "retryBudget");
    if (maxAttempts < 1) {
      throw new InvalidInputException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || retryBudget.isNegative()) {
      throw new InvalidInputException("Backoff durations must not be negative");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new InvalidInputException("maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
    }
  }

  /** @return a policy that never retries */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /**
   * @param maxAttempts total attempts
   * @return a copy with that many attempts
   */
  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, retryBudget);
  }

  /**
   * @param initial backoff base
   * @param max backoff cap
   * @return a copy with these backoffs
   */
  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, retryBudget);
  }

  /**
   * @param budget total waiting budget per call
   * @return a copy with this budget
   */
  public RetryPolicy withRetryBudget(Duration budget) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, budget);
  }
}
