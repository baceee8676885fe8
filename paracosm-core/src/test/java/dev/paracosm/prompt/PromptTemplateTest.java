package dev.paracosm.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.ChatPart;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PromptTemplateTest {

  private static final ImageData IMG = ImageData.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4}, "ref.png");

  @Test
  void circoEditTemplateFillsBothPlaceholders() {
    String text = PromptLibrary.defaults().editTemplateFor("CIRCO")
        .render(Map.of("modification", "is on a beach", "shared_concept", "a dog"));
    assertThat(text).isEqualTo("Edit the image according to the following instruction: is on a beach,"
        + " while strictly preserving 'a dog' in the image.");
  }

  @Test
  void missingPlaceholderIsAnInvalidInputNamingTemplateAndPlaceholder() {
    PromptTemplate t = PromptLibrary.defaults().editTemplateFor("CIRCO");
    assertThatThrownBy(() -> t.render(Map.of("modification", "x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'paracosm.edit.circo'")
        .hasMessageContaining("{shared_concept}")
        .hasMessageContaining("CIRCO shared_concept")
        .hasMessageContaining("given: [modification]");
  }

  @Test
  void nullValueCountsAsMissing() {
    Map<String, String> v = new HashMap<>();
    v.put("modification", null);
    PromptTemplate t = PromptLibrary.defaults().editTemplateFor("CIRR");
    assertThatThrownBy(() -> t.render(v)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("{modification}");
  }

  @Test
  void valuesForUnusedPlaceholdersAreIgnored() {
    PromptTemplate t = PromptLibrary.defaults().describeMentalTemplate();
    assertThat(t.render(Map.of("modification", "x"))).isEqualTo(t.template());
  }

  @Test
  void doubledBracesAreLiteralBraces() {
    PromptTemplate t = PromptTemplate.of("u", "{{json}} {v} }}");
    assertThat(t.placeholderNames()).containsExactly("v");
    assertThat(t.render(Map.of("v", "1"))).isEqualTo("{json} 1 }");
  }

  @Test
  void badSyntaxIsAConfigurationErrorNamingTheTemplate() {
    assertThatThrownBy(() -> PromptTemplate.of("u.bad", "oops {unclosed"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'u.bad'").hasMessageContaining("unclosed");
    assertThatThrownBy(() -> PromptTemplate.of("u.bad", "a } b"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("unmatched '}'");
    assertThatThrownBy(() -> PromptTemplate.of("u.bad", "a {two words} b"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("invalid placeholder");
  }

  @Test
  void pefuseComposePromptSplitsIntoTextImageTextAtTheImagePlaceholder() {
    PromptTemplate t = PromptLibrary.defaults().pefuseComposeTemplateFor("CIRR");
    List<ChatPart> parts = t.renderParts(Map.of("modification", "remove the table"), Map.of("image", IMG));
    assertThat(parts).hasSize(3);
    assertThat(parts.get(1)).isEqualTo(ChatPart.image(IMG));
    String before = ((ChatPart.Text) parts.get(0)).text();
    String after = ((ChatPart.Text) parts.get(2)).text();
    int at = t.template().indexOf("{image}");
    assertThat(before).isEqualTo(t.template().substring(0, at));
    assertThat(after).startsWith(". Here are the modification instructions: remove the table.");
    assertThat(before + "{image}" + after.replace("remove the table", "{modification}")).isEqualTo(t.template());
  }

  @Test
  void imagePlaceholderAtTheEndGivesNoTrailingTextPart() {
    PromptTemplate t = PromptTemplate.of("u", "Look: {image}");
    assertThat(t.renderParts(Map.of(), Map.of("image", IMG)))
        .containsExactly(ChatPart.text("Look: "), ChatPart.image(IMG));
  }

  @Test
  void placeholderGivenAsTextAndImageIsRejected() {
    PromptTemplate t = PromptTemplate.of("u", "Look: {image}");
    assertThatThrownBy(() -> t.renderParts(Map.of("image", "x"), Map.of("image", IMG)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("[image]");
  }

  @Test
  void missingImageIsReportedLikeAMissingText() {
    PromptTemplate t = PromptLibrary.defaults().pefuseComposeTemplateFor("GeneCIS");
    assertThatThrownBy(() -> t.renderParts(Map.of("modification", "red"), Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("{image}");
  }
}
