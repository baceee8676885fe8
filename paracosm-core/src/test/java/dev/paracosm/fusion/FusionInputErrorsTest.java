package dev.paracosm.fusion;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FusionInputErrorsTest {
  @Test
  void unknownModeStringNamesTheInputAndTheChoices() {
    assertThatThrownBy(() -> Mode.fromId("pefuse_x2y")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pefuse_x2y").hasMessageContaining("paracosm");
  }

  @Test
  void unknownProfileStringIsATypedError() {
    assertThatThrownBy(() -> Profile.fromId("literal")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("literal").hasMessageContaining("paper_literal");
  }

  @Test
  void modeIdsParseCaseInsensitively() {
    org.assertj.core.api.Assertions.assertThat(Mode.fromId("PEFUSE-T2I")).isEqualTo(Mode.PEFUSE_T2I);
  }

  @Test
  void missingQueryComponentIsNamed() {
    assertThatThrownBy(() -> Fuser.standard().queryVector(
            Map.of(QueryComponent.T_MOD, new float[] {1, 0}), FusionConfig.of(Mode.PARACOSM)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("mental_image");
  }

  @Test
  void dimensionMismatchBetweenQueryAndGalleryIsRejected() {
    FloatMatrix g = FloatMatrix.of(new float[] {1, 0, 0});
    assertThatThrownBy(() -> Ranker.exact().rank(FloatMatrix.of(new float[] {1, 0}), g, 1, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("dimension 2")
        .hasMessageContaining("3");
  }

  @Test
  void lambdaOutsideUnitIntervalIsRejected() {
    assertThatThrownBy(() -> FusionConfig.of(Mode.PARACOSM).withLambda(1.5))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("1.5");
  }

  @Test
  void ablationPartsOnANonParacosmModeAreRejected() {
    assertThatThrownBy(() -> FusionConfig.builder().mode(Mode.PEFUSE_T2I)
            .galleryParts(Set.of(GalleryComponent.SYN_IMAGE)).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("pefuse_t2i");
  }
}
