package dev.paracosm.role;

import dev.paracosm.image.ImageData;
import java.util.Objects;

/** One part of a multimodal chat message: text or an image. */
public sealed interface ChatPart permits ChatPart.Text, ChatPart.Image {

  /**
   * @param text the text
   * @return a text part
   */
  static ChatPart text(String text) {
    return new Text(text);
  }

  /**
   * @param image the image
   * @return an image part
   */
  static ChatPart image(ImageData image) {
    return new Image(image);
  }

  /** @param text the text of this part */
  record Text(String text) implements ChatPart {
    /** Validates the text. */
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** @param image the image of this part */
  record Image(ImageData image) implements ChatPart {
    /** Validates the image. */
    public Image {
      Objects.requireNonNull(image, "image");
    }
  }
}
