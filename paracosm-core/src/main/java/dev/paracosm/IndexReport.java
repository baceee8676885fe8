package dev.paracosm;

import java.util.Map;

/**
 * Outcome of {@link Paracosm#index}.
 *
 * @param total items in the gallery
 * @param indexed items processed in this run
 * @param skipped items already complete from an earlier run
 * @param failures item id → cause, for items that failed (the rest were indexed)
 */
public record IndexReport(int total, int indexed, int skipped, Map<String, String> failures) {
  /**
   * Copies the failures.
   *
   * @param total see the record description
   * @param indexed see the record description
   * @param skipped see the record description
   * @param failures see the record description
   */
  public IndexReport {
    failures = Map.copyOf(failures);
  }
}
