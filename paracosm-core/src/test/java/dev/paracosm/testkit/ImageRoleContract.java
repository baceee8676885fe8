package dev.paracosm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.image.ImageData;
import dev.paracosm.role.DiffusionParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shared contract of the image-producing roles ({@link dev.paracosm.role.ImageEditor}, {@link
 * dev.paracosm.role.TextToImage}): outputs decode, and identical requests with a fixed seed give the
 * same image (deterministic servers).
 */
@Timeout(120)
public abstract class ImageRoleContract {
  /**
   * @param prompt an instruction or prompt
   * @param params settings
   * @return the produced image
   */
  protected abstract ImageData produce(String prompt, DiffusionParams params);

  @Test
  void outputIsADecodableImage() {
    ImageData out = produce("make it red", DiffusionParams.builder().seed(0L).size(32, 32).build());
    assertThat(out.decode().getWidth()).isPositive();
  }

  @Test
  void sameSeedAndPromptGiveTheSameImage() {
    DiffusionParams p = DiffusionParams.builder().seed(42L).size(32, 32).build();
    assertThat(produce("a blue shirt", p)).isEqualTo(produce("a blue shirt", p));
  }
}
