package dev.paracosm.eval.metrics;

import dev.paracosm.InvalidInputException;
import java.util.Locale;

/**
 * Rankings handed to {@link CirMetrics} cannot be scored; {@link #reason()} says why in a
 * machine-readable way and the message names the query and id.
 */
public class InvalidRankingException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** Why rankings were rejected. */
  public enum Reason {
    /** A query of the benchmark has no ranking. */
    MISSING_QUERY,
    /** A ranking is keyed by an id that is not a query of the benchmark. */
    UNKNOWN_QUERY,
    /** A ranking lists the same id twice (CIRCO: the official evaluation rejects the submission). */
    DUPLICATE_PREDICTIONS,
    /** A ranking lists an id that is not a candidate of the query. */
    UNKNOWN_ID,
    /** An id is not in the benchmark's id format (CIRCO ids are integers). */
    INVALID_ID,
    /** A truncated ranking is too short to decide a metric. */
    RANKING_TOO_SHORT,
    /** The split has no ground truth (a test split): write a submission instead. */
    NO_GROUND_TRUTH;

    /** @return the lowercase code, e.g. {@code duplicate_predictions} */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why the rankings were rejected. */
  private final Reason reason;

  /**
   * @param reason why
   * @param message what went wrong, naming the query and id
   */
  public InvalidRankingException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** @return why the rankings were rejected */
  public Reason reason() {
    return reason;
  }
}
