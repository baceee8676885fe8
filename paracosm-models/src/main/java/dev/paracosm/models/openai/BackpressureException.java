package dev.paracosm.models.openai;

import dev.paracosm.GenerationFailedException;

/**
 * The client-side concurrency limit refused a call: every endpoint of the role had its
 * {@code maxInFlight} requests running and the wait queue was full, or no slot became free within
 * the queue timeout (serving spec §7.3). Distinct from {@link ServerErrorException}: the server was
 * not contacted.
 */
public final class BackpressureException extends GenerationFailedException {
  private static final long serialVersionUID = 1L;

  /** @param message what was refused and why, naming the endpoints and limits */
  public BackpressureException(String message) {
    super(message);
  }
}
