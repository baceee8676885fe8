package dev.paracosm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.Hit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the catalog example on a tiny generated catalog with the example plugin's histogram encoder. */
@Timeout(120)
class CatalogSearchSmokeTest {
  @TempDir Path dir;
  Path catalog;
  final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void writeCatalog() throws Exception {
    catalog = TinyCatalog.write(dir.resolve("catalog"));
  }

  List<Hit> run(String photo, String text, String... more) {
    List<String> all = new ArrayList<>(List.of(catalog.toString(), catalog.resolve(photo).toString(), text,
        "--encoder", "histogram:", "--index", dir.resolve("index").toString()));
    all.addAll(List.of(more));
    return CatalogSearch.run(all.toArray(String[]::new), out, err);
  }

  @Test
  void filterKeepsOnlyProductsOfThatCategory() {
    List<Hit> hits = run("red-dress.png", "like this", "--filter", "category=shirt");
    assertThat(hits).hasSize(6).allSatisfy(h -> assertThat(h.metadata()).containsEntry("category", "shirt"));
    assertThat(hits.get(0).id()).as("the red product of the filtered category").isEqualTo("red-shirt");
  }

  @Test
  void combinedFilterRestrictsCategoryAndPriceBand() {
    List<Hit> hits = run("red-dress.png", "like this", "--filter", "category=dress,price_band=low|mid");
    assertThat(hits).isNotEmpty().allSatisfy(h -> {
      assertThat(h.metadata()).containsEntry("category", "dress");
      assertThat(h.metadata().get("price_band")).isIn("low", "mid");
    });
    long expected = TinyCatalog.COLOURS.keySet().stream()
        .filter(c -> !TinyCatalog.priceBand(c, "dress").equals("high")).count();
    assertThat(hits).hasSize((int) expected);
  }

  @Test
  void photoPlusTextFindsTheRecolouredProduct() {
    List<Hit> hits = run("red-dress.png", "same but in blue", "--filter", "category=dress", "--k", "3");
    assertThat(hits.get(0).id()).isEqualTo("blue-dress");
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("blue-dress").contains("dress");
  }

  @Test
  void printsTheIndexReportTheProgressBarAndTheMetadataColumns() {
    run("white-shoe.png", "like this", "--k", "2", "--concurrency", "2");
    String printed = outBytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("indexed 18, already indexed 0, failed 0 of 18");
    assertThat(printed).contains("category").contains("price_band");
    assertThat(printed).contains("white-shoe").contains(TinyCatalog.priceBand("white", "shoe"));
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("100%  18/18");
  }

  @Test
  void rerunSkipsProductsAlreadyIndexed() {
    run("white-shoe.png", "like this");
    outBytes.reset();
    run("white-shoe.png", "like this");
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("indexed 0, already indexed 18, failed 0 of 18");
  }

  @Test
  void unreadableProductIsReportedByIdAndTheRestAreSearchable() throws Exception {
    Files.write(catalog.resolve("broken-shirt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    List<Hit> hits = run("black-shirt.png", "like this", "--k", "1");
    assertThat(hits.get(0).id()).isEqualTo("black-shirt");
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("failed: broken-shirt");
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("failed 1 of 19");
  }
}
