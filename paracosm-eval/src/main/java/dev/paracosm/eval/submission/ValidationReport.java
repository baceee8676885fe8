package dev.paracosm.eval.submission;

import dev.paracosm.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Outcome of {@link SubmissionValidator}: every violation found, in file-then-query order.
 *
 * @param source the file (or name) validated
 * @param violations the problems; empty when the submission is valid
 */
public record ValidationReport(String source, List<Violation> violations) {
  /** Copies. */
  public ValidationReport {
    Objects.requireNonNull(source, "source");
    violations = List.copyOf(violations);
  }

  /** @return whether no violation was found */
  public boolean isValid() {
    return violations.isEmpty();
  }

  /**
   * @return this report when valid
   * @throws InvalidInputException listing the violations (the first 20 and a count) otherwise
   */
  public ValidationReport throwIfInvalid() {
    if (!isValid()) {
      throw new InvalidInputException(summary());
    }
    return this;
  }

  /** @return a one-line verdict followed by one line per violation (at most 20) */
  public String summary() {
    if (isValid()) {
      return "Submission " + source + " is valid";
    }
    String lines = violations.stream().limit(20).map(v -> "  - " + v).collect(Collectors.joining("\n"));
    String more = violations.size() > 20 ? "\n  ... and " + (violations.size() - 20) + " more" : "";
    return "Submission " + source + " has " + violations.size() + " violation(s):\n" + lines + more;
  }
}
