package dev.paracosm.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ArtifactStoreTest {
  @TempDir Path dir;

  private static ArtifactKey key(String prompt) {
    TreeMap<String, String> params = new TreeMap<>(Map.of("temperature", "0.1", "top_p", "0.9"));
    return new ArtifactKey("captioner", "Qwen/Qwen2.5-VL-7B-Instruct", "vllm", prompt, params, 7L,
        List.of("ab".repeat(32)));
  }

  private static ImageData png(int rgb) {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, rgb);
    return ImageData.fromBufferedImage(img, "test");
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aStoredTextIsAHitWithItsProvenance() {
    try (ArtifactStore store = ArtifactStore.open(dir)) {
      ArtifactKey k = key("Describe the image.");
      assertThat(store.get(k)).isEmpty();
      Artifact put = store.putText(k, "a red dress ✓", Map.of("server", "http://127.0.0.1:8000"));
      Artifact got = store.get(k).orElseThrow();
      assertThat(got).isEqualTo(put);
      assertThat(got.kind()).isEqualTo(ArtifactKind.TEXT);
      assertThat(got.text()).isEqualTo("a red dress ✓");
      assertThat(got.keyDigest()).isEqualTo(k.digest());
      assertThat(got.provenance())
          .containsEntry("role", "captioner")
          .containsEntry("model", "Qwen/Qwen2.5-VL-7B-Instruct")
          .containsEntry("server_profile", "vllm")
          .containsEntry("prompt", "Describe the image.")
          .containsEntry("params", "{\"temperature\":\"0.1\",\"top_p\":\"0.9\"}")
          .containsEntry("seed", "7")
          .containsEntry("server", "http://127.0.0.1:8000")
          .containsKey("created_at");
    }
  }

  @Test
  void aStoredImageIsAHitWithTheSameBytesAndAPngFile() throws IOException {
    ImageData image = png(0xff0000);
    try (ArtifactStore store = ArtifactStore.open(dir)) {
      ArtifactKey k = key("edit: make it red");
      store.putImage(k, image, Map.of());
      Artifact got = store.get(k).orElseThrow();
      assertThat(got.kind()).isEqualTo(ArtifactKind.IMAGE);
      assertThat(got.image()).isEqualTo(image);
      assertThat(dir.resolve(k.digest().substring(0, 2)).resolve(k.digest() + ".png")).exists();
      assertThat(dir.resolve(k.digest().substring(0, 2)).resolve(k.digest() + ".json")).exists();
      assertThatThrownBy(got::text).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void reopeningTheStoreFindsEarlierArtifacts() {
    ArtifactKey k = key("p");
    try (ArtifactStore store = ArtifactStore.open(dir)) {
      store.putText(k, "kept", Map.of());
    }
    try (ArtifactStore store = ArtifactStore.open(dir)) {
      assertThat(store.get(k).map(Artifact::text)).contains("kept");
    }
  }

  @Test
  void everyKeyFieldChangesTheDigest() {
    ArtifactKey base = key("p");
    TreeMap<String, String> otherParams = new TreeMap<>(base.params());
    otherParams.put("top_p", "0.8");
    List<ArtifactKey> variants = List.of(
        new ArtifactKey("image_editor", base.modelId(), base.serverProfile(), "p", base.params(), 7L, base.inputHashes()),
        new ArtifactKey("captioner", "other", base.serverProfile(), "p", base.params(), 7L, base.inputHashes()),
        new ArtifactKey("captioner", base.modelId(), null, "p", base.params(), 7L, base.inputHashes()),
        new ArtifactKey("captioner", base.modelId(), base.serverProfile(), "p ", base.params(), 7L, base.inputHashes()),
        new ArtifactKey("captioner", base.modelId(), base.serverProfile(), "p", otherParams, 7L, base.inputHashes()),
        new ArtifactKey("captioner", base.modelId(), base.serverProfile(), "p", base.params(), null, base.inputHashes()),
        new ArtifactKey("captioner", base.modelId(), base.serverProfile(), "p", base.params(), 7L, List.of()));
    assertThat(variants).extracting(ArtifactKey::digest).doesNotHaveDuplicates().doesNotContain(base.digest());
    assertThat(key("p").digest()).isEqualTo(base.digest()).matches("[0-9a-f]{64}");
  }

  @Test
  void theDigestIsSha256OfTheCanonicalJson() throws Exception {
    ArtifactKey k = new ArtifactKey("captioner", "m", null, "hi", new TreeMap<>(Map.of("b", "2", "a", "1")), null,
        List.of("h1"));
    assertThat(k.canonicalJson()).isEqualTo("{\"key_version\":1,\"role\":\"captioner\",\"model_id\":\"m\","
        + "\"server_profile\":null,\"rendered_prompt\":\"hi\",\"params\":{\"a\":\"1\",\"b\":\"2\"},\"seed\":null,"
        + "\"input_hashes\":[\"h1\"]}");
    var sha = java.security.MessageDigest.getInstance("SHA-256")
        .digest(k.canonicalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(k.digest()).isEqualTo(java.util.HexFormat.of().formatHex(sha));
  }

  @Test
  void hostileKeyContentNeverEscapesTheStoreDirectory() throws IOException {
    Path outside = dir.resolveSibling(dir.getFileName() + "-outside");
    try (ArtifactStore store = ArtifactStore.open(dir)) {
      for (String hostile : List.of("../../etc/passwd", "/absolute/path", "..\\..\\win", "a/../../b\u0000c", "")) {
        ArtifactKey k = new ArtifactKey("../" + hostile.isEmpty() + "x", "../" + hostile + "m", hostile, hostile,
            new TreeMap<>(Map.of("../k", hostile)), 1L, List.of(hostile));
        store.putText(k, "t", Map.of("../../prov", hostile));
        assertThat(store.get(k)).isPresent();
      }
    }
    Path real = dir.toRealPath();
    for (Path f : files()) {
      assertThat(f.toRealPath().startsWith(real)).as("%s stays inside", f).isTrue();
      assertThat(f.getFileName().toString()).matches("[0-9a-f]{64}\\.(txt|json)|\\.lock");
    }
    assertThat(outside).doesNotExist();
  }

  @Test
  void aCorruptRecordIsAMissNotAnException() throws IOException {
    try (ArtifactStore store = ArtifactStore.open(dir)) {
      ArtifactKey k = key("p");
      store.putText(k, "text", Map.of());
      Path json = dir.resolve(k.digest().substring(0, 2)).resolve(k.digest() + ".json");
      Files.writeString(json, "{\"format_version\": 1, \"dig");
      assertThat(store.get(k)).isEmpty();
      store.putText(k, "text again", Map.of());
      assertThat(store.get(k).map(Artifact::text)).contains("text again");
    }
  }

  @Test
  void aTruncatedOrAlteredContentFileIsAMiss() throws IOException {
    try (ArtifactStore store = ArtifactStore.open(dir)) {
      ArtifactKey k = key("p");
      store.putText(k, "some generated caption", Map.of());
      Path txt = dir.resolve(k.digest().substring(0, 2)).resolve(k.digest() + ".txt");
      Files.writeString(txt, "some generated");
      assertThat(store.get(k)).isEmpty();
      Files.writeString(txt, "some generated captioN");
      assertThat(store.get(k)).as("same length, different bytes").isEmpty();
      Files.delete(txt);
      assertThat(store.get(k)).isEmpty();
    }
  }

  @Test
  void aRecordOfAFutureVersionOrForAnotherDigestIsAMiss() throws IOException {
    try (ArtifactStore store = ArtifactStore.open(dir)) {
      ArtifactKey k = key("p");
      store.putText(k, "text", Map.of());
      Path json = dir.resolve(k.digest().substring(0, 2)).resolve(k.digest() + ".json");
      String original = Files.readString(json);
      Files.writeString(json, original.replace("\"format_version\" : 1", "\"format_version\" : 2"));
      assertThat(store.get(k)).isEmpty();
      Files.writeString(json, original.replace("\"file\" : \"" + k.digest(), "\"file\" : \"../" + k.digest()));
      assertThat(store.get(k)).isEmpty();
      Files.writeString(json, original);
      assertThat(store.get(k)).isPresent();
    }
  }

  @Test
  void concurrentPutsOfTheSameKeyLeaveOneConsistentArtifact() throws Exception {
    ArtifactKey k = key("race");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try (ArtifactStore a = ArtifactStore.open(dir); ArtifactStore b = ArtifactStore.open(dir)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        ArtifactStore store = t % 2 == 0 ? a : b;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 20; i++) {
            store.putText(k, "writer " + id + " ".repeat(id * 10), Map.of());
            Optional<Artifact> seen = store.get(k);
            seen.ifPresent(x -> assertThat(x.text()).startsWith("writer "));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      Artifact last = a.get(k).orElseThrow();
      assertThat(last.text()).matches("writer \\d +|writer \\d");
    } finally {
      pool.shutdownNow();
    }
    assertThat(files()).allSatisfy(f -> assertThat(f.getFileName().toString()).doesNotEndWith(".tmp"));
  }
}
