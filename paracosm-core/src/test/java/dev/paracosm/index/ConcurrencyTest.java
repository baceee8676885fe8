package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.fusion.FloatMatrix;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Ranking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One writer commits while reader threads (same process and a read-only opener) check snapshots. */
@Timeout(120)
class ConcurrencyTest {
  private static final int DIM = 8;
  private static final int BATCH = 5;
  private static final int COMMITS = 40;

  @TempDir Path dir;

  /** Every item of commit c has vector (c+1)·e_{j mod DIM} in both components and metadata commit=c. */
  private static float[] vector(int commit, int j) {
    float[] v = new float[DIM];
    v[j % DIM] = commit + 1;
    return v;
  }

  private static void checkConsistent(IndexSnapshot s) {
    int n = s.size();
    assertThat(n % BATCH).as("a snapshot never shows part of a commit").isZero();
    if (n == 0) {
      return;
    }
    FloatMatrix image = s.component("image");
    FloatMatrix syn = s.component("syn_image");
    for (int r = 0; r < n; r++) {
      int commit = r / BATCH;
      assertThat(s.id(r)).isEqualTo("c" + commit + "-" + (r % BATCH));
      assertThat(s.metadata(r)).containsEntry("commit", Integer.toString(commit));
      assertThat(image.row(r)).containsExactly(vector(commit, r % BATCH));
      assertThat(syn.row(r)).containsExactly(vector(commit, r % BATCH));
    }
    List<Ranking> hits = s.search(FloatMatrix.of(vector(0, 0)), FusionConfig.of(Mode.PARACOSM), n,
        MetadataFilter.all());
    assertThat(hits.get(0).size()).isEqualTo(n);
  }

  @Test
  void snapshotsTakenDuringCommitsAreAlwaysWholeCommits() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (GalleryIndex writer = GalleryIndex.open(dir, TestVectors.options(DIM));
        GalleryIndex reader = GalleryIndex.openReadOnly(dir)) {
      List<Future<Integer>> readers = new ArrayList<>();
      for (GalleryIndex source : List.of(writer, reader, reader)) {
        readers.add(pool.submit(() -> {
          int checks = 0;
          long lastGeneration = -1;
          while (!done.get() || checks < 3) {
            IndexSnapshot s = source.snapshot();
            assertThat(s.generation()).as("generations never go back").isGreaterThanOrEqualTo(lastGeneration);
            lastGeneration = s.generation();
            checkConsistent(s);
            checks++;
          }
          return checks;
        }));
      }
      for (int c = 0; c < COMMITS; c++) {
        for (int j = 0; j < BATCH; j++) {
          index(writer, c, j);
        }
        writer.commit();
      }
      done.set(true);
      for (Future<Integer> f : readers) {
        assertThat(f.get()).isPositive();
      }
      checkConsistent(reader.snapshot());
      assertThat(reader.snapshot().size()).isEqualTo(COMMITS * BATCH);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void index(GalleryIndex writer, int c, int j) {
    // Components arrive separately, as in a gallery plan, within one commit.
    writer.add(new IndexedItem("c" + c + "-" + j, Map.of("commit", Integer.toString(c)),
        Map.of("image", vector(c, j))));
    writer.add(IndexedItem.of("c" + c + "-" + j, "syn_image", vector(c, j)));
  }
}
