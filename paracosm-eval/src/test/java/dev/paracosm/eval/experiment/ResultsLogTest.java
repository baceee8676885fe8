package dev.paracosm.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.FormatCorruptException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ResultsLogTest {

  static ResultRecord record(String key, double r1) {
    return new ResultRecord(key, "exp", "cirr", "val", null, "enc", "paracosm", 0.3, "code", "cirr",
        List.of("t_query"), List.of("image"), null, Map.of(), 50, 4, 0, Map.of("R@1", r1), "t0", "t1",
        Map.of("encoder_id", "enc"), List.of());
  }

  @Test
  void appendedRecordsReadBackEqual(@TempDir Path dir) {
    Path f = dir.resolve("r.jsonl");
    try (ResultsLog log = ResultsLog.open(f)) {
      log.append(record("a", 10));
      log.append(record("b", 20));
    }
    assertThat(ResultsLog.read(f)).containsExactly(record("a", 10), record("b", 20));
  }

  @Test
  void reopeningKnowsTheKeysAlreadyWritten(@TempDir Path dir) {
    Path f = dir.resolve("r.jsonl");
    try (ResultsLog log = ResultsLog.open(f)) {
      log.append(record("a", 10));
    }
    try (ResultsLog log = ResultsLog.open(f)) {
      assertThat(log.contains("a")).isTrue();
      assertThat(log.contains("b")).isFalse();
    }
  }

  @Test
  void aTornLastLineIsCutOffAndTheNextAppendStartsOnAFreshLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("r.jsonl");
    try (ResultsLog log = ResultsLog.open(f)) {
      log.append(record("a", 10));
    }
    String full = ResultsLog.JSON.writeValueAsString(record("b", 20));
    Files.writeString(f, full.substring(0, full.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThat(ResultsLog.read(f)).as("readers ignore the torn line").containsExactly(record("a", 10));
    try (ResultsLog log = ResultsLog.open(f)) {
      assertThat(log.contains("b")).isFalse();
      log.append(record("c", 30));
    }
    assertThat(ResultsLog.read(f)).containsExactly(record("a", 10), record("c", 30));
    assertThat(Files.readAllLines(f)).hasSize(2);
  }

  @Test
  void aCorruptLineInTheMiddleIsAFormatErrorNamingTheLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("r.jsonl");
    Files.writeString(f, ResultsLog.JSON.writeValueAsString(record("a", 1)) + "\n{oops\n"
        + ResultsLog.JSON.writeValueAsString(record("b", 2)) + "\n");
    assertThatThrownBy(() -> ResultsLog.read(f)).isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("line 2").hasMessageContaining(f.toString());
  }
}
