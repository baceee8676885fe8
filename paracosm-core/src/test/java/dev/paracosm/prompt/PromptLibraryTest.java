package dev.paracosm.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PromptLibraryTest {

  private static JsonNode bundledJson() throws IOException {
    try (InputStream in = PromptLibrary.class.getResourceAsStream(PromptLibrary.BUNDLED_RESOURCE)) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void bundledLibraryHoldsEveryTemplateOfPromptsJsonWithItsStatusSourceAndText() throws IOException {
    JsonNode file = bundledJson().get("templates");
    PromptLibrary lib = PromptLibrary.defaults();
    assertThat(lib.ids()).hasSize(file.size());
    for (JsonNode n : file) {
      PromptTemplate t = lib.get(n.get("id").asText());
      assertThat(t.status().id()).as(t.id()).isEqualTo(n.get("status").asText());
      assertThat(t.source()).as(t.id()).isEqualTo(n.get("source").asText());
      assertThat(t.template()).as(t.id()).isEqualTo(n.get("template").isNull() ? null : n.get("template").asText());
      assertThat(t.placeholders().keySet()).as(t.id()).containsExactlyElementsOf(() -> n.get("placeholders").fieldNames());
    }
  }

  @Test
  void editTemplateIsChosenPerDatasetAndGeneCisTask() {
    PromptLibrary lib = PromptLibrary.defaults();
    assertThat(lib.editTemplateFor("CIRR").id()).isEqualTo("paracosm.edit.cirr");
    assertThat(lib.editTemplateFor("circo").id()).isEqualTo("paracosm.edit.circo");
    assertThat(lib.editTemplateFor("FashionIQ").id()).isEqualTo("paracosm.edit.fashioniq");
    assertThat(lib.editTemplateFor("GeneCIS", "change_object").id()).isEqualTo("paracosm.edit.genecis.change_object");
    assertThat(lib.editTemplateFor("genecis", "focus-attribute").id())
        .isEqualTo("paracosm.edit.genecis.focus_attribute");
  }

  @Test
  void geneCisWithoutTaskIsRejectedNamingTheTasks() {
    assertThatThrownBy(() -> PromptLibrary.defaults().editTemplateFor("GeneCIS"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("GeneCIS needs a task")
        .hasMessageContaining("focus_attribute");
  }

  @Test
  void unknownDatasetIsRejectedNamingIt() {
    assertThatThrownBy(() -> PromptLibrary.defaults().editTemplateFor("Flickr30k"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'Flickr30k'");
  }

  @Test
  void tModTemplatesFollowMethodSection33() {
    PromptLibrary lib = PromptLibrary.defaults();
    assertThat(lib.tModTemplatesFor("FashionIQ", null)).extracting(PromptTemplate::id)
        .containsExactly("paracosm.tmod.fashioniq.forward", "paracosm.tmod.fashioniq.reverse");
    assertThat(lib.tModTemplatesFor("GeneCIS", "focus_attribute")).extracting(PromptTemplate::id)
        .containsExactly("paracosm.tmod.genecis.attribute");
    assertThat(lib.tModTemplatesFor("GeneCIS", "change_attribute")).extracting(PromptTemplate::id)
        .containsExactly("paracosm.tmod.genecis.attribute");
    assertThat(lib.tModTemplatesFor("GeneCIS", "focus_object")).extracting(PromptTemplate::id)
        .containsExactly("paracosm.tmod.genecis.focus_object");
    assertThat(lib.tModTemplatesFor("CIRR", null)).extracting(PromptTemplate::id).containsExactly("paracosm.tmod.cirr");
  }

  @Test
  void fashionIqReverseTemplateSwapsTheCaptions() {
    List<PromptTemplate> t = PromptLibrary.defaults().tModTemplatesFor("fiq", null);
    Map<String, String> v = Map.of("caption1", "is red", "caption2", "has long sleeves");
    assertThat(t.get(0).render(v)).isEqualTo("is red and has long sleeves");
    assertThat(t.get(1).render(v)).isEqualTo("has long sleeves and is red");
  }

  @Test
  void absentTemplateMustBeProvidedByTheUser() {
    PromptLibrary lib = PromptLibrary.defaults();
    PromptTemplate q = lib.get(PromptLibrary.PEFUSE_DATABASE_CAPTION);
    assertThat(q.status()).isEqualTo(PromptStatus.ABSENT);
    assertThat(q.isAvailable()).isFalse();
    assertThatThrownBy(lib::pefuseDatabaseCaptionTemplate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'pefuse.caption.database'")
        .hasMessageContaining("must be provided")
        .hasMessageContaining("withTemplate(\"pefuse.caption.database\"");
    assertThatThrownBy(() -> q.render(Map.of())).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void providedAbsentTemplateBecomesAUserTemplateKeepingItsMetadata() {
    PromptLibrary lib = PromptLibrary.builder()
        .withTemplate(PromptLibrary.PEFUSE_DATABASE_CAPTION, "Describe this image in detail.")
        .build();
    PromptTemplate q = lib.pefuseDatabaseCaptionTemplate();
    assertThat(q.status()).isEqualTo(PromptStatus.USER);
    assertThat(q.method()).isEqualTo("pefuse");
    assertThat(q.role()).isEqualTo("mllm");
    assertThat(q.render()).isEqualTo("Describe this image in detail.");
    assertThat(PromptLibrary.defaults().get(PromptLibrary.PEFUSE_DATABASE_CAPTION).isAvailable())
        .as("the bundled library is not modified").isFalse();
  }

  @Test
  void overrideReplacesTheTextOfAKnownTemplate() {
    PromptLibrary lib = PromptLibrary.builder()
        .withTemplate("paracosm.edit.cirr", "Apply: {modification}!")
        .build();
    PromptTemplate t = lib.editTemplateFor("cirr");
    assertThat(t.render(Map.of("modification", "add a hat"))).isEqualTo("Apply: add a hat!");
    assertThat(t.status()).isEqualTo(PromptStatus.USER);
    assertThat(t.dataset()).isEqualTo("CIRR");
  }

  @Test
  void additionIsFoundById() {
    PromptLibrary lib = PromptLibrary.builder().withTemplate("mine.caption", "Say {what}.").build();
    assertThat(lib.require("mine.caption").render(Map.of("what", "hi"))).isEqualTo("Say hi.");
    assertThat(lib.require("mine.caption").placeholderNames()).containsExactly("what");
  }

  @Test
  void unknownIdIsAConfigurationError() {
    assertThatThrownBy(() -> PromptLibrary.defaults().get("nope.template"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'nope.template'");
  }

  @Test
  void userFileWithIdToTextMapOverridesAndAdds(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("prompts.json");
    Files.writeString(f, "{\"pefuse.caption.database\": \"Caption: {image}\", \"mine.x\": \"X\"}");
    PromptLibrary lib = PromptLibrary.builder().withTemplates(f).build();
    assertThat(lib.pefuseDatabaseCaptionTemplate().template()).isEqualTo("Caption: {image}");
    assertThat(lib.pefuseDatabaseCaptionTemplate().source()).isEqualTo(f.toString());
    assertThat(lib.require("mine.x").render()).isEqualTo("X");
  }

  @Test
  void userFileInPromptsJsonFormatOverridesAndAdds(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("prompts.json");
    Files.writeString(f, "{\"templates\": [{\"id\": \"paracosm.edit.circo\", \"template\": \"Edit: {modification} / {shared_concept}\"},"
        + " {\"id\": \"mine.y\", \"template\": \"Y {a}\", \"role\": \"captioner\"}]}");
    PromptLibrary lib = PromptLibrary.builder().withTemplates(f).build();
    assertThat(lib.editTemplateFor("CIRCO").render(Map.of("modification", "m", "shared_concept", "s")))
        .isEqualTo("Edit: m / s");
    assertThat(lib.editTemplateFor("CIRCO").placeholders()).containsKeys("modification", "shared_concept");
    assertThat(lib.require("mine.y").role()).isEqualTo("captioner");
    assertThat(lib.require("mine.y").status()).isEqualTo(PromptStatus.USER);
  }

  @Test
  void malformedUserFileIsAConfigurationErrorNamingTheFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"a\": ");
    assertThatThrownBy(() -> PromptLibrary.builder().withTemplates(f))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(f.toString());
    Path g = dir.resolve("nonstring.json");
    Files.writeString(g, "{\"a\": 3}");
    assertThatThrownBy(() -> PromptLibrary.builder().withTemplates(g))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(g.toString())
        .hasMessageContaining("[a]");
    assertThatThrownBy(() -> PromptLibrary.builder().withTemplates(dir.resolve("missing.json")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing.json");
  }

  @Test
  void negativePromptsAreASingleSpace() {
    assertThat(PromptLibrary.defaults().editNegativePrompt()).isEqualTo(" ");
    assertThat(PromptLibrary.defaults().textToImageNegativePrompt()).isEqualTo(" ");
  }
}
