package dev.paracosm.example.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.Gallery;
import dev.paracosm.GalleryItem;
import dev.paracosm.Hit;
import dev.paracosm.IndexReport;
import dev.paracosm.Paracosm;
import dev.paracosm.ProgressListener;
import dev.paracosm.Query;
import dev.paracosm.fusion.Mode;
import dev.paracosm.testkit.TestImages;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The plugin used end to end through the facade, selected by its spec string alone. */
@Timeout(120)
class HistogramPipelineTest {
  @TempDir Path dir;

  static Gallery patterns(int n) {
    List<GalleryItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(GalleryItem.of("item" + i, TestImages.pattern(i, 40, 30), Map.of()));
    }
    return Gallery.of(items);
  }

  @Test
  void everyReferenceImageRanksItsOwnGalleryItemFirst() {
    try (Paracosm paracosm = Paracosm.builder().encoder("histogram:").mode(Mode.BASELINE_IMAGE_ONLY)
        .indexDirectory(dir.resolve("index")).build()) {
      IndexReport report = paracosm.index(patterns(12), ProgressListener.NONE);
      assertThat(report.indexed()).isEqualTo(12);
      assertThat(report.failures()).isEmpty();
      for (int i = 0; i < 12; i++) {
        List<Hit> hits = paracosm.search(Query.of(TestImages.pattern(i, 40, 30), "the same"), 3);
        assertThat(hits).hasSize(3);
        assertThat(hits.get(0).id()).as("top hit for the image of item%d", i).isEqualTo("item" + i);
        assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  @Test
  void colourWordRetrievesTheItemOfThatColourInTextOnlyMode() {
    List<GalleryItem> items = new ArrayList<>(patterns(6).items());
    items.add(GalleryItem.of("red-square", TestImages.solid(Color.RED, 24), Map.of()));
    items.add(GalleryItem.of("blue-square", TestImages.solid(Color.BLUE, 24), Map.of()));
    items.add(GalleryItem.of("yellow-square", TestImages.solid(Color.YELLOW, 24), Map.of()));
    try (Paracosm paracosm = Paracosm.builder().encoder("histogram:").mode(Mode.BASELINE_TEXT_ONLY)
        .indexDirectory(dir.resolve("index")).build()) {
      paracosm.index(Gallery.of(items), ProgressListener.NONE);
      for (String colour : List.of("red", "blue", "yellow")) {
        List<Hit> hits = paracosm.search(Query.of(TestImages.pattern(99, 8, 8), "make it " + colour), 1);
        assertThat(hits.get(0).id()).as("top hit for '%s'", colour).isEqualTo(colour + "-square");
      }
    }
  }
}
