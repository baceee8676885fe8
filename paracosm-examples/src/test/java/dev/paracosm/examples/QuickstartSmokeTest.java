package dev.paracosm.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.Hit;
import dev.paracosm.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the quickstart on a tiny generated catalog with the example plugin's histogram encoder. */
@Timeout(120)
class QuickstartSmokeTest {
  @TempDir Path dir;
  Path catalog;
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void writeCatalog() throws Exception {
    catalog = TinyCatalog.write(dir.resolve("catalog"));
  }

  String[] args(String reference, String text, String... more) {
    List<String> all = new java.util.ArrayList<>(List.of(catalog.toString(), catalog.resolve(reference).toString(),
        text, "--encoder", "histogram:", "--index", dir.resolve("index").toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void printsTheRequestedNumberOfRankedHits() {
    List<Hit> hits = Quickstart.run(args("green-shirt.png", "the same", "--k", "3"), out);
    assertThat(hits).hasSize(3).extracting(Hit::rank).containsExactly(1, 2, 3);
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines()).hasSize(3);
    assertThat(printed.lines().findFirst().orElseThrow()).startsWith(" 1. green-shirt");
  }

  @Test
  void modificationTextRecoloursTheReference() {
    List<Hit> hits = Quickstart.run(args("red-dress.png", "the same dress but in blue"), out);
    assertThat(hits.get(0).id()).isEqualTo("blue-dress");
  }

  @Test
  void secondRunReusesTheIndexAndGivesTheSameHits() {
    List<Hit> first = Quickstart.run(args("yellow-shoe.png", "but black"), out);
    List<Hit> second = Quickstart.run(args("yellow-shoe.png", "but black"), out);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void runsWithARealClipCheckpointFromADirectory() {
    // the tiny CLIP fixture of paracosm-models through the hf:/dir: encoder provider (DJL, CPU)
    Path tinyClip = Path.of("../paracosm-models/src/test/resources/fixtures/models/tiny-clip").toAbsolutePath();
    List<Hit> hits = Quickstart.run(new String[] {catalog.toString(), catalog.resolve("blue-shoe.png").toString(),
        "the same", "--encoder", "dir:" + tinyClip, "--mode", "baseline_image_only",
        "--index", dir.resolve("index-clip").toString(), "--k", "3"}, out);
    assertThat(hits).hasSize(3);
    assertThat(hits.get(0).id()).isEqualTo("blue-shoe");
    assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void withoutEncoderOptionTheParacosmEncoderSettingIsUsed() {
    // PARACOSM_ENCODER in the environment, or the system property paracosm.encoder (read first)
    System.setProperty("paracosm.encoder", "histogram:bins=8");
    try {
      List<Hit> hits = Quickstart.run(new String[] {catalog.toString(), catalog.resolve("white-dress.png").toString(),
          "the same", "--index", dir.resolve("index-from-setting").toString(), "--k", "1"}, out);
      assertThat(hits).extracting(Hit::id).containsExactly("white-dress");
    } finally {
      System.clearProperty("paracosm.encoder");
    }
  }

  @Test
  void unknownOptionIsATypedErrorWithTheUsage() {
    assertThatThrownBy(() -> Quickstart.run(args("red-dress.png", "x", "--top", "3"), out))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("--top").hasMessageContaining("Usage:");
  }

  @Test
  void missingArgumentsAreATypedErrorWithTheUsage() {
    assertThatThrownBy(() -> Quickstart.run(new String[] {catalog.toString()}, out))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Expected 3 arguments, got 1")
        .hasMessageContaining("Usage:");
  }
}
