package dev.paracosm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Protocol;
import dev.paracosm.fusion.QueryComponent;
import dev.paracosm.image.ImageData;
import dev.paracosm.testkit.DeterministicEncoder;
import dev.paracosm.testkit.DeterministicGenerators.TestCaptioner;
import dev.paracosm.testkit.DeterministicGenerators.TestImageEditor;
import dev.paracosm.testkit.DeterministicGenerators.TestTextToImage;
import dev.paracosm.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ParacosmPipelineTest {
  @TempDir Path dir;

  final DeterministicEncoder encoder = new DeterministicEncoder();
  final TestCaptioner captioner = new TestCaptioner(0);
  final TestImageEditor editor = new TestImageEditor(0);
  final TestTextToImage t2i = new TestTextToImage(0);

  Gallery gallery(int n) {
    List<GalleryItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(GalleryItem.of("item" + i, TestImages.pattern(i, 24, 24),
          Map.of("category", i % 2 == 0 ? "dress" : "shirt")));
    }
    return Gallery.of(items);
  }

  Paracosm.Builder allModes() {
    return Paracosm.builder().encoder(encoder).captioner(captioner).imageEditor(editor).textToImage(t2i)
        .modes(EnumSet.allOf(Mode.class)).indexDirectory(dir.resolve("index"))
        .generation(GenerationSettings.defaults().withPefuseDatabasePrompt("Describe this product image."));
  }

  @Test
  void everyModeRanksTheGalleryAndASecondRunMakesNoRequests() {
    Query query = Query.builder().id("q1").reference(TestImages.pattern(3, 24, 24)).modificationText("make it red")
        .build();
    List<List<String>> first = new ArrayList<>();
    try (Paracosm p = allModes().build()) {
      IndexReport report = p.index(gallery(10), ProgressListener.NONE);
      assertThat(report.indexed()).isEqualTo(10);
      assertThat(report.failures()).isEmpty();
      // t_detailed feeds both its own embedding and the synthetic counterpart: generated once per item
      assertThat(p.counters()).containsEntry("captioner.calls", 20L).doesNotContainKey("captioner.cache_hits");
      for (Mode mode : Mode.values()) {
        List<Hit> hits = p.search(query, 5, SearchOptions.of(FusionConfig.of(mode)));
        assertThat(hits).as(mode.id()).hasSize(5);
        assertThat(hits).extracting(Hit::rank).containsExactly(1, 2, 3, 4, 5);
        for (int i = 1; i < hits.size(); i++) {
          assertThat(hits.get(i - 1).score()).as(mode.id()).isGreaterThanOrEqualTo(hits.get(i).score());
        }
        first.add(hits.stream().map(Hit::id).toList());
      }
    }
    long calls = captioner.calls() + editor.calls() + t2i.calls();
    assertThat(calls).isPositive();
    long encodes = encoder.imageCalls() + encoder.textCalls();
    try (Paracosm p = allModes().build()) {
      IndexReport again = p.index(gallery(10), ProgressListener.NONE);
      assertThat(again.skipped()).isEqualTo(10);
      assertThat(again.indexed()).isZero();
      int m = 0;
      for (Mode mode : Mode.values()) {
        List<Hit> hits = p.search(query, 5, SearchOptions.of(FusionConfig.of(mode)));
        assertThat(hits.stream().map(Hit::id).toList()).as(mode.id()).isEqualTo(first.get(m++));
      }
      assertThat(p.counters()).doesNotContainKeys("captioner.calls", "image_editor.calls", "text_to_image.calls");
    }
    assertThat(captioner.calls() + editor.calls() + t2i.calls()).as("generator requests on the second run")
        .isEqualTo(calls);
    assertThat(encoder.imageCalls() + encoder.textCalls() - encodes).as("only query encodes on the second run")
        .isLessThan(3L * Mode.values().length);
  }

  @Test
  void imageOnlyBaselineFindsTheReferenceAndCirrExcludesIt() {
    try (Paracosm p = Paracosm.builder().encoder(encoder).mode(Mode.BASELINE_IMAGE_ONLY)
        .indexDirectory(dir.resolve("index")).build()) {
      p.index(gallery(12), ProgressListener.NONE);
      Query q = Query.builder().reference(TestImages.pattern(7, 24, 24)).modificationText("anything")
          .referenceId("item7").build();
      assertThat(p.search(q, 3).get(0).id()).isEqualTo("item7");
      List<Hit> cirr = p.search(q, 3, SearchOptions.defaults().withProtocol(Protocol.CIRR));
      assertThat(cirr).hasSize(3).extracting(Hit::id).doesNotContain("item7");
    }
  }

  @Test
  void metadataFilterIsAppliedBeforeTopK() {
    try (Paracosm p = Paracosm.builder().encoder(encoder).mode(Mode.BASELINE_IMAGE_ONLY)
        .indexDirectory(dir.resolve("index")).build()) {
      p.index(gallery(12), ProgressListener.NONE);
      // the query is item2's image, a dress: the best match overall
      Query q = Query.of(TestImages.pattern(2, 24, 24), "anything");
      List<Hit> dresses = p.search(q, 4, SearchOptions.defaults().withFilter("category=dress"));
      assertThat(dresses).hasSize(4).allSatisfy(h -> assertThat(h.metadata()).containsEntry("category", "dress"));
      assertThat(dresses.get(0).id()).isEqualTo("item2");
      List<Hit> shirts = p.search(q, 4, SearchOptions.defaults().withFilter("category=shirt"));
      assertThat(shirts).hasSize(4).allSatisfy(h -> assertThat(h.metadata()).containsEntry("category", "shirt"));
    }
  }

  @Test
  void lambdaSweepOverEncodedQueriesCostsNoFurtherModelCalls() {
    try (Paracosm p = allModes().build()) {
      p.index(gallery(8), ProgressListener.NONE);
      Query q = Query.of(TestImages.pattern(1, 24, 24), "with stripes");
      QueryEncoding enc = p.encodeQuery(q, Paracosm.componentsFor(FusionConfig.of(Mode.PARACOSM)));
      assertThat(enc.components()).containsKeys(QueryComponent.MENTAL_IMAGE, QueryComponent.T_QUERY,
          QueryComponent.T_MOD);
      assertThat(enc.images()).containsKey("mental_image");
      assertThat(enc.texts()).containsKey("t_query");
      Map<String, Long> before = p.counters();
      for (double lambda = 0; lambda <= 1.0001; lambda += 0.1) {
        p.searchEncoded(List.of(enc), List.of(q), 5,
            SearchOptions.of(FusionConfig.of(Mode.PARACOSM).withLambda(Math.min(1, lambda))));
      }
      p.searchEncoded(List.of(enc), List.of(q), 5, SearchOptions.of(FusionConfig.builder()
          .galleryParts(Set.of(GalleryComponent.IMAGE, GalleryComponent.SYN_IMAGE, GalleryComponent.T_DETAILED))
          .build()));
      Map<String, Long> after = p.counters();
      before.forEach((k, v) -> {
        if (!k.startsWith("ranker")) {
          assertThat(after.get(k)).as(k).isEqualTo(v);
        }
      });
    }
  }

  @Test
  void missingRolesAreListedInOneError() {
    assertThatThrownBy(() -> Paracosm.builder().encoder(encoder).mode(Mode.PARACOSM)
            .modes(Set.of(Mode.PEFUSE_T2T)).indexDirectory(dir).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("image editor").hasMessageContaining("captioner")
        .hasMessageContaining("text-to-image").hasMessageContaining("PARACOSM_IMAGE_EDITOR")
        .hasMessageContaining("database-caption prompt");
  }

  @Test
  void corruptGalleryImageIsReportedWithItsIdAndTheRestIsIndexed() throws Exception {
    Path bad = dir.resolve("bad.png");
    Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    List<GalleryItem> items = new ArrayList<>(gallery(4).items());
    items.add(GalleryItem.of("broken", bad));
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    try (Paracosm p = Paracosm.builder().encoder(encoder).mode(Mode.BASELINE_IMAGE_ONLY)
        .indexDirectory(dir.resolve("index")).build()) {
      IndexReport report = p.index(Gallery.of(items), events::add);
      assertThat(report.failures()).containsOnlyKeys("broken");
      assertThat(report.failures().get("broken")).contains("bad.png");
      assertThat(report.indexed()).isEqualTo(4);
      assertThat(events).anySatisfy(e -> {
        assertThat(e.kind()).isEqualTo(ProgressEvent.Kind.ITEM_FAILED);
        assertThat(e.itemId()).isEqualTo("broken");
      });
      assertThat(events.get(events.size() - 1).kind()).isEqualTo(ProgressEvent.Kind.FINISHED);
    }
  }

  @Test
  void emptyModificationTextIsATypedError() {
    assertThatThrownBy(() -> Query.of(TestImages.pattern(1, 8, 8), "  "))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty modification text");
  }

  @Test
  void encoderWithAnotherDimensionThanTheIndexIsRejected() {
    try (Paracosm p = Paracosm.builder().encoder(encoder).mode(Mode.BASELINE_IMAGE_ONLY)
        .indexDirectory(dir.resolve("index")).build()) {
      p.index(gallery(2), ProgressListener.NONE);
    }
    dev.paracosm.role.Encoder other = new dev.paracosm.role.Encoder() {
      @Override
      public String modelId() {
        return encoder.modelId();
      }

      @Override
      public int dimension() {
        return 10;
      }

      @Override
      public float[] encodeImage(ImageData image) {
        return new float[10];
      }

      @Override
      public float[] encodeText(String text) {
        return new float[10];
      }
    };
    assertThatThrownBy(() -> Paracosm.builder().encoder(other).mode(Mode.BASELINE_IMAGE_ONLY)
            .indexDirectory(dir.resolve("index")).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("48").hasMessageContaining("10");
  }

  @Test
  void unknownModeFromTheEnvironmentIsATypedError() {
    assertThatThrownBy(() -> dev.paracosm.internal.PipelineConfig.builder(
            k -> k.equals("PARACOSM_MODE") ? "paracosmic" : null).encoder(encoder).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("paracosmic");
  }

  @Test
  void fashionIqQueriesEncodeBothCaptionOrders() {
    try (Paracosm p = allModes().build()) {
      Query q = Query.builder().reference(TestImages.pattern(2, 24, 24)).modificationText("is red.")
          .secondCaption("has long sleeves?").dataset("fashioniq").build();
      QueryEncoding enc = p.encodeQuery(q, Set.of(QueryComponent.T_MOD));
      assertThat(enc.components()).containsOnlyKeys(QueryComponent.T_MOD_FWD, QueryComponent.T_MOD_REV);
      assertThat(enc.components().get(QueryComponent.T_MOD_FWD))
          .containsExactly(encoder.encodeText("is red and has long sleeves"));
      assertThat(enc.components().get(QueryComponent.T_MOD_REV))
          .containsExactly(encoder.encodeText("has long sleeves and is red"));
    }
  }

  @Test
  void indexRowsFollowGalleryOrderWhateverTheCompletionOrder() throws Exception {
    // later items finish first: the encoder sleeps less for higher-numbered images
    dev.paracosm.role.Encoder slowFirst = new dev.paracosm.role.Encoder() {
      @Override
      public String modelId() {
        return encoder.modelId();
      }

      @Override
      public int dimension() {
        return encoder.dimension();
      }

      @Override
      public float[] encodeImage(ImageData image) {
        int n = Integer.parseInt(image.source().substring("pattern-".length()));
        try {
          Thread.sleep(10L * (12 - n));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return encoder.encodeImage(image);
      }

      @Override
      public float[] encodeText(String text) {
        return encoder.encodeText(text);
      }
    };
    try (Paracosm p = Paracosm.builder().encoder(slowFirst).mode(Mode.BASELINE_IMAGE_ONLY).concurrency(4)
        .indexDirectory(dir.resolve("index")).build()) {
      p.index(gallery(12), ProgressListener.NONE);
    }
    try (var idx = dev.paracosm.index.GalleryIndex.openReadOnly(dir.resolve("index"))) {
      var snap = idx.snapshot();
      for (int row = 0; row < 12; row++) {
        assertThat(snap.id(row)).isEqualTo("item" + row);
      }
    }
  }
}
