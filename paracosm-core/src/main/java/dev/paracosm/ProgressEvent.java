package dev.paracosm;

/**
 * Progress of a long job (indexing, evaluation).
 *
 * @param kind what happened
 * @param itemId the item concerned, or {@code null}
 * @param done items finished so far (including skipped and failed)
 * @param total items in the job
 * @param failed items failed so far
 * @param message a human-readable detail (failure cause, stage name), or {@code null}
 */
public record ProgressEvent(Kind kind, String itemId, int done, int total, int failed, String message) {
  /** Event kinds. */
  public enum Kind {
    /** The job started. */
    STARTED,
    /** An item was processed. */
    ITEM_DONE,
    /** An item was already complete (resumed run) and skipped. */
    ITEM_SKIPPED,
    /** An item failed; the job continues. */
    ITEM_FAILED,
    /** Completed work was committed durably. */
    CHECKPOINT,
    /** The job finished. */
    FINISHED
  }
}
