package dev.paracosm.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.ConfigurationException;
import dev.paracosm.GenerationSettings;
import dev.paracosm.fusion.Mode;
import dev.paracosm.role.SamplingParams;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExperimentGridTest {

  private static ExperimentConfig parse(String yaml) {
    return ExperimentConfig.parse(yaml, "t.yaml");
  }

  @Test
  void lambdaGridTimesAblationsTimesEncodersGivesOneParacosmPointEach() {
    ExperimentConfig c = parse("""
        dataset: cirr
        lambdas: [0.0, 0.3, 1.0]
        ablations:
          - {query_parts: [t_query], db_parts: [image]}
          - {query_parts: [t_query, mental_image, t_mod], db_parts: [image, syn_image]}
        """);
    List<ExperimentPoint> points = ExperimentGrid.expand(c, Arrays.asList((String) null), List.of("a:1", "b:2"));
    assertThat(points).hasSize(3 * 2 * 2);
    assertThat(points.stream().map(ExperimentPoint::key).distinct()).hasSize(12);
  }

  @Test
  void baselinesAreNotRepeatedForEveryGenerationVariant() {
    ExperimentConfig c = parse("""
        dataset: circo
        modes: [baseline_image_only, paracosm, pefuse_t2i, pefuse_i2i]
        generation: {mllm_temperature: [0.1, 0.5], diffusion_steps: [20, 30]}
        """);
    List<ExperimentPoint> points = ExperimentGrid.expand(c, Arrays.asList((String) null), List.of("e"));
    var byMode = points.stream().collect(Collectors.groupingBy(ExperimentPoint::mode, Collectors.counting()));
    assertThat(byMode.get(Mode.BASELINE_IMAGE_ONLY)).isEqualTo(1);
    assertThat(byMode.get(Mode.PARACOSM)).isEqualTo(1);
    assertThat(byMode.get(Mode.PEFUSE_T2I)).as("t2i depends on sampling only").isEqualTo(2);
    assertThat(byMode.get(Mode.PEFUSE_I2I)).as("i2i depends on sampling and diffusion").isEqualTo(4);
  }

  @Test
  void keysAreStableAndNameTheirParts() {
    ExperimentConfig c = parse("dataset: fashioniq\nlambdas: [0.3]");
    ExperimentPoint p = ExperimentGrid.expand(c, List.of("dress"), List.of("hf:openai/clip-vit-base-patch32")).get(0);
    assertThat(p.key()).isEqualTo("fashioniq/val/dress|hf:openai/clip-vit-base-patch32|paracosm|lambda=0.30"
        + "|q=mental_image+t_mod+t_query|d=image+syn_image|profile=code|protocol=fashioniq|gen=default|k=50");
    ExperimentPoint again = ExperimentGrid.expand(parse("dataset: fashioniq\nlambdas: [0.3]"), List.of("dress"),
        List.of("hf:openai/clip-vit-base-patch32")).get(0);
    assertThat(again.key()).isEqualTo(p.key());
  }

  @Test
  void generationVariantAppliesOnlyTheSetFields() {
    GenerationVariant v = new GenerationVariant(0.7, null, 5, 20, null, 1.5,
        GenerationSettings.PefuseInstruction.RAW_MODIFICATION, "Describe.");
    GenerationSettings d = GenerationSettings.defaults();
    GenerationSettings s = v.apply(d);
    SamplingParams sp = s.pefuseComposeSampling();
    assertThat(sp.temperature()).isEqualTo(0.7);
    assertThat(sp.topP()).isEqualTo(d.pefuseComposeSampling().topP());
    assertThat(sp.topK()).isEqualTo(5);
    assertThat(s.pefuseEdit().steps()).isEqualTo(20);
    assertThat(s.pefuseEdit().guidanceScale()).isEqualTo(d.pefuseEdit().guidanceScale());
    assertThat(s.pefuseEdit().imageGuidanceScale()).isEqualTo(1.5);
    assertThat(s.pefuseInstruction()).isEqualTo(GenerationSettings.PefuseInstruction.RAW_MODIFICATION);
    assertThat(s.pefuseDatabasePrompt()).isEqualTo("Describe.");
    assertThat(s.mentalImageEdit()).isEqualTo(d.mentalImageEdit());
  }

  @Test
  void subsetsMultiplyThePoints() {
    ExperimentConfig c = parse("dataset: genecis\nmodes: [baseline_image_only, baseline_text_only]");
    List<ExperimentPoint> points = ExperimentGrid.expand(c, List.of("focus_object", "change_object"), List.of("e"));
    assertThat(points).hasSize(4);
    assertThat(points.stream().map(ExperimentPoint::datasetName).collect(Collectors.toSet()))
        .isEqualTo(Set.of("genecis-focus_object", "genecis-change_object"));
  }

  @Test
  void noEncoderIsAConfigurationErrorSayingHowToSetOne() {
    assertThatThrownBy(() -> ExperimentGrid.expand(parse("dataset: cirr"), Arrays.asList((String) null), List.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PARACOSM_ENCODER")
        .hasMessageContaining("--encoder");
  }
}
