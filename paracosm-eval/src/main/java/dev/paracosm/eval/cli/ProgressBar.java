package dev.paracosm.eval.cli;

import dev.paracosm.ProgressEvent;
import dev.paracosm.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Renders {@link ProgressEvent}s on a terminal as a one-line bar redrawn in place, e.g. {@code
 * [#####.....] 120/400 items, 2 failed, ETA 1m20s}; when not attached to a terminal, as plain lines
 * at most every {@code interval} (and at start and finish), so logs stay readable.
 */
final class ProgressBar implements ProgressListener {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private final String label;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long startNanos = -1;
  private long lastPrint = Long.MIN_VALUE;
  private boolean dirty;

  ProgressBar(PrintWriter out, boolean terminal, String label, long intervalMillis, LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.clock = clock;
  }

  @Override
  public synchronized void onEvent(ProgressEvent e) {
    long now = clock.getAsLong();
    if (startNanos < 0 || e.kind() == ProgressEvent.Kind.STARTED) {
      startNanos = now;
    }
    boolean finished = e.kind() == ProgressEvent.Kind.FINISHED;
    String line = render(e, now);
    if (terminal) {
      out.print("\r\u001b[K" + line);
      if (finished) {
        out.println();
      }
      dirty = !finished;
      out.flush();
      return;
    }
    if (finished || e.kind() == ProgressEvent.Kind.STARTED || e.kind() == ProgressEvent.Kind.ITEM_FAILED
        || now - lastPrint >= intervalNanos) {
      out.println(line + (e.kind() == ProgressEvent.Kind.ITEM_FAILED && e.message() != null
          ? " (" + e.itemId() + ": " + e.message() + ")" : ""));
      out.flush();
      lastPrint = now;
    }
  }

  /** Ends a bar left open by an exception. */
  synchronized void close() {
    if (terminal && dirty) {
      out.println();
      out.flush();
    }
  }

  String render(ProgressEvent e, long now) {
    int total = Math.max(0, e.total());
    int done = Math.min(Math.max(0, e.done()), Math.max(total, e.done()));
    int filled = total == 0 ? 0 : (int) Math.round((double) WIDTH * done / total);
    StringBuilder sb = new StringBuilder();
    sb.append(label).append(" [").append("#".repeat(Math.min(WIDTH, filled)))
        .append(".".repeat(Math.max(0, WIDTH - filled))).append("] ").append(done).append('/').append(total)
        .append(" items");
    if (e.failed() > 0) {
      sb.append(", ").append(e.failed()).append(" failed");
    }
    if (e.kind() == ProgressEvent.Kind.FINISHED) {
      sb.append(", done in ").append(duration((now - startNanos) / 1_000_000_000L));
    } else if (done > 0 && total > done) {
      double perItem = (double) (now - startNanos) / done;
      sb.append(", ETA ").append(duration(Math.round(perItem * (total - done) / 1e9)));
    }
    return sb.toString();
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
