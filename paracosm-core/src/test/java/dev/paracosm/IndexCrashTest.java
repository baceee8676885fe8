package dev.paracosm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.index.GalleryIndex;
import dev.paracosm.index.IndexSnapshot;
import dev.paracosm.testkit.DeterministicGenerators.TestCaptioner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that is indexing with slow roles at several points, resumes, and checks that
 * the final index equals an uninterrupted run and that finished generations were reused.
 */
class IndexCrashTest {
  static final int ITEMS = 24;
  static final long DELAY_MS = 40;

  @TempDir Path tmp;

  @Test
  @Timeout(240)
  void killedIndexingResumesToTheSameIndexWithoutRedoingFinishedWork() throws Exception {
    Path crashed = tmp.resolve("crashed");
    for (int killAfter : new int[] {2, 7, 13}) {
      runChildAndKill(crashed, killAfter);
    }
    TestCaptioner resumeCaptioner = new TestCaptioner(0);
    IndexReport resumed;
    try (Paracosm p = CrashIndexMain.pipeline(crashed, 0, resumeCaptioner)) {
      resumed = p.index(CrashIndexMain.gallery(ITEMS), ProgressListener.NONE);
    }
    assertThat(resumed.failures()).isEmpty();
    assertThat(resumed.indexed() + resumed.skipped()).isEqualTo(ITEMS);
    // at least 13 items had finished their generations before the last kill: those artifacts are reused
    assertThat(resumeCaptioner.calls()).as("captions regenerated on resume").isLessThanOrEqualTo(ITEMS - 13);

    Path reference = tmp.resolve("reference");
    try (Paracosm p = CrashIndexMain.pipeline(reference, 0, new TestCaptioner(0))) {
      p.index(CrashIndexMain.gallery(ITEMS), ProgressListener.NONE);
    }
    try (GalleryIndex a = GalleryIndex.openReadOnly(crashed); GalleryIndex b = GalleryIndex.openReadOnly(reference)) {
      IndexSnapshot sa = a.snapshot();
      IndexSnapshot sb = b.snapshot();
      assertThat(sa.size()).isEqualTo(ITEMS).isEqualTo(sb.size());
      for (int row = 0; row < sb.size(); row++) {
        String id = sb.id(row);
        int other = sa.row(id);
        assertThat(other).as(id).isGreaterThanOrEqualTo(0);
        assertThat(sa.metadata(other)).isEqualTo(sb.metadata(row));
        for (GalleryComponent c : List.of(GalleryComponent.IMAGE, GalleryComponent.SYN_IMAGE,
            GalleryComponent.T_DETAILED)) {
          assertThat(sa.component(c.id()).row(other)).as(id + "/" + c.id())
              .containsExactly(sb.component(c.id()).row(row));
        }
      }
    }
  }

  private void runChildAndKill(Path dir, int killAfter) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Xmx512m",
        CrashIndexMain.class.getName(), dir.toString(), Integer.toString(ITEMS), Long.toString(DELAY_MS));
    pb.redirectErrorStream(true);
    Process child = pb.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("DONE ") && Integer.parseInt(line.substring(5).trim()) >= killAfter) {
          break;
        }
        if (line.equals("FINISHED")) {
          break;
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
