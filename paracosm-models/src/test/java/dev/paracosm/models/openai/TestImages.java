package dev.paracosm.models.openai;

import dev.paracosm.image.ImageData;
import java.awt.Color;

/** Small images for the client tests. */
final class TestImages {
  private TestImages() {}

  static ImageData png(int w, int h) {
    return ImageData.of(FakeOpenAiServer.png(w, h, new Color(40, 120, 200)), "test-" + w + "x" + h + ".png");
  }
}
