package dev.paracosm.testkit;

import dev.paracosm.image.ImageData;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.TextToImageRequest;
import org.junit.jupiter.api.Nested;

/** The in-test roles pass the same contracts as real implementations. */
class DeterministicRolesContractTest {
  @Nested
  class EncoderKit extends EncoderContract {
    @Override
    protected Encoder createEncoder() {
      return new DeterministicEncoder();
    }
  }

  @Nested
  class CaptionerKit extends CaptionerContract {
    final Captioner captioner = new DeterministicGenerators.TestCaptioner(0);

    @Override
    protected Captioner captioner() {
      return captioner;
    }
  }

  @Nested
  class EditorKit extends ImageRoleContract {
    final DeterministicGenerators.TestImageEditor editor = new DeterministicGenerators.TestImageEditor(0);

    @Override
    protected ImageData produce(String prompt, DiffusionParams params) {
      return editor.edit(EditRequest.of(TestImages.pattern(1, 32, 32), prompt, params)).image();
    }
  }

  @Nested
  class TextToImageKit extends ImageRoleContract {
    final DeterministicGenerators.TestTextToImage t2i = new DeterministicGenerators.TestTextToImage(0);

    @Override
    protected ImageData produce(String prompt, DiffusionParams params) {
      return t2i.generate(TextToImageRequest.of(prompt, params)).image();
    }
  }
}
