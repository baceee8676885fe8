package dev.paracosm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.ProgressEvent;
import dev.paracosm.ProgressEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressBarTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final ConsoleProgressBar bar = new ConsoleProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  String drawn() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void barFillsInProportionToItemsDone() {
    assertThat(ConsoleProgressBar.render(0, 40, 0)).isEqualTo("[" + ".".repeat(30) + "]   0%  0/40");
    assertThat(ConsoleProgressBar.render(20, 40, 0)).isEqualTo("[" + "#".repeat(15) + ".".repeat(15) + "]  50%  20/40");
    assertThat(ConsoleProgressBar.render(40, 40, 2)).isEqualTo("[" + "#".repeat(30) + "] 100%  40/40  2 failed");
  }

  @Test
  void emptyJobIsDrawnComplete() {
    assertThat(ConsoleProgressBar.render(0, 0, 0)).startsWith("[" + "#".repeat(30) + "] 100%");
  }

  @Test
  void outOfOrderEventsNeverDrawTheBarBackwards() {
    bar.onEvent(new ProgressEvent(Kind.ITEM_DONE, "b", 2, 4, 0, null));
    bar.onEvent(new ProgressEvent(Kind.ITEM_DONE, "a", 1, 4, 0, null));
    assertThat(drawn()).doesNotContain("1/4").endsWith("2/4");
  }

  @Test
  void failedItemIsNamedOnItsOwnLine() {
    bar.onEvent(new ProgressEvent(Kind.ITEM_FAILED, "broken", 1, 4, 1, "not a decodable image"));
    assertThat(drawn()).contains("failed: broken (not a decodable image)\n").endsWith("1/4  1 failed");
  }

  @Test
  void finishedEventEndsTheLine() {
    bar.onEvent(new ProgressEvent(Kind.ITEM_DONE, "a", 4, 4, 0, null));
    bar.onEvent(new ProgressEvent(Kind.FINISHED, null, 4, 4, 0, null));
    assertThat(drawn()).endsWith("4/4\n");
  }
}
