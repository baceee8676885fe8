package dev.paracosm.models.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.FormatCorruptException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TextTokenizerTest {
  private static final Path MODELS = Path.of("src/test/resources/fixtures/models");
  private static final long SOT = 49406;
  private static final long EOT = 49407;

  private static TextTokenizer clip;
  private static TextTokenizer siglip;

  @TempDir Path tmp;

  @BeforeAll
  static void load() {
    clip = TextTokenizer.load(MODELS.resolve("tiny-clip"));
    siglip = TextTokenizer.load(MODELS.resolve("tiny-siglip"));
  }

  @AfterAll
  static void close() {
    clip.close();
    siglip.close();
  }

  @Test
  void maxLengthsComeFromTheConfigDefaults() {
    assertThat(clip.maxLength()).isEqualTo(77);
    assertThat(siglip.maxLength()).isEqualTo(64);
  }

  @Test
  void clipPadsWithEndOfTextAndMasksOnlyPadding() {
    TextTokenizer.Encoding e = clip.encode("");
    assertThat(e.ids()).hasSize(77);
    assertThat(e.ids()[0]).isEqualTo(SOT);
    assertThat(Arrays.stream(e.ids()).skip(1)).containsOnly(EOT);
    assertThat(e.attentionMask()[0] + e.attentionMask()[1]).isEqualTo(2);
    assertThat(Arrays.stream(e.attentionMask()).skip(2)).containsOnly(0L);
  }

  @Test
  void clipTruncationKeepsEndOfTextLast() {
    TextTokenizer.Encoding e = clip.encode("cat ".repeat(200));
    assertThat(e.ids()[76]).isEqualTo(EOT);
    assertThat(Arrays.stream(e.ids()).filter(i -> i == EOT).count()).isEqualTo(1);
    assertThat(Arrays.stream(e.attentionMask())).containsOnly(1L);
  }

  @Test
  void batchEncodingPadsEveryTextToMaxLength() {
    List<TextTokenizer.Encoding> b = clip.encodeBatch(List.of("a", "a much longer text than the first one"));
    assertThat(b).allSatisfy(e -> assertThat(e.ids()).hasSize(77));
    assertThat(b.get(0).ids()).isEqualTo(clip.encode("a").ids());
  }

  @Test
  void siglipIgnoresCaseAndAsciiPunctuation() {
    assertThat(siglip.encode("A Photo, of a CAT!!").ids()).isEqualTo(siglip.encode("a photo of a cat").ids());
  }

  @Test
  void siglipAppendsOneEndOfSequenceAndPadsWithIt() {
    TextTokenizer.Encoding e = siglip.encode("a photo of a cat");
    int n = (int) Arrays.stream(e.attentionMask()).sum();
    assertThat(e.ids()[n - 1]).isEqualTo(1);
    assertThat(Arrays.stream(e.ids()).skip(n)).containsOnly(1L);
    assertThat(Arrays.stream(e.attentionMask()).skip(n)).containsOnly(0L);
  }

  @Test
  void siglipDoesNotDuplicateAnEndOfSequenceWrittenInTheText() {
    TextTokenizer.Encoding plain = siglip.encode("a photo of a cat");
    TextTokenizer.Encoding written = siglip.encode("a photo of a cat </s>");
    assertThat(written.ids()).isEqualTo(plain.ids());
  }

  @Test
  void siglipTruncatesToMaxLengthWithEndOfSequenceLast() {
    TextTokenizer.Encoding e = siglip.encode("astronaut riding a horse ".repeat(40));
    assertThat(e.ids()[63]).isEqualTo(1);
    assertThat(Arrays.stream(e.attentionMask())).containsOnly(1L);
  }

  @Test
  void siglipCanonicalisationFollowsPythonWhitespaceAndPunctuation() {
    assertThat(SiglipSpTokenizer.canonicalize("  a,\u001c\tb\u3000 c! ")).isEqualTo("a b c");
    assertThat(SiglipSpTokenizer.canonicalize("caf\u00e9 \u00bfqu\u00e9?")).isEqualTo("caf\u00e9 \u00bfqu\u00e9");
  }

  @Test
  void maxPositionEmbeddingsOfTheConfigSetsTheLength() throws IOException {
    Files.copy(MODELS.resolve("tiny-clip/tokenizer.json"), tmp.resolve("tokenizer.json"));
    Files.writeString(tmp.resolve("config.json"),
        "{\"model_type\":\"clip\",\"text_config\":{\"max_position_embeddings\":8}}");
    try (TextTokenizer t = TextTokenizer.load(tmp)) {
      TextTokenizer.Encoding e = t.encode("a photo of a very fluffy cat on a mat");
      assertThat(t.maxLength()).isEqualTo(8);
      assertThat(e.ids()).hasSize(8);
      assertThat(e.ids()[0]).isEqualTo(SOT);
      assertThat(e.ids()[7]).isEqualTo(EOT);
    }
  }

  @Test
  void aTokenizerJsonAloneLoadsWithLength77AndEndOfTextPadding() throws IOException {
    String json = Files.readString(Path.of("src/test/resources/fixtures/tokenizers/clip/tokenizer.json"));
    assertThat(json).contains("\"pad_id\"");
    Files.writeString(tmp.resolve("tokenizer.json"), json);
    try (TextTokenizer t = TextTokenizer.load(tmp)) {
      TextTokenizer.Encoding e = t.encode("a cat");
      assertThat(t.maxLength()).isEqualTo(77);
      assertThat(e.ids()[76]).isEqualTo(EOT);
    }
  }

  @Test
  void missingTokenizerFilesAreModelUnavailableNamingDirectoryAndFiles() {
    assertThatThrownBy(() -> TextTokenizer.load(tmp))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining(tmp.toString())
        .hasMessageContaining("tokenizer.json")
        .hasMessageContaining("spiece.model");
  }

  @Test
  void missingDirectoryIsModelUnavailable() {
    Path absent = tmp.resolve("nope");
    assertThatThrownBy(() -> TextTokenizer.load(absent))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining(absent.toString());
  }

  @Test
  void malformedTokenizerConfigIsFormatCorruptNamingTheFile() throws IOException {
    Files.copy(MODELS.resolve("tiny-clip/tokenizer.json"), tmp.resolve("tokenizer.json"));
    Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"pad_token\": ");
    assertThatThrownBy(() -> TextTokenizer.load(tmp))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("tokenizer_config.json");
  }

  @Test
  void corruptTokenizerJsonIsModelUnavailableNamingTheFile() throws IOException {
    Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\"}}");
    Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"pad_token\": \"<pad>\"}");
    assertThatThrownBy(() -> TextTokenizer.load(tmp))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("tokenizer.json");
  }

  @Test
  void corruptSentencePieceModelIsModelUnavailable() throws IOException {
    Files.write(tmp.resolve("spiece.model"), new byte[] {1, 2, 3, 4, 5, 6, 7});
    assertThatThrownBy(() -> TextTokenizer.load(tmp))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("spiece.model");
  }
}
