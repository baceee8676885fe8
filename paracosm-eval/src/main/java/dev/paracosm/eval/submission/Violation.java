package dev.paracosm.eval.submission;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in a submission file.
 *
 * @param queryId the query concerned, empty for file-level problems (size, header, JSON syntax)
 * @param message what is wrong
 */
public record Violation(Optional<String> queryId, String message) {
  /** Validates. */
  public Violation {
    Objects.requireNonNull(queryId, "queryId");
    Objects.requireNonNull(message, "message");
  }

  static Violation file(String message) {
    return new Violation(Optional.empty(), message);
  }

  static Violation query(String queryId, String message) {
    return new Violation(Optional.of(queryId), message);
  }

  @Override
  public String toString() {
    return queryId.map(q -> "query " + q + ": " + message).orElse(message);
  }
}
