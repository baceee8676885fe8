package dev.paracosm;

import dev.paracosm.fusion.Mode;
import dev.paracosm.testkit.DeterministicEncoder;
import dev.paracosm.testkit.DeterministicGenerators.TestCaptioner;
import dev.paracosm.testkit.DeterministicGenerators.TestImageEditor;
import dev.paracosm.testkit.DeterministicGenerators.TestTextToImage;
import dev.paracosm.testkit.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Child-JVM entry point of {@link IndexCrashTest}: indexes a gallery with slow deterministic roles. */
public final class CrashIndexMain {
  private CrashIndexMain() {}

  static Gallery gallery(int n) {
    List<GalleryItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(GalleryItem.of("g" + i, TestImages.pattern(1000 + i, 20, 20), Map.of("n", Integer.toString(i))));
    }
    return Gallery.of(items);
  }

  static Paracosm pipeline(Path dir, long delayMillis, TestCaptioner captioner) {
    return Paracosm.builder().encoder(new DeterministicEncoder()).captioner(captioner)
        .imageEditor(new TestImageEditor(0)).textToImage(new TestTextToImage(delayMillis))
        .mode(Mode.PARACOSM).indexDirectory(dir).concurrency(2).build();
  }

  /**
   * @param args index directory, item count, delay in ms
   */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    long delay = Long.parseLong(args[2]);
    try (Paracosm p = pipeline(dir, delay, new TestCaptioner(delay))) {
      p.index(gallery(n), e -> {
        if (e.kind() == ProgressEvent.Kind.ITEM_DONE || e.kind() == ProgressEvent.Kind.ITEM_SKIPPED) {
          System.out.println("DONE " + e.done());
          System.out.flush();
        }
      });
    }
    System.out.println("FINISHED");
  }
}
