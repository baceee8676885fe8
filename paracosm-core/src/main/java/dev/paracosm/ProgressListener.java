package dev.paracosm;

/** Receives {@link ProgressEvent}s; called from worker threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores every event. */
  ProgressListener NONE = e -> {};

  /** @param event the event */
  void onEvent(ProgressEvent event);
}
