package dev.paracosm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.ConfigurationException;
import dev.paracosm.Gallery;
import dev.paracosm.GalleryItem;
import dev.paracosm.Hit;
import dev.paracosm.ModelUnavailableException;
import dev.paracosm.Paracosm;
import dev.paracosm.ProgressListener;
import dev.paracosm.Query;
import dev.paracosm.fusion.Mode;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.Providers;
import dev.paracosm.testkit.EncoderContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code hf:}/{@code dir:} encoder provider, the core contract kit, and the facade on a real checkpoint. */
@Timeout(300)
class HfEncoderProviderTest {
  static final Path MODELS = Path.of("src/test/resources/fixtures/models");

  @Nested
  class TinyClipContract extends EncoderContract {
    @Override
    protected Encoder createEncoder() {
      return Providers.encoder("dir:" + MODELS.resolve("tiny-clip").toAbsolutePath(), Map.of());
    }
  }

  @Nested
  class TinySiglipContract extends EncoderContract {
    @Override
    protected Encoder createEncoder() {
      return HfEncoders.load("dir:" + MODELS.resolve("tiny-siglip").toAbsolutePath(), Map.of("batch", "4"));
    }
  }

  @Test
  void unknownOptionIsAConfigurationError() {
    assertThatThrownBy(() -> HfEncoders.load("dir:" + MODELS.resolve("tiny-clip"), Map.of("devise", "cpu")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("devise");
  }

  @Test
  void offlineAndNotCachedIsOneSentenceNamingModelCacheAndDirAlternative(@TempDir Path empty) {
    // surefire sets ai.djl.offline=true; this repository was never published, so it is in no cache
    assertThatThrownBy(() -> HfEncoders.load("hf:paracosm-tests/never-published-model"))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("hf:paracosm-tests/never-published-model").hasMessageContaining("dir:");
  }

  @Test
  void facadeIndexesAndSearchesWithATinyCheckpoint(@TempDir Path dir) {
    Path images = MODELS.resolve("inputs/images");
    List<GalleryItem> items = new ArrayList<>();
    for (String name : List.of("astronaut_512x512.png", "chelsea_451x300.jpg", "coffee_palette_600x400.png",
        "synthetic_640x480.png", "tall_300x900.png")) {
      items.add(GalleryItem.of(name.substring(0, name.indexOf('_')), images.resolve(name)));
    }
    try (Paracosm p = Paracosm.builder().encoder("dir:" + MODELS.resolve("tiny-clip").toAbsolutePath())
        .mode(Mode.BASELINE_IMAGE_ONLY).indexDirectory(dir).build()) {
      assertThat(p.index(Gallery.of(items), ProgressListener.NONE).indexed()).isEqualTo(5);
      List<Hit> hits = p.search(Query.of(ImageData.read(images.resolve("chelsea_451x300.jpg")), "a cat"), 5);
      assertThat(hits).hasSize(5);
      assertThat(hits.get(0).id()).isEqualTo("chelsea");
      assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
  }
}
