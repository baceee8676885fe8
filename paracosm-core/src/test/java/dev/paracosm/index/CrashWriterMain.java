package dev.paracosm.index;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Child process of {@link CrashSafetyTest}: opens the index, continues after the last committed
 * batch, and commits batches forever, appending {@code committed <batch>} to a progress file after
 * each commit (a file, not stdout: a killed process's unread pipe output is lost).
 */
public final class CrashWriterMain {
  static final int DIM = 96;
  static final int BATCH = 8;

  private CrashWriterMain() {}

  static String id(int batch, int j) {
    return "b" + batch + "-" + j;
  }

  static float[] vector(int batch, int j, String component) {
    return TestVectors.seeded(batch * 1000L + j * 10L + component.length(), DIM);
  }

  /**
   * @param args index directory, progress file
   * @throws java.io.IOException if the progress file cannot be written
   */
  public static void main(String[] args) throws java.io.IOException {
    Path dir = Path.of(args[0]);
    try (var progress = new java.io.FileOutputStream(args[1], true);
        GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      int batch = index.snapshot().size() / BATCH;
      while (true) {
        for (int j = 0; j < BATCH; j++) {
          Map<String, float[]> comps = new HashMap<>();
          comps.put("image", vector(batch, j, "image"));
          comps.put("syn_image", vector(batch, j, "syn_image"));
          index.add(new IndexedItem(id(batch, j), Map.of("batch", Integer.toString(batch)), comps));
        }
        index.commit();
        progress.write(("committed " + batch + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        batch++;
      }
    }
  }
}
