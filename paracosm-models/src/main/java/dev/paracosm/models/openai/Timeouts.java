package dev.paracosm.models.openai;

import dev.paracosm.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-role network timeouts of an OpenAI-compatible client.
 *
 * @param connect maximum time to open a TCP connection (serving spec §7.4: 10 s)
 * @param read the longest one attempt may take from sending the request to receiving the complete
 *     response (headers and body); a server that stalls or drips its body slowly fails the attempt
 *     with {@link ServerErrorException.Kind#TIMEOUT}, which is retried. Serving spec §7.4: 120 s for
 *     the MLLM, 600 s for diffusion; it must also cover the server's queueing time.
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
