package dev.paracosm.models.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HfCacheLayoutTest {

  private static final String COMMIT = FakeHub.COMMIT;

  @TempDir Path cache;

  private final HfRepoSpec repo = HfRepoSpec.parse("hf:org/name");

  @Test
  void nestedFilesLinkWithAsManyParentStepsAsTheyAreDeep() throws IOException {
    HfCacheLayout layout = new HfCacheLayout(cache, repo);
    Files.createDirectories(layout.blob("e1").getParent());
    Files.writeString(layout.blob("e1"), "x");

    layout.link(COMMIT, "sub/dir/file.json", "e1");

    assertThat(Files.readSymbolicLink(layout.snapshotFile(COMMIT, "sub/dir/file.json")))
        .isEqualTo(Path.of("../../../../blobs/e1"));
    assertThat(layout.snapshotFile(COMMIT, "sub/dir/file.json")).hasContent("x");
  }

  @Test
  void withoutSymlinksTheSnapshotHoldsACopyOfTheBlob() throws IOException {
    HfCacheLayout layout = new HfCacheLayout(cache, repo, false);
    Files.createDirectories(layout.blob("e1").getParent());
    Files.writeString(layout.blob("e1"), "content");

    layout.link(COMMIT, "config.json", "e1");

    Path entry = layout.snapshotFile(COMMIT, "config.json");
    assertThat(Files.isSymbolicLink(entry)).isFalse();
    assertThat(entry).hasContent("content");
    assertThat(layout.hasSnapshotFile(COMMIT, "config.json")).isTrue();
  }

  @Test
  void refIsWrittenWithoutNewlineAndReadBack() throws IOException {
    HfCacheLayout layout = new HfCacheLayout(cache, repo);

    layout.writeRef("refs/pr/1", COMMIT);

    assertThat(cache.resolve("models--org--name/refs/refs/pr/1")).hasContent(COMMIT);
    assertThat(Files.readAllBytes(layout.refFile("refs/pr/1"))).hasSize(40);
    assertThat(layout.readRef("refs/pr/1")).contains(COMMIT);
    assertThat(layout.readRef("main")).isEmpty();
  }

  @Test
  void danglingSnapshotLinkDoesNotCountAsCached() throws IOException {
    HfCacheLayout layout = new HfCacheLayout(cache, repo);
    Files.createDirectories(layout.snapshotDir(COMMIT));
    Files.createSymbolicLink(layout.snapshotFile(COMMIT, "config.json"), Path.of("../../blobs/gone"));

    assertThat(layout.hasSnapshotFile(COMMIT, "config.json")).isFalse();
  }

  /**
   * Another process holds the blob lock and completes the blob meanwhile: a resolve in this JVM
   * waits for the lock and then reuses that blob instead of downloading it again.
   */
  @Test
  void blobLockIsHonouredAcrossProcesses() throws Exception {
    try (FakeHub hub = new FakeHub()) {
      String lfs = FakeHub.LFS_FILE;
      HfRepoSpec tiny = HfRepoSpec.parse(FakeHub.SPEC);
      HfCacheLayout layout = new HfCacheLayout(cache, tiny);
      String etag = hub.etag(lfs);
      Path ready = cache.resolve("holder.ready");
      Process holder = startHolder(layout.lockFile(etag), layout.blob(etag),
          FakeHub.FIXTURES.resolve(lfs).toAbsolutePath(), ready, 1500);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(ready) && System.nanoTime() < deadline && holder.isAlive()) {
          Thread.sleep(20);
        }
        assertThat(ready).as("lock holder started").exists();
        long start = System.nanoTime();

        Path snapshot =
            HfHubModelSource.builder()
                .cacheDir(cache)
                .endpoint(hub.endpoint())
                .token(null)
                .offline(false)
                .build()
                .resolve(FakeHub.SPEC, List.of(lfs), List.of());

        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waitedMillis).as("waited for the other process").isGreaterThanOrEqualTo(500);
        assertThat(hub.requests(FakeHub.SERVER_CDN, "GET")).isEmpty();
        assertThat(snapshot.resolve(lfs)).hasSameBinaryContentAs(FakeHub.FIXTURES.resolve(lfs));
        assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(holder.exitValue()).isZero();
      } finally {
        holder.destroy();
      }
    }
  }

  private static Process startHolder(Path lock, Path blob, Path source, Path ready, long holdMillis)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes =
        Path.of(LockHolder.class.getProtectionDomain().getCodeSource().getLocation().getPath())
            .toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", classes, LockHolder.class.getName(),
        lock.toString(), blob.toString(), source.toString(), ready.toString(),
        Long.toString(holdMillis)));
    return new ProcessBuilder(cmd).inheritIO().start();
  }
}
