package dev.paracosm.models.hub;

import static dev.paracosm.models.hub.FakeHub.COMMIT;
import static dev.paracosm.models.hub.FakeHub.LFS_FILE;
import static dev.paracosm.models.hub.FakeHub.OPTIONAL;
import static dev.paracosm.models.hub.FakeHub.REQUIRED;
import static dev.paracosm.models.hub.FakeHub.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.FormatCorruptException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HfHubModelSourceTest {

  @TempDir Path cache;

  private FakeHub hub;

  @BeforeEach
  void startHub() throws IOException {
    hub = new FakeHub();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private HfHubModelSource.Builder online() {
    return HfHubModelSource.builder()
        .cacheDir(cache)
        .endpoint(hub.endpoint())
        .token(null)
        .offline(false)
        .retryBackoff(Duration.ofMillis(1))
        .readTimeout(Duration.ofSeconds(10));
  }

  private HfHubModelSource offlineSource() {
    return HfHubModelSource.builder().cacheDir(cache).token(null).offline(true).build();
  }

  private Path repoDir() {
    return cache.resolve("models--paracosm-test--tiny-clip");
  }

  private Path resolveAll(HfHubModelSource source) {
    return source.resolve(SPEC, REQUIRED, OPTIONAL);
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private void assertFilesMatchFixtures(Path snapshot, Iterable<String> files) throws IOException {
    for (String f : files) {
      assertThat(Files.readAllBytes(snapshot.resolve(f)))
          .as("content of %s", f)
          .isEqualTo(hub.files.get(f));
    }
  }

  @Test
  void downloadsIntoTheHuggingFaceCacheLayout() throws IOException {
    Path snapshot = resolveAll(online().build());

    assertThat(snapshot).isEqualTo(repoDir().resolve("snapshots").resolve(COMMIT));
    assertThat(names(repoDir())).containsExactlyInAnyOrder("blobs", "refs", "snapshots");
    assertThat(Files.readString(repoDir().resolve("refs/main"))).isEqualTo(COMMIT);
    Set<String> expectedBlobs =
        FakeHub.ALL.stream().map(hub::etag).collect(Collectors.toSet());
    assertThat(names(repoDir().resolve("blobs"))).isEqualTo(expectedBlobs);
    assertThat(hub.etag(LFS_FILE)).isEqualTo(FakeHub.sha256(hub.files.get(LFS_FILE)));
    assertThat(names(snapshot)).isEqualTo(FakeHub.ALL);
    for (String f : FakeHub.ALL) {
      Path entry = snapshot.resolve(f);
      assertThat(Files.isSymbolicLink(entry)).as("%s is a symlink", f).isTrue();
      assertThat(Files.readSymbolicLink(entry))
          .as("link target of %s", f)
          .isEqualTo(Path.of("../../blobs/" + hub.etag(f)));
    }
    assertFilesMatchFixtures(snapshot, FakeHub.ALL);
  }

  @Test
  void secondResolveOfABranchMakesOneHeadAndNoGet() {
    HfHubModelSource source = online().build();
    resolveAll(source);
    hub.requests.clear();

    resolveAll(source);

    assertThat(hub.gets()).isZero();
    // One HEAD learns the commit of main; the optional file absent upstream is asked again.
    assertThat(hub.requests(FakeHub.SERVER_HUB, "HEAD"))
        .extracting(FakeHub.Request::path)
        .containsExactly(
            "/paracosm-test/tiny-clip/resolve/main/config.json",
            "/paracosm-test/tiny-clip/resolve/" + COMMIT + "/added_tokens.json");
  }

  @Test
  void fullyCachedPinnedCommitMakesNoRequestAtAll() {
    HfHubModelSource source = online().build();
    source.resolve(SPEC + "@" + COMMIT, REQUIRED, List.of("special_tokens_map.json"));
    hub.requests.clear();

    Path snapshot =
        source.resolve(SPEC + "@" + COMMIT, REQUIRED, List.of("special_tokens_map.json"));

    assertThat(snapshot).isEqualTo(repoDir().resolve("snapshots").resolve(COMMIT));
    assertThat(hub.requests).isEmpty();
  }

  @Test
  void pinnedCommitWritesNoRef() throws IOException {
    online().build().resolve(SPEC + "@" + COMMIT, REQUIRED, List.of());

    assertThat(repoDir().resolve("refs")).doesNotExist();
    assertThat(names(repoDir())).containsExactlyInAnyOrder("blobs", "snapshots");
  }

  @Test
  void offlineModeResolvesABranchFromTheCache() throws IOException {
    Path online = resolveAll(online().build());
    hub.close();

    Path offline = offlineSource().resolve(SPEC, REQUIRED, OPTIONAL);

    assertThat(offline).isEqualTo(online);
    assertFilesMatchFixtures(offline, REQUIRED);
  }

  @Test
  void offlineModeWithAnEmptyCacheFailsWithOneClearSentence() {
    assertThatThrownBy(() -> offlineSource().resolve(SPEC, REQUIRED, OPTIONAL))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessage(
            "Model hf:paracosm-test/tiny-clip is not in the Hugging Face cache at "
                + cache.toAbsolutePath().normalize()
                + " (offline mode: HF_HUB_OFFLINE=1 / ai.djl.offline=true). Download it once with"
                + " network access, or point Paracosm at a local copy with dir:/path/to/model.");
    assertThat(hub.requests).isEmpty();
  }

  @Test
  void offlineModeNamesTheMissingFilesOfAPartialSnapshot() {
    online().build().resolve(SPEC, List.of("config.json"), List.of());

    assertThatThrownBy(() -> offlineSource().resolve(SPEC, REQUIRED, List.of()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("is not complete in the Hugging Face cache at " + cache)
        .hasMessageContaining("preprocessor_config.json, tokenizer_config.json, model.safetensors")
        .hasMessageContaining("dir:/path/to/model");
  }

  @Test
  void tokenGoesToTheHubButNotToTheCdn() {
    hub.requiredToken = "hf_secret";

    resolveAll(online().token("hf_secret").build());

    assertThat(hub.requests(FakeHub.SERVER_HUB, "HEAD"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer hf_secret"));
    assertThat(hub.requests(FakeHub.SERVER_HUB, "GET"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer hf_secret"));
    assertThat(hub.requests(FakeHub.SERVER_CDN, "GET"))
        .hasSize(1)
        .allSatisfy(r -> assertThat(r.authorization()).isNull());
  }

  @Test
  void tokenIsNeverShownByToString() {
    HfHubModelSource source = online().token("hf_secret").build();

    assertThat(source.toString()).doesNotContain("hf_secret").contains("token=set");
    assertThat(source.hasToken()).isTrue();
  }

  @Test
  void unauthorizedAnswerMentionsHfToken() {
    hub.requiredToken = "hf_secret";

    assertThatThrownBy(() -> resolveAll(online().build()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("HF_TOKEN")
        .hasMessageContaining("no token was sent")
        .hasMessageContaining(SPEC);
  }

  @Test
  void forbiddenAnswerMentionsHfToken() {
    hub.forcedHubStatus = 403;

    assertThatThrownBy(() -> resolveAll(online().token("hf_wrong").build()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("HF_TOKEN")
        .hasMessageContaining("a token was sent")
        .hasMessageNotContaining("hf_wrong");
  }

  @Test
  void missingOptionalFileIsSkippedAndNotRemembered() throws IOException {
    HfHubModelSource source = online().build();
    Path snapshot = resolveAll(source);

    assertThat(snapshot.resolve("added_tokens.json")).doesNotExist();
    assertThat(names(repoDir())).doesNotContain(".no_exist");
    hub.files.put("added_tokens.json", "{}".getBytes(StandardCharsets.UTF_8));

    resolveAll(source);

    assertThat(snapshot.resolve("added_tokens.json")).hasContent("{}");
  }

  @Test
  void missingRequiredFileNamesRepositoryRevisionAndFile() {
    assertThatThrownBy(
            () -> online().build().resolve(SPEC + "@v1.0", List.of("config.json"), List.of()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("Revision v1.0 was not found in repository paracosm-test/tiny-clip");

    assertThatThrownBy(
            () -> online().build().resolve(SPEC, List.of("pytorch_model.bin"), List.of()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining(
            "Required file 'pytorch_model.bin' was not found in repository"
                + " paracosm-test/tiny-clip at revision main")
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void unknownRepositoryIsReportedEvenForOptionalFiles() {
    assertThatThrownBy(
            () -> online().build().resolve("hf:nobody/nothing", List.of(), List.of("config.json")))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("Repository nobody/nothing was not found");
  }

  @Test
  void serverErrorIsRetriedThenSucceeds() throws IOException {
    hub.headFailuresWith500.set(2);

    Path snapshot = online().build().resolve(SPEC, List.of("config.json"), List.of());

    assertFilesMatchFixtures(snapshot, List.of("config.json"));
    assertThat(hub.requests(FakeHub.SERVER_HUB, "HEAD")).hasSize(3);
  }

  @Test
  void persistentServerErrorGivesUpAfterTheAttemptLimit() {
    hub.headFailuresWith500.set(100);

    assertThatThrownBy(() -> online().build().resolve(SPEC, List.of("config.json"), List.of()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("HTTP 500 after 3 attempts")
        .hasMessageContaining("dir:/path/to/model");
    assertThat(hub.requests(FakeHub.SERVER_HUB, "HEAD")).hasSize(3);
  }

  @Test
  void droppedConnectionIsResumedWithRangeAndGivesIdenticalBytes() throws IOException {
    hub.cdnDropsMidBody.set(1);

    Path snapshot = online().build().resolve(SPEC, List.of(LFS_FILE), List.of());

    List<FakeHub.Request> gets = hub.requests(FakeHub.SERVER_CDN, "GET");
    assertThat(gets).hasSize(2);
    assertThat(gets.get(0).range()).isNull();
    assertThat(gets.get(1).range()).matches("bytes=[1-9][0-9]*-");
    long resumedAt = Long.parseLong(gets.get(1).range().replaceAll("\\D", ""));
    assertThat(resumedAt).isLessThan(hub.files.get(LFS_FILE).length);
    assertFilesMatchFixtures(snapshot, List.of(LFS_FILE));
    assertThat(names(repoDir().resolve("blobs"))).containsExactly(hub.etag(LFS_FILE));
  }

  @Test
  void cdnErrorIsRetriedThenSucceeds() throws IOException {
    hub.cdnFailuresWith500.set(2);

    Path snapshot = online().build().resolve(SPEC, List.of(LFS_FILE), List.of());

    assertThat(hub.requests(FakeHub.SERVER_CDN, "GET")).hasSize(3);
    assertFilesMatchFixtures(snapshot, List.of(LFS_FILE));
  }

  @Test
  void persistentCdnErrorFailsAfterTheAttemptLimitNamingTheFile() {
    hub.cdnFailuresWith500.set(100);

    assertThatThrownBy(() -> online().build().resolve(SPEC, List.of(LFS_FILE), List.of()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("Download of '" + LFS_FILE + "' for " + SPEC + " failed")
        .hasMessageContaining("HTTP 500")
        .hasMessageNotContaining("X-Amz-Signature=secret");
    assertThat(hub.requests(FakeHub.SERVER_CDN, "GET")).hasSize(3);
    assertThat(repoDir().resolve("blobs").resolve(hub.etag(LFS_FILE))).doesNotExist();
  }

  @Test
  void stalledBodyIsAbandonedAfterTheReadTimeoutAndResumed() throws IOException {
    hub.cdnStallsMidBody.set(1);
    hub.cdnStallMillis = 6_000;
    long start = System.nanoTime();

    Path snapshot =
        online()
            .readTimeout(Duration.ofMillis(1000))
            .build()
            .resolve(SPEC, List.of(LFS_FILE), List.of());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(5_500));
    List<FakeHub.Request> gets = hub.requests(FakeHub.SERVER_CDN, "GET");
    assertThat(gets.size()).isGreaterThanOrEqualTo(2);
    assertThat(gets.get(0).range()).isNull();
    assertThat(gets.subList(1, gets.size()))
        .allSatisfy(r -> assertThat(r.range()).matches("bytes=[1-9][0-9]*-"));
    assertFilesMatchFixtures(snapshot, List.of(LFS_FILE));
  }

  @Test
  void partialDownloadLeftByAnEarlierRunIsResumed() throws IOException {
    byte[] content = hub.files.get(LFS_FILE);
    Path partial = repoDir().resolve("blobs").resolve(hub.etag(LFS_FILE) + ".incomplete");
    Files.createDirectories(partial.getParent());
    Files.write(partial, Arrays.copyOf(content, 1000));

    Path snapshot = online().build().resolve(SPEC, List.of(LFS_FILE), List.of());

    assertThat(hub.requests(FakeHub.SERVER_CDN, "GET"))
        .extracting(FakeHub.Request::range)
        .containsExactly("bytes=1000-");
    assertFilesMatchFixtures(snapshot, List.of(LFS_FILE));
    assertThat(partial).doesNotExist();
  }

  @Test
  void serverIgnoringRangeRestartsTheFileFromTheFirstByte() throws IOException {
    hub.cdnIgnoresRange = true;
    Path partial = repoDir().resolve("blobs").resolve(hub.etag(LFS_FILE) + ".incomplete");
    Files.createDirectories(partial.getParent());
    Files.write(partial, new byte[1000]); // a prefix that does not even match the content

    Path snapshot = online().build().resolve(SPEC, List.of(LFS_FILE), List.of());

    assertThat(hub.requests(FakeHub.SERVER_CDN, "GET"))
        .extracting(FakeHub.Request::range)
        .containsExactly("bytes=1000-");
    assertFilesMatchFixtures(snapshot, List.of(LFS_FILE));
  }

  @Test
  void wrongSizeFailsTypedAndLeavesNoBlob() throws IOException {
    hub.announceWrongSize = true;

    assertThatThrownBy(() -> online().build().resolve(SPEC, List.of(LFS_FILE), List.of()))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("'" + LFS_FILE + "'")
        .hasMessageContaining("has " + hub.files.get(LFS_FILE).length + " bytes")
        .hasMessageContaining("announced " + (hub.files.get(LFS_FILE).length + 1));
    assertThat(names(repoDir().resolve("blobs"))).isEmpty();
    assertThat(repoDir().resolve("snapshots").resolve(COMMIT).resolve(LFS_FILE)).doesNotExist();
  }

  @Test
  void wrongSha256FailsTypedAndLeavesNoBlob() throws IOException {
    hub.cdnCorruptsContent = true;

    assertThatThrownBy(() -> online().build().resolve(SPEC, List.of(LFS_FILE), List.of()))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("sha256")
        .hasMessageContaining(hub.etag(LFS_FILE));
    assertThat(names(repoDir().resolve("blobs"))).isEmpty();
  }

  @Test
  void concurrentResolvesInFourThreadsDownloadEachBlobOnce() throws Exception {
    hub.cdnChunkDelayMillis = 5;
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        HfHubModelSource source = online().build(); // independent instances, one cache
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return resolveAll(source);
                }));
      }
      start.countDown();
      Set<Path> snapshots = ConcurrentHashMap.newKeySet();
      for (Future<Path> f : results) {
        snapshots.add(f.get(50, TimeUnit.SECONDS));
      }

      assertThat(snapshots).containsExactly(repoDir().resolve("snapshots").resolve(COMMIT));
      assertThat(hub.requests(FakeHub.SERVER_CDN, "GET")).hasSize(1);
      Set<String> expectedBlobs =
          FakeHub.ALL.stream().map(hub::etag).collect(Collectors.toSet());
      assertThat(names(repoDir().resolve("blobs"))).isEqualTo(expectedBlobs);
      assertFilesMatchFixtures(snapshots.iterator().next(), FakeHub.ALL);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cacheWrittenByPythonHuggingfaceHubIsReusedWithoutNetwork() throws IOException {
    // The layout huggingface_hub 0.23 leaves behind, made by hand.
    Path repo = repoDir();
    Files.createDirectories(repo.resolve("blobs"));
    Files.createDirectories(repo.resolve("refs"));
    Path snapshot = repo.resolve("snapshots").resolve(COMMIT);
    Files.createDirectories(snapshot);
    Files.writeString(repo.resolve("refs/main"), COMMIT);
    for (String f : REQUIRED) {
      Files.write(repo.resolve("blobs").resolve(hub.etag(f)), hub.files.get(f));
      Files.createSymbolicLink(snapshot.resolve(f), Path.of("../../blobs/" + hub.etag(f)));
    }
    Files.createDirectories(cache.resolve(".locks/models--paracosm-test--tiny-clip"));

    Path pinned = online().build().resolve(SPEC + "@" + COMMIT, REQUIRED, List.of());
    Path offline = offlineSource().resolve(SPEC, REQUIRED, List.of());

    assertThat(pinned).isEqualTo(snapshot);
    assertThat(offline).isEqualTo(snapshot);
    assertThat(hub.requests).isEmpty();
    assertFilesMatchFixtures(pinned, REQUIRED);
  }

  @Test
  void blobAlreadyCachedUnderAnotherCommitIsLinkedWithoutDownloading() throws IOException {
    Path repo = repoDir();
    Files.createDirectories(repo.resolve("blobs"));
    Files.write(repo.resolve("blobs").resolve(hub.etag(LFS_FILE)), hub.files.get(LFS_FILE));

    Path snapshot = online().build().resolve(SPEC, List.of(LFS_FILE), List.of());

    assertThat(hub.gets()).isZero();
    assertThat(Files.readSymbolicLink(snapshot.resolve(LFS_FILE)))
        .isEqualTo(Path.of("../../blobs/" + hub.etag(LFS_FILE)));
  }

  @Test
  void unreachableHubFallsBackToTheCachedSnapshot() throws IOException {
    Path cached = resolveAll(online().build());
    String deadEndpoint = "http://127.0.0.1:" + freePort();

    Path resolved =
        online().endpoint(deadEndpoint).maxAttempts(2).build().resolve(SPEC, REQUIRED, OPTIONAL);

    assertThat(resolved).isEqualTo(cached);
  }

  @Test
  void unreachableHubWithAnEmptyCacheNamesModelCacheAndDirAlternative() throws IOException {
    String deadEndpoint = "http://127.0.0.1:" + freePort();

    assertThatThrownBy(
            () -> online().endpoint(deadEndpoint).maxAttempts(2).build().resolve(SPEC, REQUIRED, OPTIONAL))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageStartingWith(
            "Model " + SPEC + " could not be fetched from " + deadEndpoint + " (ConnectException")
        .hasMessageContaining("is not in the Hugging Face cache at " + cache)
        .hasMessageContaining("dir:/path/to/model");
  }

  @Test
  void renamedRepositoryIsFollowedThroughItsRelativeRedirectWithTheToken() throws IOException {
    hub.requiredToken = "hf_secret";

    Path snapshot =
        online()
            .token("hf_secret")
            .build()
            .resolve("hf:" + FakeHub.RENAMED_REPO, List.of("config.json", LFS_FILE), List.of());

    assertThat(snapshot)
        .isEqualTo(
            cache.resolve("models--paracosm-test--old-tiny-clip/snapshots").resolve(COMMIT));
    assertFilesMatchFixtures(snapshot, List.of("config.json", LFS_FILE));
    assertThat(hub.requests(FakeHub.SERVER_HUB, "HEAD"))
        .extracting(FakeHub.Request::path)
        .contains(
            "/paracosm-test/old-tiny-clip/resolve/main/config.json",
            "/paracosm-test/tiny-clip/resolve/main/config.json");
    assertThat(hub.requests(FakeHub.SERVER_CDN, "GET"))
        .singleElement()
        .satisfies(r -> assertThat(r.authorization()).isNull());
  }

  @Test
  void progressListenerSeesTheWholeLfsFile() {
    Map<String, Long> last = new ConcurrentHashMap<>();
    Map<String, Long> totals = new ConcurrentHashMap<>();

    online()
        .progressListener(
            (repo, file, done, total) -> {
              last.merge(file, done, Math::max);
              totals.put(file, total);
            })
        .build()
        .resolve(SPEC, List.of(LFS_FILE), List.of());

    long size = hub.files.get(LFS_FILE).length;
    assertThat(last).containsEntry(LFS_FILE, size);
    assertThat(totals).containsEntry(LFS_FILE, size);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
