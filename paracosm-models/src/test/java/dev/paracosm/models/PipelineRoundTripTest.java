package dev.paracosm.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.Gallery;
import dev.paracosm.GalleryItem;
import dev.paracosm.GenerationSettings;
import dev.paracosm.Hit;
import dev.paracosm.IndexReport;
import dev.paracosm.Paracosm;
import dev.paracosm.ProgressListener;
import dev.paracosm.Query;
import dev.paracosm.SearchOptions;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.models.openai.FakeOpenAiServer;
import dev.paracosm.testkit.DeterministicEncoder;
import dev.paracosm.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Paracosm query and gallery plans, for every mode of method.md, against a loopback
 * OpenAI-compatible server that validates every request against the schema subset: the expected
 * artifacts are produced, and a second run reuses them (zero requests).
 */
@Timeout(180)
class PipelineRoundTripTest {
  static final int ITEMS = 5;
  @TempDir Path dir;

  static FakeOpenAiServer server() {
    return FakeOpenAiServer.builder().responder(r -> {
      int h = r.bodyText().hashCode();
      if (FakeOpenAiServer.CHAT.equals(r.operation())) {
        return FakeOpenAiServer.Reply.chat("a photo of object " + Integer.toHexString(h) + " on a table");
      }
      return FakeOpenAiServer.Reply.image(TestImages.pattern(h, 32, 32).bytes());
    }).build();
  }

  Paracosm pipeline(FakeOpenAiServer server) {
    String url = server.baseUrl();
    return Paracosm.builder().encoder(new DeterministicEncoder())
        .captioner("vllm:Qwen/Qwen2.5-VL-7B-Instruct@" + url)
        .imageEditor("vllm-omni:Qwen/Qwen-Image-Edit@" + url)
        .textToImage("vllm-omni:Qwen/Qwen-Image@" + url)
        .modes(EnumSet.allOf(Mode.class)).indexDirectory(dir.resolve("index"))
        .generation(GenerationSettings.defaults().withPefuseDatabasePrompt("Describe this image in detail."))
        .build();
  }

  static Gallery gallery() {
    List<GalleryItem> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(GalleryItem.of("img" + i, TestImages.pattern(500 + i, 32, 32), Map.of()));
    }
    return Gallery.of(items);
  }

  @Test
  void everyModeRoundTripsOverHttpAndTheSecondRunSendsNoRequest() throws Exception {
    Query query = Query.builder().id("q").reference(TestImages.pattern(77, 32, 32))
        .modificationText("make the object blue").dataset("cirr").build();
    List<List<String>> first = new ArrayList<>();
    try (FakeOpenAiServer server = server()) {
      try (Paracosm p = pipeline(server)) {
        IndexReport report = p.index(gallery(), ProgressListener.NONE);
        assertThat(report.failures()).isEmpty();
        // gallery plan: t_detailed + pefuse_caption per item (chat), one synthetic counterpart per item
        assertThat(server.requests(FakeOpenAiServer.CHAT)).hasSize(2 * ITEMS);
        assertThat(server.requests(FakeOpenAiServer.GENERATIONS)).hasSize(ITEMS);
        for (Mode mode : Mode.values()) {
          List<Hit> hits = p.search(query, 3, SearchOptions.of(FusionConfig.of(mode)));
          assertThat(hits).as(mode.id()).hasSize(3);
          first.add(hits.stream().map(Hit::id).toList());
        }
        // query plan: mental image + PEFUSE edit; t_query + PEFUSE composition
        assertThat(server.requests(FakeOpenAiServer.EDITS)).hasSize(2);
        assertThat(server.requests(FakeOpenAiServer.CHAT)).hasSize(2 * ITEMS + 2);
      }
      assertThat(server.schemaViolations()).isEmpty();
      int requests = server.requestCount();
      // the mental-image edit used the CIRR template and the method's settings
      var edit = server.requests(FakeOpenAiServer.EDITS).stream()
          .filter(r -> r.field("prompt").startsWith("Edit the image according to the following instruction"))
          .findFirst().orElseThrow();
      assertThat(edit.field("prompt")).contains("make the object blue");
      assertThat(edit.field("seed")).isEqualTo("0");

      try (Paracosm p = pipeline(server)) {
        assertThat(p.index(gallery(), ProgressListener.NONE).skipped()).isEqualTo(ITEMS);
        int m = 0;
        for (Mode mode : Mode.values()) {
          assertThat(p.search(query, 3, SearchOptions.of(FusionConfig.of(mode))).stream().map(Hit::id).toList())
              .as(mode.id()).isEqualTo(first.get(m++));
        }
      }
      assertThat(server.requestCount()).as("requests on the second run").isEqualTo(requests);
    }
    List<Path> provenance;
    try (Stream<Path> files = Files.walk(dir.resolve("index").resolve("artifacts"))) {
      provenance = files.filter(f -> f.toString().endsWith(".json")).toList();
    }
    // 2 texts per item, 1 image per item, mental image, t_query, PEFUSE text and image
    assertThat(provenance).hasSize(3 * ITEMS + 4);
    assertThat(provenance).anySatisfy(f -> assertThat(Files.readString(f)).contains("vllm-omni")
        .contains("Qwen/Qwen-Image-Edit"));
  }
}
