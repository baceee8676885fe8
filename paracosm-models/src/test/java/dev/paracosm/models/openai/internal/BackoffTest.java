package dev.paracosm.models.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BackoffTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T15:00:00Z"), ZoneOffset.UTC);

  @Test
  void ceilingDoublesPerRetryUpToTheCap() {
    Backoff max = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 1.0);
    assertThat(List.of(max.delay(0, null), max.delay(1, null), max.delay(2, null), max.delay(3, null), max.delay(4, null)))
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
            Duration.ofMillis(1000));
  }

  @Property
  void fullJitterStaysWithinZeroAndTheCeiling(@ForAll @DoubleRange(min = 0, max = 0.99) double u,
      @ForAll @IntRange(min = 0, max = 80) int retry) {
    Duration d = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> u).delay(retry, null);
    long ceiling = Math.min(60_000L, 1000L * (1L << Math.min(retry, 20)));
    assertThat(d.toMillis()).isBetween(0L, ceiling);
  }

  @Property
  void neverShorterThanRetryAfter(@ForAll @DoubleRange(min = 0, max = 0.99) double u,
      @ForAll @IntRange(min = 0, max = 10) int retry, @ForAll @IntRange(min = 0, max = 120) int retryAfterSeconds) {
    Duration d = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> u)
        .delay(retry, Duration.ofSeconds(retryAfterSeconds));
    assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfterSeconds));
  }

  @Test
  void retryAfterSecondsAndDecimalSeconds() {
    assertThat(Backoff.parseRetryAfter("30", CLOCK)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Backoff.parseRetryAfter(" 1.5 ", CLOCK)).isEqualTo(Duration.ofMillis(1500));
    assertThat(Backoff.parseRetryAfter("-3", CLOCK)).isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfterHttpDate() {
    assertThat(Backoff.parseRetryAfter("Thu, 03 Dec 2026 15:00:45 GMT", CLOCK)).isEqualTo(Duration.ofSeconds(45));
    assertThat(Backoff.parseRetryAfter("Thu, 03 Dec 2026 14:00:00 GMT", CLOCK)).as("past date").isEqualTo(Duration.ZERO);
  }

  @Test
  void unparsableRetryAfterIsIgnored() {
    assertThat(Backoff.parseRetryAfter("soon", CLOCK)).isNull();
  }

  @Test
  void retryAfterMsHeaderTakesPrecedence() {
    HttpHeaders h = HttpHeaders.of(Map.of("retry-after-ms", List.of("250"), "retry-after", List.of("5")), (a, b) -> true);
    assertThat(Backoff.retryAfter(h, CLOCK)).isEqualTo(Duration.ofMillis(250));
    HttpHeaders only = HttpHeaders.of(Map.of("retry-after", List.of("5")), (a, b) -> true);
    assertThat(Backoff.retryAfter(only, CLOCK)).isEqualTo(Duration.ofSeconds(5));
  }
}
