package dev.paracosm.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.ParacosmException;
import dev.paracosm.image.ImageData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed store of generated texts and images with provenance.
 *
 * <p>Layout: {@code <dir>/<first 2 hex of digest>/<digest>.{txt|png|jpg}} holds the content and
 * {@code <digest>.json} (the record, format version 1) its kind, size, SHA-256 and provenance. Paths
 * derive only from the hex digest, so no key can address a file outside the directory. Both files
 * are written to temporary names, fsynced and moved into place atomically (content first; the
 * record is the commit point), under a lock so that concurrent puts of one key from threads or
 * processes never interleave. A corrupt, partial or foreign record reads as a miss (logged at
 * WARN), never as an exception. A later put of the same key replaces the earlier artifact.
 */
public final class ArtifactStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactStore.class);
  /** Version of the {@code <digest>.json} record format. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> EXTENSIONS = Set.of("txt", "png", "jpg", "webp", "gif", "bmp", "bin");
  /** One lock per store directory in this JVM (file locks are per process). */
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final ReentrantLock jvmLock;
  private volatile boolean closed;

  private ArtifactStore(Path dir) {
    this.dir = dir;
    this.jvmLock = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
  }

  /**
   * @param dir the store directory (created if absent)
   * @return the store
   * @throws ConfigurationException if the directory cannot be created
   */
  public static ArtifactStore open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
      return new ArtifactStore(dir.toRealPath());
    } catch (IOException e) {
      throw new ConfigurationException("Cannot create artifact store directory " + dir + ": " + e, e);
    }
  }

  /** @return the store directory */
  public Path directory() {
    return dir;
  }

  /**
   * @param key an artifact key
   * @return the stored artifact, or empty if absent or unreadable (a corrupt record is logged)
   */
  public Optional<Artifact> get(ArtifactKey key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    String digest = key.digest();
    Path record = recordPath(digest);
    byte[] json;
    try {
      json = Files.readAllBytes(record);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("Artifact record {} is unreadable, treating as a miss: {}", record, e.toString());
      return Optional.empty();
    }
    try {
      return Optional.of(parse(digest, record, json));
    } catch (CorruptRecord e) {
      LOG.warn("Artifact record {} is corrupt or partial, treating as a miss: {}", record, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Stores a text.
   *
   * @param key the key
   * @param text the text
   * @param provenance extra provenance (server URL, model revision, timings, ...); the standard
   *     entries derived from the key take precedence
   * @return the stored artifact
   */
  public Artifact putText(ArtifactKey key, String text, Map<String, String> provenance) {
    Objects.requireNonNull(text, "text");
    return put(key, ArtifactKind.TEXT, text.getBytes(StandardCharsets.UTF_8), "txt", "text/plain; charset=utf-8",
        provenance);
  }

  /**
   * Stores an image under the extension of its media type ({@code png}, {@code jpg}, ...).
   *
   * @param key the key
   * @param image the encoded image
   * @param provenance extra provenance; the standard entries take precedence
   * @return the stored artifact
   */
  public Artifact putImage(ArtifactKey key, ImageData image, Map<String, String> provenance) {
    Objects.requireNonNull(image, "image");
    String media = image.mediaType();
    String ext = switch (media) {
      case "image/png" -> "png";
      case "image/jpeg" -> "jpg";
      case "image/webp" -> "webp";
      case "image/gif" -> "gif";
      case "image/bmp" -> "bmp";
      default -> "bin";
    };
    return put(key, ArtifactKind.IMAGE, image.bytes(), ext, media, provenance);
  }

  private Artifact put(ArtifactKey key, ArtifactKind kind, byte[] content, String ext, String media,
      Map<String, String> extra) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    String digest = key.digest();
    Map<String, String> prov = new LinkedHashMap<>();
    if (extra != null) {
      extra.forEach((k, v) -> prov.put(Objects.requireNonNull(k, "provenance key"),
          Objects.requireNonNull(v, "provenance value of " + k)));
    }
    prov.put("created_at", Instant.now().toString());
    prov.put("role", key.role());
    prov.put("model", key.modelId());
    if (key.serverProfile() != null) {
      prov.put("server_profile", key.serverProfile());
    }
    prov.put("prompt", key.renderedPrompt());
    try {
      prov.put("params", COMPACT.writeValueAsString(key.params()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (key.seed() != null) {
      prov.put("seed", key.seed().toString());
    }
    prov.put("input_hashes", String.join(",", key.inputHashes()));
    prov.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
    prov.put("media_type", media);

    ObjectNode rec = JSON.createObjectNode();
    rec.put("format_version", FORMAT_VERSION);
    rec.put("digest", digest);
    rec.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
    String contentName = digest + "." + ext;
    rec.put("file", contentName);
    rec.put("size", content.length);
    rec.put("content_sha256", sha256(content));
    try {
      rec.set("key", JSON.readTree(key.canonicalJson()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ObjectNode p = rec.putObject("provenance");
    prov.forEach(p::put);
    byte[] recBytes;
    try {
      recBytes = JSON.writeValueAsBytes(rec);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }

    Path sub = dir.resolve(digest.substring(0, 2));
    Path contentTmp = null;
    Path recordTmp = null;
    try {
      Files.createDirectories(sub);
      contentTmp = writeTemp(sub, content);
      recordTmp = writeTemp(sub, recBytes);
      jvmLock.lock();
      try (FileChannel lockCh = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        FileLock processLock = lockCh.lock(); // released when the channel closes
        assert processLock.isValid();
        Files.move(contentTmp, sub.resolve(contentName), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        contentTmp = null;
        Files.move(recordTmp, sub.resolve(digest + ".json"), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        recordTmp = null;
        fsyncDirectory(sub);
      } finally {
        jvmLock.unlock();
      }
    } catch (IOException e) {
      throw new ParacosmException("Cannot store artifact " + digest + " (role " + key.role() + ") in " + dir
          + ": " + e, e);
    } finally {
      deleteQuietly(contentTmp);
      deleteQuietly(recordTmp);
    }
    return new Artifact(digest, kind, content, prov);
  }

  private Path recordPath(String digest) {
    if (!HEX64.matcher(digest).matches()) {
      throw new InvalidInputException("Artifact digest '" + digest + "' is not 64 lowercase hex characters");
    }
    return dir.resolve(digest.substring(0, 2)).resolve(digest + ".json");
  }

  private Artifact parse(String digest, Path record, byte[] json) throws CorruptRecord {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new CorruptRecord("not valid JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new CorruptRecord("not a JSON object");
    }
    int version = root.path("format_version").asInt(-1);
    if (version != FORMAT_VERSION) {
      throw new CorruptRecord("format_version " + root.path("format_version") + ", this store reads ["
          + FORMAT_VERSION + "]");
    }
    if (!digest.equals(root.path("digest").asText())) {
      throw new CorruptRecord("records digest " + root.path("digest") + ", expected " + digest);
    }
    ArtifactKind kind;
    switch (root.path("kind").asText()) {
      case "text" -> kind = ArtifactKind.TEXT;
      case "image" -> kind = ArtifactKind.IMAGE;
      default -> throw new CorruptRecord("unknown kind " + root.path("kind"));
    }
    String file = root.path("file").asText();
    int dot = file.indexOf('.');
    if (dot != 64 || !file.startsWith(digest) || !EXTENSIONS.contains(file.substring(dot + 1))
        || (kind == ArtifactKind.TEXT) != file.endsWith(".txt")) {
      throw new CorruptRecord("names an unexpected content file '" + file + "'");
    }
    byte[] content;
    try {
      content = Files.readAllBytes(record.resolveSibling(file));
    } catch (IOException e) {
      throw new CorruptRecord("content file " + file + " is missing or unreadable (" + e + ")");
    }
    long size = root.path("size").asLong(-1);
    if (content.length != size) {
      throw new CorruptRecord("content file " + file + " has " + content.length + " bytes, record says " + size);
    }
    if (!sha256(content).equals(root.path("content_sha256").asText())) {
      throw new CorruptRecord("content file " + file + " does not match its SHA-256");
    }
    JsonNode p = root.path("provenance");
    if (!p.isObject()) {
      throw new CorruptRecord("has no provenance object");
    }
    Map<String, String> prov = new LinkedHashMap<>();
    p.fields().forEachRemaining(e -> prov.put(e.getKey(), e.getValue().asText()));
    return new Artifact(digest, kind, content, prov);
  }

  private static Path writeTemp(Path sub, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(sub, ".put-", ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw e;
    }
    return tmp;
  }

  private static void fsyncDirectory(Path d) {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("Cannot fsync directory {}: {}", d, e.toString());
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        LOG.debug("Cannot delete temporary file {}: {}", p, e.toString());
      }
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Artifact store " + dir + " is closed");
    }
  }

  /** Marks the store closed; files stay on disk. */
  @Override
  public void close() {
    closed = true;
  }

  /** A record that cannot be used; reported as a miss. */
  private static final class CorruptRecord extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptRecord(String message) {
      super(message, null, false, false);
    }
  }
}
