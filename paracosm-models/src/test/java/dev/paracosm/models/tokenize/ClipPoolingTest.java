package dev.paracosm.models.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import org.junit.jupiter.api.Test;

class ClipPoolingTest {

  private static final long[] NORMAL = {49406, 320, 1125, 49407, 49407, 49407};
  /** An added token with an id above EOS, before the EOS. */
  private static final long[] ADDED = {49406, 49408, 320, 49407, 49407};

  @Test
  void legacyEosIdTwoPoolsAtTheFirstMaximum() {
    assertThat(ClipPooling.clipPooledPosition(NORMAL, 2)).isEqualTo(3);
  }

  @Test
  void realEosIdPoolsAtTheFirstEos() {
    assertThat(ClipPooling.clipPooledPosition(NORMAL, 49407)).isEqualTo(3);
  }

  @Test
  void theRulesDifferWhenAnIdAboveEosIsPresent() {
    assertThat(ClipPooling.clipPooledPosition(ADDED, 2)).isEqualTo(1);
    assertThat(ClipPooling.clipPooledPosition(ADDED, 49407)).isEqualTo(3);
  }

  @Test
  void withoutAnyEosTheFirstEosRulePoolsPositionZero() {
    assertThat(ClipPooling.clipPooledPosition(new long[] {5, 9, 7}, 49407)).isZero();
  }

  @Test
  void emptyIdsAreRejected() {
    assertThatThrownBy(() -> ClipPooling.clipPooledPosition(new long[0], 2)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theLongEosOverloadAppliesTheSameRules() {
    assertThat(ClipPooling.clipPooledPosition(ADDED, 2L)).isEqualTo(1);
    assertThat(ClipPooling.clipPooledPosition(ADDED, 49407L)).isEqualTo(3);
    assertThat(ClipPooling.clipPooledPosition(new long[] {5, 9, 7}, 49407L)).isZero();
    assertThatThrownBy(() -> ClipPooling.clipPooledPosition(new long[0], 49407L))
        .isInstanceOf(InvalidInputException.class);
  }
}
