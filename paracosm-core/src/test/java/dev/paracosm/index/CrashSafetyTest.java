package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer process (destroyForcibly, i.e. SIGKILL) at several points of its commit loop and
 * checks that the index always opens and holds exactly a prefix of the commits.
 */
@Timeout(300)
class CrashSafetyTest {
  @TempDir Path dir;

  private static Process startWriter(Path dir, Path progress, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        CrashWriterMain.class.getName(), dir.toString(), progress.toString());
    pb.redirectError(log.toFile());
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  private static List<String> lines(Path progress) throws Exception {
    return Files.exists(progress) ? Files.readAllLines(progress, StandardCharsets.UTF_8) : List.of();
  }

  /**
   * Runs a writer until it reported {@code minCommits} commits, kills it a little later and returns
   * the last batch it reported committed.
   */
  private static int runAndKill(Path dir, Path progress, Path log, int minCommits, long extraNanos)
      throws Exception {
    Files.deleteIfExists(progress);
    Process p = startWriter(dir, progress, log);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (lines(progress).size() < minCommits) {
        assertThat(p.isAlive()).as("writer process died early: %s", Files.exists(log) ? Files.readString(log) : "")
            .isTrue();
        assertThat(System.nanoTime()).as("writer too slow").isLessThan(deadline);
        Thread.sleep(1);
      }
      long until = System.nanoTime() + extraNanos;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    List<String> all = lines(progress);
    String lastLine = all.get(all.size() - 1);
    if (!lastLine.matches("committed \\d+")) { // killed mid-write of the progress line
      lastLine = all.get(all.size() - 2);
    }
    return Integer.parseInt(lastLine.substring("committed ".length()));
  }

  private static void assertPrefixOfCommits(Path dir, int lastReported) {
    try (GalleryIndex index = GalleryIndex.openReadOnly(dir)) {
      IndexSnapshot s = index.snapshot();
      assertThat(s.size() % CrashWriterMain.BATCH).as("whole batches only").isZero();
      int batches = s.size() / CrashWriterMain.BATCH;
      // Every reported commit is durable; at most one more (committed but not yet reported) may exist.
      assertThat(batches).isBetween(lastReported + 1, lastReported + 2);
      for (int b = 0; b < batches; b++) {
        for (int j = 0; j < CrashWriterMain.BATCH; j++) {
          String id = CrashWriterMain.id(b, j);
          int row = s.row(id);
          assertThat(row).as(id).isEqualTo(b * CrashWriterMain.BATCH + j);
          assertThat(s.metadata(row)).containsEntry("batch", Integer.toString(b));
          for (String c : List.of("image", "syn_image")) {
            assertThat(s.component(c).row(row)).as("%s %s", id, c)
                .containsExactly(CrashWriterMain.vector(b, j, c));
          }
        }
      }
    }
  }

  @Test
  void anIndexKilledMidCommitLoopAlwaysReopensAsAPrefixOfItsCommits() throws Exception {
    Path index = dir.resolve("index");
    Random rnd = new Random(42);
    int[] stops = {1, 3, 6, 10, 15};
    for (int round = 0; round < stops.length; round++) {
      int last = runAndKill(index, dir.resolve("progress.txt"), dir.resolve("writer-" + round + ".log"), stops[round],
          rnd.nextInt(3_000_000));
      assertPrefixOfCommits(index, last);
    }
    // A new writer cleans what the killed ones left and keeps going from the durable prefix.
    try (GalleryIndex writer = GalleryIndex.open(index, TestVectors.options(CrashWriterMain.DIM))) {
      int size = writer.snapshot().size();
      writer.add(IndexedItem.of("after-crash", "image", new float[CrashWriterMain.DIM]));
      writer.commit();
      assertThat(writer.snapshot().size()).isEqualTo(size + 1);
    }
    File[] leftovers = index.toFile().listFiles((d, name) -> name.endsWith(".tmp"));
    assertThat(leftovers).isEmpty();
  }
}
