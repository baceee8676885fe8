package dev.paracosm.models.hub;

import dev.paracosm.ConfigurationException;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code hf:org/name[@revision]} specs by downloading the needed files into the Hugging
 * Face hub cache, in exactly the layout huggingface_hub (0.23+) uses, so Java and Python tools share
 * one cache.
 *
 * <p>Per file it sends {@code HEAD {endpoint}/{repo}/resolve/{revision}/{file}} to learn the commit
 * ({@code X-Repo-Commit}), the blob name ({@code X-Linked-Etag} or {@code ETag}) and the size
 * ({@code X-Linked-Size} or {@code Content-Length}), then downloads the body (from the CDN an LFS
 * file redirects to, which never receives the token) into {@code blobs/<etag>.incomplete}, resuming
 * partial downloads with {@code Range}, checks the size and, for LFS files, the sha256, and links
 * {@code snapshots/<commit>/<file>} to the blob. Files already in the cache are not downloaded
 * again; with a pinned commit and everything cached, no request is made at all. Concurrent resolves
 * in several threads or processes are serialised per blob by a lock file.
 *
 * <p>Defaults come from the environment like huggingface_hub: {@code HF_HUB_CACHE}, {@code
 * HF_HOME}, {@code HF_ENDPOINT}, {@code HF_TOKEN} / {@code HF_TOKEN_PATH}, {@code HF_HUB_OFFLINE}
 * (and the system property {@code ai.djl.offline=true}). Instances are immutable and thread-safe.
 */
public final class HfHubModelSource implements ModelSource {

  private static final Logger LOG = LoggerFactory.getLogger(HfHubModelSource.class);

  /** The public hub. */
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SAFE_ETAG = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final String OFFLINE_HINT = "offline mode: HF_HUB_OFFLINE=1 / ai.djl.offline=true";
  private static final String DIR_HINT = "point Paracosm at a local copy with dir:/path/to/model";

  private final Path cacheDir;
  private final URI endpoint;
  private final String token;
  private final boolean offline;
  private final int maxAttempts;
  private final DownloadProgressListener listener;
  private final HubHttp http;

  private HfHubModelSource(Builder b, Path cacheDir, URI endpoint, String token, boolean offline) {
    this.cacheDir = cacheDir;
    this.endpoint = endpoint;
    this.token = token;
    this.offline = offline;
    this.maxAttempts = b.maxAttempts;
    this.listener = b.listener;
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(b.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.http =
        new HubHttp(
            client,
            endpoint,
            token,
            b.maxAttempts,
            b.retryBackoff,
            b.requestTimeout,
            b.readTimeout,
            "paracosm-models/0.1 (java " + Runtime.version().feature() + ")");
  }

  /** @return a builder whose unset options default from the environment */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a source configured entirely from the environment */
  public static HfHubModelSource fromEnvironment() {
    return builder().build();
  }

  /** @return the hub cache root ({@code .../huggingface/hub}) */
  public Path cacheDir() {
    return cacheDir;
  }

  /** @return the hub endpoint, without a trailing slash */
  public URI endpoint() {
    return endpoint;
  }

  /** @return whether this source only reads the cache and never touches the network */
  public boolean offline() {
    return offline;
  }

  /** @return whether a token will be sent to the hub (the token itself is never exposed) */
  public boolean hasToken() {
    return token != null;
  }

  /** The token, for tests of the defaults only. */
  String token() {
    return token;
  }

  /**
   * Resolves an {@code hf:} spec to its snapshot directory in the cache, downloading what is
   * missing.
   *
   * @param spec {@code hf:org/name[@revision]}; the revision defaults to {@code main}
   * @param requiredFiles files that must exist in the repository
   * @param optionalFiles files fetched when the repository has them (a 404 skips them)
   * @return {@code <cache>/models--org--name/snapshots/<commit>}
   * @throws InvalidInputException when the spec or a file name is malformed
   * @throws ModelUnavailableException when offline and not cached, on 401/403 (mentioning {@code
   *     HF_TOKEN}), when a required file does not exist, or when the hub cannot be reached and the
   *     cache cannot stand in
   * @throws FormatCorruptException when a download does not match its announced size or sha256
   *     (the partial file is deleted)
   */
  @Override
  public Path resolve(String spec, List<String> requiredFiles, List<String> optionalFiles) {
    HfRepoSpec repo = HfRepoSpec.parse(spec);
    Map<String, Boolean> files = files(requiredFiles, optionalFiles);
    HfCacheLayout layout = new HfCacheLayout(cacheDir, repo);
    try {
      return offline ? resolveOffline(repo, layout, files) : resolveOnline(repo, layout, files);
    } catch (IOException e) {
      throw new ModelUnavailableException(
          "Model " + spec + " could not be written to the Hugging Face cache at " + cacheDir + ": "
              + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelUnavailableException("Resolving model " + spec + " was interrupted", e);
    }
  }

  private static Map<String, Boolean> files(List<String> required, List<String> optional) {
    Objects.requireNonNull(required, "requiredFiles");
    Objects.requireNonNull(optional, "optionalFiles");
    Map<String, Boolean> files = new LinkedHashMap<>();
    for (String f : required) {
      HfCacheLayout.checkFilename(f);
      files.put(f, true);
    }
    for (String f : optional) {
      HfCacheLayout.checkFilename(f);
      files.putIfAbsent(f, false);
    }
    return files;
  }

  private Path resolveOffline(HfRepoSpec repo, HfCacheLayout layout, Map<String, Boolean> files) {
    String commit = cachedCommit(repo, layout).orElse(null);
    List<String> missing = commit == null ? requiredOf(files) : missingRequired(layout, commit, files);
    if (commit == null || !missing.isEmpty()) {
      throw notCached(repo, commit, missing, "(" + OFFLINE_HINT + ")");
    }
    LOG.debug("Model {} resolved offline to {}", repo.spec(), layout.snapshotDir(commit));
    return layout.snapshotDir(commit);
  }

  private ModelUnavailableException notCached(
      HfRepoSpec repo, String commit, List<String> missing, String reason) {
    String where = "the Hugging Face cache at " + cacheDir;
    String problem;
    if (commit == null || !Files.isDirectory(layout(repo).snapshotDir(commit))) {
      problem = "is not in " + where + " " + reason;
    } else {
      problem =
          "is not complete in "
              + where
              + " ("
              + String.join(", ", missing)
              + " missing from snapshot "
              + commit
              + "; "
              + reason.substring(1);
    }
    return new ModelUnavailableException(
        "Model "
            + repo.spec()
            + " "
            + problem
            + ". Download it once with network access, or "
            + DIR_HINT
            + ".");
  }

  private HfCacheLayout layout(HfRepoSpec repo) {
    return new HfCacheLayout(cacheDir, repo);
  }

  private static Optional<String> cachedCommit(HfRepoSpec repo, HfCacheLayout layout) {
    return HfRepoSpec.isCommitHash(repo.revision())
        ? Optional.of(repo.revision())
        : layout.readRef(repo.revision());
  }

  private static List<String> requiredOf(Map<String, Boolean> files) {
    List<String> out = new ArrayList<>();
    files.forEach((f, required) -> {
      if (required) {
        out.add(f);
      }
    });
    return out;
  }

  private static List<String> missingRequired(
      HfCacheLayout layout, String commit, Map<String, Boolean> files) {
    List<String> out = new ArrayList<>();
    files.forEach((f, required) -> {
      if (required && !layout.hasSnapshotFile(commit, f)) {
        out.add(f);
      }
    });
    return out;
  }

  private Path resolveOnline(HfRepoSpec repo, HfCacheLayout layout, Map<String, Boolean> files)
      throws IOException, InterruptedException {
    String commit = HfRepoSpec.isCommitHash(repo.revision()) ? repo.revision() : null;
    for (Map.Entry<String, Boolean> entry : files.entrySet()) {
      String file = entry.getKey();
      boolean required = entry.getValue();
      if (commit != null && layout.hasSnapshotFile(commit, file)) {
        LOG.debug("{} {}: cached in {}", repo.spec(), file, layout.snapshotDir(commit));
        continue;
      }
      String revision = commit != null ? commit : repo.revision();
      URI uri = resolveUri(repo.repoId(), revision, file);
      HubHttp.HeadResult head;
      try {
        head = http.head(uri);
      } catch (IOException e) {
        return cacheFallback(repo, layout, commit, files, HubHttp.describe(e), e);
      }
      int status = head.status();
      if (HubHttp.isRetryable(status)) {
        return cacheFallback(repo, layout, commit, files, "HTTP " + status, null);
      }
      if (status == 401 || status == 403) {
        throw accessDenied(repo, revision, file, status, head.headers());
      }
      if (status == 404) {
        String errorCode = head.headers().firstValue("X-Error-Code").orElse("");
        if (!required && !errorCode.equals("RepoNotFound") && !errorCode.equals("RevisionNotFound")) {
          LOG.info("{} {}: not in the repository, skipped (optional)", repo.spec(), file);
          if (commit == null) {
            commit = head.headers().firstValue("X-Repo-Commit").filter(HfRepoSpec::isCommitHash)
                .orElse(null);
            if (commit != null) {
              layout.writeRef(repo.revision(), commit);
            }
          }
          continue;
        }
        throw notFound(repo, revision, file, errorCode);
      }
      if (status != 200 && head.redirect() == null) {
        throw new ModelUnavailableException(
            "Hugging Face hub "
                + endpoint
                + " answered HTTP "
                + status
                + " for file '"
                + file
                + "' of "
                + repo.spec()
                + " (revision "
                + revision
                + ")");
      }
      FileMeta meta = FileMeta.of(head, file, repo, endpoint);
      if (commit == null) {
        commit = meta.commit;
        layout.writeRef(repo.revision(), commit);
      }
      if (layout.hasSnapshotFile(commit, file)) {
        LOG.debug("{} {}: cached in {}", repo.spec(), file, layout.snapshotDir(commit));
        continue;
      }
      URI download =
          head.redirect() != null ? head.redirect() : resolveUri(repo.repoId(), commit, file);
      fetchBlob(repo, layout, commit, file, meta, download);
    }
    if (commit == null) {
      throw new ModelUnavailableException(
          "None of the files " + files.keySet() + " exist in " + repo.spec() + " at " + endpoint);
    }
    Path snapshot = layout.snapshotDir(commit);
    Files.createDirectories(snapshot);
    return snapshot;
  }

  private Path cacheFallback(
      HfRepoSpec repo,
      HfCacheLayout layout,
      String knownCommit,
      Map<String, Boolean> files,
      String reason,
      Exception cause) {
    String commit = knownCommit != null ? knownCommit : cachedCommit(repo, layout).orElse(null);
    if (commit != null && missingRequired(layout, commit, files).isEmpty()) {
      LOG.warn(
          "Cannot reach the Hugging Face hub at {} ({}); using the cached snapshot {} of {}",
          endpoint, reason, commit, repo.spec());
      return layout.snapshotDir(commit);
    }
    ModelUnavailableException e =
        new ModelUnavailableException(
            "Model "
                + repo.spec()
                + " could not be fetched from "
                + endpoint
                + " ("
                + reason
                + " after "
                + maxAttempts
                + " attempts) and is not in the Hugging Face cache at "
                + cacheDir
                + ". Check the network and HF_ENDPOINT, or "
                + DIR_HINT
                + ".");
    if (cause != null) {
      e.initCause(cause);
    }
    throw e;
  }

  private void fetchBlob(
      HfRepoSpec repo, HfCacheLayout layout, String commit, String file, FileMeta meta, URI download)
      throws IOException, InterruptedException {
    // Another thread or process may have finished this blob while we waited for its lock.
    HfCacheLayout.BlobLock lock = layout.lockBlob(meta.etag);
    try {
      Path blob = layout.blob(meta.etag);
      if (!Files.isRegularFile(blob)) {
        downloadBlob(repo, layout, file, meta, download);
      } else {
        LOG.debug("{} {}: blob {} already cached", repo.spec(), file, meta.etag);
      }
      layout.link(commit, file, meta.etag);
    } finally {
      lock.close();
    }
  }

  private void downloadBlob(
      HfRepoSpec repo, HfCacheLayout layout, String file, FileMeta meta, URI download)
      throws IOException, InterruptedException {
    Path partial = layout.incomplete(meta.etag);
    boolean lfs = SHA256.matcher(meta.etag).matches();
    MessageDigest digest = lfs ? sha256() : null;
    long resumeFrom = Files.exists(partial) ? Files.size(partial) : 0;
    LOG.info(
        "Downloading {} {} ({}){} into {}",
        repo.spec(), file, describeSize(meta.size),
        resumeFrom > 0 ? ", resuming at " + resumeFrom + " bytes" : "",
        layout.repoDir());
    long started = System.nanoTime();
    HubHttp.Progress progress =
        listener == null ? null : (done, total) -> listener.onProgress(repo.repoId(), file, done, total);
    long size;
    try {
      size = http.download(download, partial, meta.size, digest, progress);
    } catch (HubHttp.StatusException e) {
      if (e.status == 401 || e.status == 403) {
        throw accessDenied(repo, meta.commit, file, e.status, null);
      }
      throw downloadFailed(repo, file, partial, e);
    } catch (IOException e) {
      throw downloadFailed(repo, file, partial, e);
    }
    if (meta.size >= 0 && size != meta.size) {
      Files.deleteIfExists(partial);
      throw new FormatCorruptException(
          "Download of '" + file + "' for " + repo.spec() + " (commit " + meta.commit + ") has "
              + size + " bytes but the hub announced " + meta.size
              + "; the partial file was deleted, retry the download");
    }
    if (digest != null) {
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(meta.etag)) {
        Files.deleteIfExists(partial);
        throw new FormatCorruptException(
            "Download of '" + file + "' for " + repo.spec() + " (commit " + meta.commit
                + ") has sha256 " + actual + " but its LFS etag is " + meta.etag
                + "; the partial file was deleted, retry the download");
      }
    }
    layout.commitBlob(meta.etag);
    double seconds = (System.nanoTime() - started) / 1e9;
    LOG.info(
        "Downloaded {} {} ({}) in {} s",
        repo.spec(), file, describeSize(size), String.format(Locale.ROOT, "%.1f", seconds));
  }

  private ModelUnavailableException downloadFailed(
      HfRepoSpec repo, String file, Path partial, IOException e) {
    return new ModelUnavailableException(
        "Download of '" + file + "' for " + repo.spec() + " failed (" + HubHttp.describe(e)
            + "; network errors are retried up to " + maxAttempts + " times without progress)" + ". What arrived is kept in " + partial
            + " and will be resumed next time; check the network and HF_ENDPOINT, or "
            + DIR_HINT + ".", e);
  }

  private ModelUnavailableException accessDenied(
      HfRepoSpec repo, String revision, String file, int status, HttpHeaders headers) {
    String errorCode =
        headers == null ? "" : headers.firstValue("X-Error-Code").map(c -> ", " + c).orElse("");
    return new ModelUnavailableException(
        "Access to " + repo.spec() + " (file '" + file + "', revision " + revision + ") was refused by "
            + endpoint + " (HTTP " + status + errorCode + "; "
            + (token == null ? "no token was sent" : "a token was sent")
            + "): the repository is private, gated or does not exist. Set HF_TOKEN (or put a token in "
            + "HF_TOKEN_PATH / $HF_HOME/token) to a token that can read it and accept the model's "
            + "terms on the hub if it is gated, or " + DIR_HINT + ".");
  }

  private ModelUnavailableException notFound(
      HfRepoSpec repo, String revision, String file, String errorCode) {
    String what;
    if (errorCode.equals("RepoNotFound")) {
      what = "Repository " + repo.repoId() + " was not found";
    } else if (errorCode.equals("RevisionNotFound")) {
      what = "Revision " + revision + " was not found in repository " + repo.repoId();
    } else {
      what = "Required file '" + file + "' was not found in repository " + repo.repoId()
          + " at revision " + revision;
    }
    return new ModelUnavailableException(
        what + " on " + endpoint + " (HTTP 404" + (errorCode.isEmpty() ? "" : ", " + errorCode)
            + ") while resolving " + repo.spec() + " (file '" + file + "').");
  }

  private URI resolveUri(String repoId, String revision, String file) {
    return URI.create(
        endpoint + "/" + repoId + "/resolve/" + encode(revision, false) + "/" + encode(file, true));
  }

  /** Percent-encodes like Python's {@code urllib.parse.quote} (keeping '/' only in file paths). */
  static String encode(String text, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean unreserved =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/');
      if (unreserved) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String describeSize(long bytes) {
    if (bytes < 0) {
      return "size unknown";
    }
    if (bytes < 1 << 20) {
      return bytes + " bytes";
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "HfHubModelSource[cacheDir=" + cacheDir + ", endpoint=" + endpoint + ", offline="
        + offline + ", token=" + (token == null ? "none" : "set") + "]";
  }

  /** Metadata of one file from the HEAD response. */
  private static final class FileMeta {
    final String commit;
    final String etag;
    final long size;

    private FileMeta(String commit, String etag, long size) {
      this.commit = commit;
      this.etag = etag;
      this.size = size;
    }

    static FileMeta of(HubHttp.HeadResult head, String file, HfRepoSpec repo, URI endpoint) {
      HttpHeaders h = head.headers();
      String commit = h.firstValue("X-Repo-Commit").map(String::strip).orElse(null);
      String etag =
          normalizeEtag(h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).orElse(null));
      long size =
          h.firstValueAsLong("X-Linked-Size").orElseGet(
              () -> head.redirect() == null ? h.firstValueAsLong("Content-Length").orElse(-1) : -1);
      if (commit == null || !HfRepoSpec.isCommitHash(commit) || etag == null
          || !SAFE_ETAG.matcher(etag).matches()) {
        throw new ModelUnavailableException(
            "The answer of " + endpoint + " for file '" + file + "' of " + repo.spec()
                + " lacks a valid X-Repo-Commit or ETag header (got X-Repo-Commit=" + commit
                + ", ETag=" + etag + "); check that HF_ENDPOINT points at a Hugging Face hub"
                + " and that no proxy rewrites its headers.");
      }
      return new FileMeta(commit, etag, size);
    }
  }

  /** Strips the weak marker and quotes: {@code W/"abc"} → {@code abc}. */
  static String normalizeEtag(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e.isEmpty() ? null : e;
  }

  /**
   * Options of an {@link HfHubModelSource}. Every option is optional; unset ones default from the
   * environment when {@link #build()} is called.
   */
  public static final class Builder {
    private Path cacheDir;
    private String endpoint;
    private String token;
    private boolean tokenSet;
    private Boolean offline;
    private int maxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(500);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofSeconds(60);
    private DownloadProgressListener listener;
    private Map<String, String> env = System.getenv();
    private Properties systemProperties = System.getProperties();

    private Builder() {}

    /**
     * @param cacheDir the hub cache root; default {@code HF_HUB_CACHE}, else {@code $HF_HOME/hub},
     *     else {@code ~/.cache/huggingface/hub}
     * @return this builder
     */
    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
      return this;
    }

    /**
     * @param endpoint the hub URL; default {@code HF_ENDPOINT}, else {@value HfHubModelSource#DEFAULT_ENDPOINT}
     * @return this builder
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * @param token access token sent as {@code Authorization: Bearer} to the hub's own origin only,
     *     or null for none; default {@code HF_TOKEN}, else the file {@code HF_TOKEN_PATH} or {@code
     *     $HF_HOME/token}
     * @return this builder
     */
    public Builder token(String token) {
      this.token = token == null || token.isBlank() ? null : token.strip();
      this.tokenSet = true;
      return this;
    }

    /**
     * @param offline true to use the cache only; default true when {@code HF_HUB_OFFLINE} is set to
     *     1/true/yes/on or the system property {@code ai.djl.offline} is {@code true}
     * @return this builder
     */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /**
     * @param maxAttempts tries per request before giving up (at least 1; default 3)
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new ConfigurationException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * @param retryBackoff base delay of the jittered exponential backoff between tries (default
     *     500 ms; each retry waits between half and all of base·2^(n-1), at most 10 s)
     * @return this builder
     */
    public Builder retryBackoff(Duration retryBackoff) {
      this.retryBackoff = nonNegative(retryBackoff, "retryBackoff");
      return this;
    }

    /**
     * @param connectTimeout TCP/TLS connect timeout (default 10 s)
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * @param requestTimeout time allowed until response headers arrive (default 30 s)
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * @param readTimeout longest silence allowed while a body streams in; the download is then
     *     resumed (default 60 s)
     * @return this builder
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = positive(readTimeout, "readTimeout");
      return this;
    }

    /**
     * @param listener receives per-file download progress, or null for none
     * @return this builder
     */
    public Builder progressListener(DownloadProgressListener listener) {
      this.listener = listener;
      return this;
    }

    /** Replaces the process environment and system properties used for defaults (tests). */
    Builder environment(Map<String, String> env, Properties systemProperties) {
      this.env = Map.copyOf(env);
      this.systemProperties = systemProperties;
      return this;
    }

    /**
     * @return the source
     * @throws ConfigurationException when the endpoint is not an http(s) URL
     */
    public HfHubModelSource build() {
      Path cache = cacheDir != null ? cacheDir : defaultCacheDir();
      URI uri = parseEndpoint(endpoint != null ? endpoint : envOr("HF_ENDPOINT", DEFAULT_ENDPOINT));
      String tok = tokenSet ? token : defaultToken();
      boolean off =
          offline != null
              ? offline
              : isTrue(env.get("HF_HUB_OFFLINE"))
                  || "true".equalsIgnoreCase(systemProperties.getProperty("ai.djl.offline"));
      return new HfHubModelSource(this, cache.toAbsolutePath().normalize(), uri, tok, off);
    }

    private String envOr(String name, String fallback) {
      String value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.strip();
    }

    private Path home() {
      return Path.of(systemProperties.getProperty("user.home", "."));
    }

    private Path expand(String path) {
      if (path.equals("~")) {
        return home();
      }
      if (path.startsWith("~/")) {
        return home().resolve(path.substring(2));
      }
      return Path.of(path);
    }

    private Path hfHome() {
      String hfHome = envOr("HF_HOME", null);
      if (hfHome != null) {
        return expand(hfHome);
      }
      String xdg = envOr("XDG_CACHE_HOME", null);
      Path base = xdg != null ? expand(xdg) : home().resolve(".cache");
      return base.resolve("huggingface");
    }

    private Path defaultCacheDir() {
      String hubCache = envOr("HF_HUB_CACHE", envOr("HUGGINGFACE_HUB_CACHE", null));
      return hubCache != null ? expand(hubCache) : hfHome().resolve("hub");
    }

    private String defaultToken() {
      String tok = envOr("HF_TOKEN", envOr("HUGGING_FACE_HUB_TOKEN", null));
      if (tok != null) {
        return tok;
      }
      String tokenPath = envOr("HF_TOKEN_PATH", null);
      Path file = tokenPath != null ? expand(tokenPath) : hfHome().resolve("token");
      try {
        if (Files.isRegularFile(file)) {
          String text = Files.readString(file, StandardCharsets.UTF_8).strip();
          return text.isEmpty() ? null : text;
        }
      } catch (IOException | UncheckedIOException e) {
        LOG.debug("Cannot read the token file {}: {}", file, e.toString());
      }
      return null;
    }

    private static URI parseEndpoint(String text) {
      String trimmed = text.strip();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      try {
        URI uri = new URI(trimmed);
        String scheme = uri.getScheme();
        if (scheme == null
            || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || uri.getHost() == null
            || uri.getQuery() != null) {
          throw new ConfigurationException(
              "Hugging Face endpoint '" + text + "' (HF_ENDPOINT) is not an http(s) URL");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new ConfigurationException(
            "Hugging Face endpoint '" + text + "' (HF_ENDPOINT) is not a valid URL: "
                + e.getMessage(), e);
      }
    }

    private static boolean isTrue(String value) {
      if (value == null) {
        return false;
      }
      String v = value.strip().toLowerCase(Locale.ROOT);
      return v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on");
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new ConfigurationException(name + " must be positive, got " + d);
      }
      return d;
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new ConfigurationException(name + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
