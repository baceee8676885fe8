package dev.paracosm.models.openai.internal;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter, floored by the server's {@code Retry-After} (serving spec
 * §7.2).
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param initial backoff base
   * @param max backoff cap
   * @param random uniform source in [0, 1)
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /**
   * @param retryIndex 0 for the first retry
   * @param retryAfter the server's minimum wait, or {@code null}
   * @return {@code max(retryAfter, U * min(max, initial * 2^retryIndex))}
   */
  public Duration delay(int retryIndex, Duration retryAfter) {
    double ceiling = initial.toNanos() * Math.pow(2, Math.min(retryIndex, 62));
    ceiling = Math.min(ceiling, max.toNanos());
    Duration jittered = Duration.ofNanos((long) (random.getAsDouble() * ceiling));
    if (retryAfter != null && retryAfter.compareTo(jittered) > 0) {
      return retryAfter;
    }
    return jittered;
  }

  /**
   * Reads {@code Retry-After} as delta-seconds (integer or decimal) or as an HTTP-date, and the
   * non-standard {@code retry-after-ms} some gateways send.
   *
   * @param headers response headers
   * @param clock clock for HTTP-dates
   * @return the wait, never negative, or {@code null} if absent or unparsable
   */
  public static Duration retryAfter(HttpHeaders headers, Clock clock) {
    var ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        double v = Double.parseDouble(ms.get().trim());
        if (v >= 0 && Double.isFinite(v)) {
          return Duration.ofNanos((long) (v * 1_000_000));
        }
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    return headers.firstValue("retry-after").map(v -> parseRetryAfter(v, clock)).orElse(null);
  }

  /**
   * @param value a {@code Retry-After} value
   * @param clock clock for HTTP-dates
   * @return the wait, never negative, or {@code null} if unparsable
   */
  public static Duration parseRetryAfter(String value, Clock clock) {
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      if (!Double.isFinite(seconds)) {
        return null;
      }
      return seconds <= 0 ? Duration.ZERO : Duration.ofNanos((long) (seconds * 1e9));
    } catch (NumberFormatException notANumber) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
