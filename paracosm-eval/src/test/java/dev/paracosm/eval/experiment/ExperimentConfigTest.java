package dev.paracosm.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.ConfigurationException;
import dev.paracosm.GenerationSettings;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Profile;
import dev.paracosm.fusion.Protocol;
import dev.paracosm.fusion.QueryComponent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigTest {

  private static final String FULL = """
      name: sweep
      dataset: fashioniq
      data_root: /data/fiq
      split: val
      subsets: [dress, shirt]
      modes: [paracosm, baseline_image_only, pefuse_t2t]
      encoders: [hf:openai/clip-vit-base-patch32]
      lambdas: [0.1, 0.3]
      profile: paper_literal
      k: 50
      limit: 10
      qualitative: 3
      ablations:
        - {name: tq, query_parts: [t_query], db_parts: [image]}
      generation:
        mllm_temperature: [0.1, 0.7]
        pefuse_instruction: [composed, raw_modification]
        pefuse_database_prompt: ["Describe it."]
      roles: {captioner: "x:cap"}
      """;

  @Test
  void yamlWithEveryFieldParsesToTypedValues() {
    ExperimentConfig c = ExperimentConfig.parse(FULL, "full.yaml");
    assertThat(c.name()).isEqualTo("sweep");
    assertThat(c.dataset()).isEqualTo("fashioniq");
    assertThat(c.dataRoot()).isEqualTo(Path.of("/data/fiq"));
    assertThat(c.subsets()).containsExactly("dress", "shirt");
    assertThat(c.modes()).containsExactly(Mode.PARACOSM, Mode.BASELINE_IMAGE_ONLY, Mode.PEFUSE_T2T);
    assertThat(c.lambdas()).containsExactly(0.1, 0.3);
    assertThat(c.profile()).isEqualTo(Profile.PAPER_LITERAL);
    assertThat(c.effectiveProtocol()).isEqualTo(Protocol.FASHIONIQ);
    assertThat(c.limit()).isEqualTo(10);
    assertThat(c.qualitative()).isEqualTo(3);
    assertThat(c.ablations()).singleElement().satisfies(a -> {
      assertThat(a.queryParts()).containsExactly(QueryComponent.T_QUERY);
      assertThat(a.dbParts()).containsExactly(GalleryComponent.IMAGE);
    });
    assertThat(c.generation().temperature()).containsExactly(0.1, 0.7);
    assertThat(c.generation().instruction()).containsExactly(GenerationSettings.PefuseInstruction.COMPOSED,
        GenerationSettings.PefuseInstruction.RAW_MODIFICATION);
    assertThat(c.roles().captioner()).isEqualTo("x:cap");
  }

  @Test
  void jsonFileParsesTheSameAsYamlAndTakesItsNameFromTheFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("my_exp.json");
    Files.writeString(f, "{\"dataset\": \"cirr\", \"modes\": [\"baseline_text_only\"], \"data_root\": \"cirr-data\"}");
    ExperimentConfig c = ExperimentConfig.load(f);
    assertThat(c.name()).isEqualTo("my_exp");
    assertThat(c.split()).isEqualTo("val");
    assertThat(c.lambdas()).containsExactly(0.3);
    assertThat(c.k()).isEqualTo(50);
    assertThat(c.dataRoot()).as("relative data_root resolves against the config's folder")
        .isEqualTo(dir.toAbsolutePath().resolve("cirr-data"));
  }

  @Test
  void geneCisDefaultsToTheCodeGenecisProfileAndSplitV0() {
    ExperimentConfig c = ExperimentConfig.parse("dataset: genecis", "g.yaml");
    assertThat(c.effectiveProfile()).isEqualTo(Profile.CODE_GENECIS);
    assertThat(c.split()).isEqualTo("v0");
    assertThat(c.effectiveProtocol()).isEqualTo(Protocol.GENECIS);
  }

  @Test
  void missingDatasetIsAnErrorNamingTheField() {
    assertThatThrownBy(() -> ExperimentConfig.parse("modes: [paracosm]", "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("a.yaml").hasMessageContaining("'dataset'");
  }

  @Test
  void unknownDatasetIsAnErrorListingTheChoices() {
    assertThatThrownBy(() -> ExperimentConfig.parse("dataset: coco", "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'dataset'").hasMessageContaining("cirr");
  }

  @Test
  void lambdaOutOfRangeNamesTheListElement() {
    assertThatThrownBy(() -> ExperimentConfig.parse("dataset: cirr\nlambdas: [0.1, 0.2, 1.5]", "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'lambdas[2]'").hasMessageContaining("1.5");
  }

  @Test
  void unknownModeNamesTheField() {
    assertThatThrownBy(() -> ExperimentConfig.parse("dataset: cirr\nmodes: [paracosm, magic]", "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'modes[1]'").hasMessageContaining("magic");
  }

  @Test
  void misspelledFieldIsRejectedWithTheExpectedNames() {
    assertThatThrownBy(() -> ExperimentConfig.parse("dataset: cirr\nlambda: [0.3]", "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown field 'lambda'")
        .hasMessageContaining("lambdas");
  }

  @Test
  void ablationWithANonParacosmQueryPartNamesTheAblation() {
    String yaml = "dataset: cirr\nablations:\n  - {query_parts: [ref_image], db_parts: [image]}";
    assertThatThrownBy(() -> ExperimentConfig.parse(yaml, "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'ablations[0]'")
        .hasMessageContaining("ref_image");
  }

  @Test
  void unknownGalleryPartNamesTheNestedField() {
    String yaml = "dataset: cirr\nablations:\n  - {query_parts: [t_query], db_parts: [image, photo]}";
    assertThatThrownBy(() -> ExperimentConfig.parse(yaml, "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'ablations[0].db_parts[1]'");
  }

  @Test
  void bidirectionalPefuseWithoutADatabasePromptIsAnError() {
    assertThatThrownBy(() -> ExperimentConfig.parse("dataset: circo\nmodes: [pefuse_i2t]", "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("pefuse_database_prompt");
  }

  @Test
  void topPOutsideTheOpenUnitIntervalNamesTheSweepField() {
    assertThatThrownBy(() -> ExperimentConfig.parse("dataset: cirr\ngeneration: {mllm_top_p: [0.9, 0]}", "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'generation.mllm_top_p[1]'");
  }

  @Test
  void nonIntegerKIsAnError() {
    assertThatThrownBy(() -> ExperimentConfig.parse("dataset: cirr\nk: fifty", "a.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'k'");
  }

  @Test
  void malformedYamlIsAConfigurationErrorNamingTheSource() {
    assertThatThrownBy(() -> ExperimentConfig.parse("dataset: [cirr", "broken.yaml"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("broken.yaml");
  }

  @Test
  void missingFileIsAConfigurationErrorNamingThePath(@TempDir Path dir) {
    Path f = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ExperimentConfig.load(f))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(f.toString());
  }

  @Test
  void bundledConfigsAllParse() throws IOException {
    Path dir = Path.of("src/main/resources/dev/paracosm/eval/experiments");
    try (var files = Files.list(dir)) {
      List<Path> configs = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertThat(configs).hasSizeGreaterThanOrEqualTo(4);
      for (Path p : configs) {
        ExperimentConfig c = ExperimentConfig.load(p);
        assertThat(c.modes()).as(p.toString()).isNotEmpty();
        assertThat(ExperimentGrid.expand(c, List.of("x"), List.of("hf:e"))).as(p.toString()).isNotEmpty();
      }
    }
  }

  @Test
  void sweepVariantsAreTheCartesianProduct() {
    ExperimentConfig c = ExperimentConfig.parse(
        "dataset: cirr\ngeneration: {mllm_temperature: [0.1, 0.5], diffusion_steps: [10, 20, 30]}", "a");
    assertThat(c.generation().variants()).hasSize(6);
    assertThat(Set.copyOf(c.generation().variants())).hasSize(6);
  }

  @Test
  void bundledConfigsResolveByNameAndTheIndexListsEveryOne() throws IOException {
    ExperimentConfig c = ExperimentConfig.resolve("lambda_sweep");
    assertThat(c.name()).isEqualTo("lambda_sweep");
    assertThat(c.lambdas()).hasSize(11);
    try (var files = Files.list(Path.of("src/main/resources/dev/paracosm/eval/experiments"))) {
      assertThat(ExperimentConfig.bundledNames()).containsExactlyInAnyOrderElementsOf(files
          .map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - 5)).toList());
    }
  }

  @Test
  void anUnknownConfigNameListsTheBundledOnes() {
    assertThatThrownBy(() -> ExperimentConfig.resolve("no_such_table"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no_such_table")
        .hasMessageContaining("lambda_sweep");
  }
}
