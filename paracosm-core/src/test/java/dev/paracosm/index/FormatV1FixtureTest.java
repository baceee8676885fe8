package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.fusion.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the committed version-1 indexes under {@code src/test/resources/index-v1/} (written once by
 * {@link #main}) and checks every value exactly. Later format changes must keep this test passing.
 * All vector values are exactly representable in float16, so both fixtures hold the same numbers.
 */
@Timeout(60)
class FormatV1FixtureTest {
  static final Path FIXTURES = Path.of("src/test/resources/index-v1");

  // Commit 1
  static final float[] A_IMAGE = {1f, 0.5f, -2f, 0.25f};
  static final float[] B_IMAGE = {0f, -1.5f, 3f, 0.125f};
  static final float[] B_DETAILED = {-0.75f, 2f, 0f, 1f};
  static final float[] C_IMAGE_OLD = {4f, 4f, 4f, 4f};
  // Commit 2
  static final float[] A_SYN = {0.5f, 0.5f, -0.5f, 8f};
  static final float[] C_IMAGE = {-1f, 0f, 0.0625f, 2.5f};
  static final float[] D_IMAGE = {1.75f, -3f, 0.5f, 0f};
  static final float[] D_SYN = {-2f, 0.25f, 1f, -1f};

  @TempDir Path tmp;

  private static Path dirFor(StorageType storage) {
    return FIXTURES.resolve(storage == StorageType.FLOAT32 ? "fp32" : "fp16");
  }

  private Path copy(StorageType storage) throws IOException {
    Path src = dirFor(storage);
    Path dst = tmp.resolve("index");
    Files.createDirectories(dst);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        Files.copy(f, dst.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return dst;
  }

  @ParameterizedTest
  @EnumSource(StorageType.class)
  void theCommittedVersionOneIndexReadsBackExactly(StorageType storage) throws IOException {
    try (GalleryIndex index = GalleryIndex.openReadOnly(copy(storage))) {
      assertThat(index.encoderId()).isEqualTo("fixture:encoder-v1");
      assertThat(index.dimension()).isEqualTo(4);
      assertThat(index.storage()).isEqualTo(storage);
      IndexSnapshot s = index.snapshot();
      assertThat(s.generation()).isEqualTo(2);
      assertThat(s.size()).isEqualTo(4);
      assertThat(List.of(s.id(0), s.id(1), s.id(2), s.id(3))).containsExactly("a", "b", "c", "d");
      assertThat(s.metadata(0)).isEqualTo(Map.of("category", "dress", "price_band", "low"));
      assertThat(s.metadata(1)).isEqualTo(Map.of("category", "shirt", "note", "ünïcödé ✓"));
      assertThat(s.metadata(2)).isEqualTo(Map.of("category", "toptee"));
      assertThat(s.metadata(3)).isEqualTo(Map.of());
      assertThat(s.componentNames()).containsExactlyInAnyOrder("image", "syn_image", "t_detailed");
      FloatMatrix image = s.component("image");
      assertThat(image.row(0)).containsExactly(A_IMAGE);
      assertThat(image.row(1)).containsExactly(B_IMAGE);
      assertThat(image.row(2)).containsExactly(C_IMAGE);
      assertThat(image.row(3)).containsExactly(D_IMAGE);
      FloatMatrix syn = s.component("syn_image");
      assertThat(syn.row(0)).containsExactly(A_SYN);
      assertThat(syn.row(1)).containsOnly(0f);
      assertThat(syn.row(2)).containsOnly(0f);
      assertThat(syn.row(3)).containsExactly(D_SYN);
      assertThat(s.presence("syn_image").stream().toArray()).containsExactly(0, 3);
      assertThat(s.presence("t_detailed").stream().toArray()).containsExactly(1);
      assertThat(s.component("t_detailed").row(1)).containsExactly(B_DETAILED);
    }
  }

  @ParameterizedTest
  @EnumSource(StorageType.class)
  void aVersionOneIndexAcceptsNewCommits(StorageType storage) throws IOException {
    Path dir = copy(storage);
    IndexOptions options = IndexOptions.builder().encoderId("fixture:encoder-v1").dimension(4).storage(storage).build();
    try (GalleryIndex index = GalleryIndex.open(dir, options)) {
      index.add(IndexedItem.of("e", "image", new float[] {1, 2, 3, 4}));
      index.commit();
      assertThat(index.snapshot().size()).isEqualTo(5);
      assertThat(index.snapshot().component("image").row(2)).containsExactly(C_IMAGE);
    }
  }

  /**
   * Regenerates the fixtures (run once, from the module directory; never from tests).
   *
   * @param args unused
   * @throws IOException on failure
   */
  public static void main(String[] args) throws IOException {
    for (StorageType storage : StorageType.values()) {
      Path dir = dirFor(storage);
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      IndexOptions options =
          IndexOptions.builder().encoderId("fixture:encoder-v1").dimension(4).storage(storage).build();
      try (GalleryIndex index = GalleryIndex.open(dir, options)) {
        index.add(new IndexedItem("a", Map.of("category", "dress"), Map.of("image", A_IMAGE)));
        index.add(new IndexedItem("b", Map.of("category", "shirt", "note", "ünïcödé ✓"),
            Map.of("image", B_IMAGE, "t_detailed", B_DETAILED)));
        index.add(new IndexedItem("c", Map.of("category", "dress"), Map.of("image", C_IMAGE_OLD)));
        index.commit();
        index.add(new IndexedItem("a", Map.of("price_band", "low"), Map.of("syn_image", A_SYN)));
        index.add(new IndexedItem("c", Map.of("category", "toptee"), Map.of("image", C_IMAGE)));
        index.add(new IndexedItem("d", Map.of(), Map.of("image", D_IMAGE, "syn_image", D_SYN)));
        index.commit();
      }
      Files.delete(dir.resolve("write.lock"));
    }
  }
}
