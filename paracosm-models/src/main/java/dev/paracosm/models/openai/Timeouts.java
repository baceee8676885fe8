package dev.paracosm.models.openai;

import dev.paracosm.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-role network timeouts of an OpenAI-compatible client.
 *
 * @param connect maximum time to open a TCP connection (serving spec §7.4: 10 s)
 * @param read maximum time to wait for the response headers, and the maximum idle time between two
 *     chunks of the response body (a slowly dripping body that stalls longer fails). Serving spec
 *     §7.4: 120 s for the MLLM, 600 s for diffusion.
 */
public record Timeouts(Duration connect, Duration read) {

  /** Default for captioners (MLLM): connect 10 s, read 120 s. */
  public static final Timeouts CAPTIONER_DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120));
  /** Default for image editors and text-to-image (diffusion): connect 10 s, read 600 s. */
  public static final Timeouts DIFFUSION_DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(600));

  /** Validates both durations are positive. */
  public Timeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
      throw new InvalidInputException("Timeouts must be positive, got connect=" + connect + " read=" + read);
    }
  }

  /**
   * @param connect connect timeout
   * @param read read timeout
   * @return the timeouts
   */
  public static Timeouts of(Duration connect, Duration read) {
    return new Timeouts(connect, read);
  }
}
