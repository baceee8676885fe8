package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.fusion.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class GalleryIndexTest {
  private static final int DIM = 8;

  @TempDir Path dir;

  private static float[] halfRounded(float[] v, StorageType storage) {
    if (storage == StorageType.FLOAT32) {
      return v.clone();
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = HalfAccess.round(v[i]);
    }
    return out;
  }

  private Map<String, float[]> fill(GalleryIndex index, int n, long seed) {
    Random rnd = new Random(seed);
    Map<String, float[]> written = new HashMap<>();
    for (int i = 0; i < n; i++) {
      float[] v = TestVectors.random(rnd, DIM);
      written.put("item-" + i, v);
      index.add(new IndexedItem("item-" + i, Map.of("n", Integer.toString(i)), Map.of("image", v)));
    }
    return written;
  }

  @ParameterizedTest
  @EnumSource(StorageType.class)
  void committedVectorsReadBackExactlyInTheirStorageType(StorageType storage) {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM, storage))) {
      Map<String, float[]> written = fill(index, 50, 1);
      index.commit();
      IndexSnapshot s = index.snapshot();
      assertThat(s.size()).isEqualTo(50);
      FloatMatrix image = s.component("image");
      for (int r = 0; r < s.size(); r++) {
        assertThat(image.row(r)).as("row %d", r).containsExactly(halfRounded(written.get(s.id(r)), storage));
        assertThat(s.metadata(r)).containsEntry("n", s.id(r).substring(5));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(StorageType.class)
  void reopeningAfterCloseSeesTheSameContent(StorageType storage) {
    Map<String, float[]> written;
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM, storage))) {
      written = fill(index, 20, 2);
      index.commit();
    }
    try (GalleryIndex index = GalleryIndex.openReadOnly(dir)) {
      assertThat(index.encoderId()).isEqualTo("test:encoder");
      assertThat(index.dimension()).isEqualTo(DIM);
      assertThat(index.storage()).isEqualTo(storage);
      IndexSnapshot s = index.snapshot();
      assertThat(s.size()).isEqualTo(20);
      for (int i = 0; i < 20; i++) {
        int row = s.row("item-" + i);
        assertThat(row).isEqualTo(i);
        assertThat(s.component("image").row(row)).containsExactly(halfRounded(written.get("item-" + i), storage));
      }
    }
  }

  @Test
  void uncommittedItemsAreInvisibleAndDroppedOnClose() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      fill(index, 3, 3);
      assertThat(index.snapshot().size()).isZero();
      assertThat(index.contains("item-0")).isFalse();
    }
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      assertThat(index.snapshot().size()).isZero();
    }
  }

  @Test
  void reAddingAnIdExtendsComponentsMergesMetadataAndKeepsItsRow() {
    float[] image = TestVectors.seeded(1, DIM);
    float[] syn = TestVectors.seeded(2, DIM);
    float[] detailed = TestVectors.seeded(3, DIM);
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      index.add(new IndexedItem("a", Map.of("category", "dress", "color", "red"), Map.of("image", image)));
      index.add(new IndexedItem("b", Map.of(), Map.of("image", syn)));
      index.commit();
      assertThat(index.hasComponent("a", "syn_image")).isFalse();
      index.add(new IndexedItem("a", Map.of("color", "blue"), Map.of("syn_image", syn)));
      index.commit();
      index.add(new IndexedItem("a", Map.of(), Map.of("t_detailed", detailed)));
      index.commit();
      IndexSnapshot s = index.snapshot();
      assertThat(s.size()).isEqualTo(2);
      assertThat(s.row("a")).isZero();
      assertThat(s.componentNames()).containsExactlyInAnyOrder("image", "syn_image", "t_detailed");
      assertThat(s.component("image").row(0)).containsExactly(image);
      assertThat(s.component("syn_image").row(0)).containsExactly(syn);
      assertThat(s.component("t_detailed").row(0)).containsExactly(detailed);
      assertThat(s.metadata(0)).isEqualTo(Map.of("category", "dress", "color", "blue"));
      assertThat(index.hasComponent("a", "t_detailed")).isTrue();
      assertThat(index.hasComponent("b", "t_detailed")).isFalse();
      assertThat(s.presence("syn_image").stream().toArray()).containsExactly(0);
      assertThat(s.component("syn_image").row(1)).containsOnly(0f);
    }
  }

  @Test
  void reAddingAComponentOverwritesTheStoredVector() {
    float[] first = TestVectors.seeded(1, DIM);
    float[] second = TestVectors.seeded(2, DIM);
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      index.add(IndexedItem.of("a", "image", first));
      index.commit();
      index.add(IndexedItem.of("a", "image", second));
      index.commit();
      assertThat(index.snapshot().component("image").row(0)).containsExactly(second);
    }
  }

  @Test
  void reAddingWithinOneCommitMergesInTheBuffer() {
    float[] image = TestVectors.seeded(1, DIM);
    float[] syn = TestVectors.seeded(2, DIM);
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      index.add(new IndexedItem("a", Map.of("k", "1"), Map.of("image", image)));
      index.add(new IndexedItem("a", Map.of("j", "2"), Map.of("syn_image", syn)));
      index.commit();
      IndexSnapshot s = index.snapshot();
      assertThat(s.size()).isEqualTo(1);
      assertThat(s.metadata(0)).isEqualTo(Map.of("k", "1", "j", "2"));
      assertThat(s.component("syn_image").row(0)).containsExactly(syn);
      assertThat(s.component("image").row(0)).containsExactly(image);
    }
  }

  @Test
  void mutatingTheCallersArrayAfterAddDoesNotChangeTheIndex() {
    float[] v = TestVectors.seeded(1, DIM);
    float[] original = v.clone();
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      index.add(IndexedItem.of("a", "image", v));
      v[0] = 42f;
      index.commit();
      assertThat(index.snapshot().component("image").row(0)).containsExactly(original);
    }
  }

  @Test
  void aVectorOfTheWrongDimensionIsRejectedNamingItemComponentAndDimensions() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      assertThatThrownBy(() -> index.add(IndexedItem.of("shirt-17", "syn_image", new float[5])))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("shirt-17")
          .hasMessageContaining("syn_image")
          .hasMessageContaining("5")
          .hasMessageContaining(Integer.toString(DIM));
    }
  }

  @Test
  void aNonFiniteValueIsRejected() {
    float[] v = new float[DIM];
    v[3] = Float.NaN;
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      assertThatThrownBy(() -> index.add(IndexedItem.of("x", "image", v)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'x'")
          .hasMessageContaining("position 3");
    }
  }

  @Test
  void openingWithAnotherEncoderIdNamesBoth() {
    GalleryIndex.open(dir, TestVectors.options(DIM)).close();
    IndexOptions other = IndexOptions.builder().encoderId("hf:other/model").dimension(DIM).build();
    assertThatThrownBy(() -> GalleryIndex.open(dir, other))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("test:encoder")
        .hasMessageContaining("hf:other/model");
  }

  @Test
  void openingWithAnotherDimensionNamesBoth() {
    GalleryIndex.open(dir, TestVectors.options(DIM)).close();
    assertThatThrownBy(() -> GalleryIndex.open(dir, TestVectors.options(768)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dimension " + DIM)
        .hasMessageContaining("768");
  }

  @Test
  void openingWithAnotherStorageTypeNamesBoth() {
    GalleryIndex.open(dir, TestVectors.options(DIM, StorageType.FLOAT16)).close();
    assertThatThrownBy(() -> GalleryIndex.open(dir, TestVectors.options(DIM, StorageType.FLOAT32)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("FLOAT16")
        .hasMessageContaining("FLOAT32");
  }

  @Test
  void aSecondWriterGetsAClearConfigurationExceptionUntilTheFirstCloses() {
    try (GalleryIndex first = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      assertThatThrownBy(() -> GalleryIndex.open(dir, TestVectors.options(DIM)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("already open for writing")
          .hasMessageContaining(dir.toString());
      first.add(IndexedItem.of("a", "image", new float[DIM]));
      first.commit();
    }
    try (GalleryIndex second = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      assertThat(second.contains("a")).isTrue();
    }
  }

  @Test
  void readersNeedNoLockAndSeeLaterCommitsInNewSnapshots() {
    try (GalleryIndex writer = GalleryIndex.open(dir, TestVectors.options(DIM));
        GalleryIndex reader = GalleryIndex.openReadOnly(dir)) {
      IndexSnapshot before = reader.snapshot();
      writer.add(IndexedItem.of("a", "image", TestVectors.seeded(1, DIM)));
      writer.commit();
      IndexSnapshot after = reader.snapshot();
      assertThat(before.size()).isZero();
      assertThat(after.size()).isEqualTo(1);
      assertThat(after.component("image").row(0)).containsExactly(TestVectors.seeded(1, DIM));
      assertThat(reader.snapshot()).as("unchanged manifest: same snapshot").isSameAs(after);
    }
  }

  @Test
  void aReadOnlyIndexRejectsWrites() {
    GalleryIndex.open(dir, TestVectors.options(DIM)).close();
    try (GalleryIndex reader = GalleryIndex.openReadOnly(dir)) {
      assertThatThrownBy(() -> reader.add(IndexedItem.of("a", "image", new float[DIM])))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("read-only");
    }
  }

  @Test
  void openingReadOnlyWhereNoIndexExistsIsAConfigurationError() {
    assertThatThrownBy(() -> GalleryIndex.openReadOnly(dir.resolve("nothing-here")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("nothing-here");
  }

  @Test
  void anUnknownBackendNameListsTheAvailableOnes() {
    IndexOptions o = IndexOptions.builder().encoderId("e").dimension(4).backend("hnsw").build();
    assertThatThrownBy(() -> GalleryIndex.open(dir, o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hnsw")
        .hasMessageContaining("file");
  }

  @Test
  void optionsRequireEncoderIdAndDimension() {
    assertThatThrownBy(() -> IndexOptions.builder().dimension(4).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("encoderId");
    assertThatThrownBy(() -> IndexOptions.builder().encoderId("e").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("dimension");
  }

  @Test
  void theManifestTagsEveryComponentWithTheEncoderId() throws Exception {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      index.add(new IndexedItem("a", Map.of(), Map.of("image", new float[DIM], "pefuse_caption", new float[DIM])));
      index.commit();
    }
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    assertThat(json.get("format_version").asInt()).isEqualTo(1);
    assertThat(json.get("components").get("image").get("encoder_id").asText()).isEqualTo("test:encoder");
    assertThat(json.get("components").get("pefuse_caption").get("encoder_id").asText()).isEqualTo("test:encoder");
    assertThat(json.get("segments")).hasSize(1);
    assertThat(json.get("segments").get(0).get("crc32c").asText()).matches("[0-9a-f]{8}");
  }

  @Test
  void compactionMergesSegmentsWithoutChangingContent() throws Exception {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      fill(index, 10, 5);
      index.commit();
      index.add(new IndexedItem("item-3", Map.of("extra", "yes"), Map.of("syn_image", TestVectors.seeded(9, DIM))));
      index.commit();
      fill(index, 4, 6); // overwrites item-0..3 image vectors
      index.commit();
      IndexSnapshot before = index.snapshot();
      index.compact();
      IndexSnapshot after = index.snapshot();
      assertThat(after.generation()).isGreaterThan(before.generation());
      assertThat(after.size()).isEqualTo(before.size());
      for (int r = 0; r < before.size(); r++) {
        assertThat(after.id(r)).isEqualTo(before.id(r));
        assertThat(after.metadata(r)).isEqualTo(before.metadata(r));
      }
      for (String c : List.of("image", "syn_image")) {
        assertThat(after.component(c).data()).containsExactly(before.component(c).data());
        assertThat(after.presence(c)).isEqualTo(before.presence(c));
      }
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.filter(p -> p.getFileName().toString().endsWith(".pcs")).count()).isEqualTo(1);
      }
    }
    try (GalleryIndex reopened = GalleryIndex.openReadOnly(dir)) {
      assertThat(reopened.snapshot().metadata(3)).containsEntry("extra", "yes");
    }
  }

  @Test
  void asksForAComponentNoItemHasNameTheComponent() {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      index.add(IndexedItem.of("a", "image", new float[DIM]));
      index.commit();
      assertThatThrownBy(() -> index.snapshot().component("t_brief"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("t_brief")
          .hasMessageContaining("image");
    }
  }
}
