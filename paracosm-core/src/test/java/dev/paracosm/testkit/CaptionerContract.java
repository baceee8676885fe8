package dev.paracosm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.SamplingParams;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Contract every {@link Captioner} must satisfy. */
@Timeout(120)
public abstract class CaptionerContract {
  /** @return the captioner under test */
  protected abstract Captioner captioner();

  @Test
  void describesAnImageWithNonBlankText() {
    var out = captioner().caption(CaptionRequest.of(TestImages.pattern(9, 32, 32), "Describe the image.",
        SamplingParams.builder().maxTokens(64).build()));
    assertThat(out.text()).isNotBlank();
  }

  @Test
  void batchMatchesSingleCallsForGreedySettings() {
    SamplingParams greedy = SamplingParams.builder().temperature(0.0).maxTokens(32).seed(1L).build();
    var a = CaptionRequest.of(TestImages.pattern(10, 32, 32), "Describe.", greedy);
    var b = CaptionRequest.of(TestImages.pattern(11, 32, 32), "Describe.", greedy);
    var batch = captioner().captionBatch(List.of(a, b));
    assertThat(batch).hasSize(2);
    assertThat(batch.get(0).text()).isEqualTo(captioner().caption(a).text());
  }

  @Test
  void modelIdIsNonBlank() {
    assertThat(captioner().modelId()).isNotBlank();
  }
}
