package dev.paracosm.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.ProgressEvent;
import dev.paracosm.ProgressEvent.Kind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void terminalBarRedrawsOneLineWithCountsFailuresAndEta() {
    StringWriter sw = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(sw), true, "index", 1000, now::get);
    bar.onEvent(new ProgressEvent(Kind.STARTED, null, 0, 400, 0, null));
    now.set(120 * SECOND);
    bar.onEvent(new ProgressEvent(Kind.ITEM_DONE, "x", 120, 400, 2, null));
    String s = sw.toString();
    assertThat(s).doesNotContain("\n");
    assertThat(s).contains("\r\u001b[Kindex [#########.....................] 120/400 items, 2 failed, ETA 4m40s");
  }

  @Test
  void terminalBarEndsItsLineWhenFinished() {
    StringWriter sw = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(sw), true, "index", 1000, now::get);
    bar.onEvent(new ProgressEvent(Kind.STARTED, null, 0, 2, 0, null));
    now.set(3 * SECOND);
    bar.onEvent(new ProgressEvent(Kind.FINISHED, null, 2, 2, 0, null));
    assertThat(sw.toString()).endsWith("2/2 items, done in 3s\n");
  }

  @Test
  void plainModePrintsAtMostOneLinePerIntervalPlusStartFailuresAndFinish() {
    StringWriter sw = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(sw), false, "points", 5000, now::get);
    bar.onEvent(new ProgressEvent(Kind.STARTED, null, 0, 100, 0, null));
    for (int i = 1; i <= 99; i++) {
      now.addAndGet(SECOND / 10);
      bar.onEvent(new ProgressEvent(Kind.ITEM_DONE, "i" + i, i, 100, 0, null));
    }
    bar.onEvent(new ProgressEvent(Kind.ITEM_FAILED, "bad", 100, 100, 1, "boom"));
    bar.onEvent(new ProgressEvent(Kind.FINISHED, null, 100, 100, 1, null));
    String[] lines = sw.toString().split("\n");
    assertThat(sw.toString()).doesNotContain("\r");
    assertThat(lines.length).as("start + ~2 periodic + failure + finish").isBetween(4, 6);
    assertThat(sw.toString()).contains("(bad: boom)").contains("100/100 items, 1 failed, done in");
  }

  @Test
  void durationsAreCompact() {
    assertThat(ProgressBar.duration(59)).isEqualTo("59s");
    assertThat(ProgressBar.duration(80)).isEqualTo("1m20s");
    assertThat(ProgressBar.duration(3725)).isEqualTo("1h02m");
  }
}
