package dev.paracosm.examples;

import dev.paracosm.ProgressEvent;
import dev.paracosm.ProgressListener;
import java.io.PrintStream;
import java.util.Objects;

/**
 * A one-line console progress bar for indexing, e.g. {@code [##########..........]  50%  20/40  1
 * failed}. Redraws in place with a carriage return when the line changes (never backwards, although
 * events from worker threads can arrive out of order), names each failed item on a line of its own,
 * and ends the line when the job finishes. Thread-safe (events arrive from worker
 * threads).
 */
public final class ConsoleProgressBar implements ProgressListener {
  /** Characters between the brackets. */
  static final int WIDTH = 30;
  private final PrintStream out;
  private String lastLine = "";
  private int done;
  private int failed;

  /** @param out where to draw, usually {@code System.err} so results on stdout stay clean */
  public ConsoleProgressBar(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    if (event.kind() == ProgressEvent.Kind.ITEM_FAILED) {
      out.print("\r" + " ".repeat(lastLine.length()) + "\r");
      out.println("failed: " + event.itemId() + (event.message() == null ? "" : " (" + event.message() + ")"));
      lastLine = "";
    }
    // Worker threads can deliver events out of order: never draw the bar backwards.
    done = Math.max(done, event.done());
    failed = Math.max(failed, event.failed());
    String line = render(done, event.total(), failed);
    if (!line.equals(lastLine)) {
      out.print("\r" + line);
      lastLine = line;
    }
    if (event.kind() == ProgressEvent.Kind.FINISHED) {
      out.println();
      lastLine = "";
      done = 0;
      failed = 0;
    }
    out.flush();
  }

  /**
   * @param done items finished
   * @param total items in the job
   * @param failed items failed
   * @return the bar line
   */
  static String render(int done, int total, int failed) {
    int filled = total <= 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
    int percent = total <= 0 ? 100 : (int) (100L * Math.min(done, total) / total);
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent) + "  "
        + done + "/" + total + (failed > 0 ? "  " + failed + " failed" : "");
  }
}
