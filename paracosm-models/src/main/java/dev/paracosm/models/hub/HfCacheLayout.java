package dev.paracosm.models.hub;

import dev.paracosm.InvalidInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hugging Face hub cache layout of one model repository, as written by huggingface_hub 0.23+:
 *
 * <pre>
 * {cache}/models--{org}--{name}/blobs/{etag}
 * {cache}/models--{org}--{name}/refs/{revision}          (holds the commit hash)
 * {cache}/models--{org}--{name}/snapshots/{commit}/{file} (relative symlink to ../../blobs/{etag})
 * {cache}/.locks/models--{org}--{name}/{etag}.lock
 * </pre>
 */
final class HfCacheLayout {

  private static final Logger LOG = LoggerFactory.getLogger(HfCacheLayout.class);

  /** In-process half of the blob lock: a FileChannel lock cannot be taken twice by one JVM. */
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private static final long LOCK_POLL_MILLIS = 50;
  private static final long LOCK_LOG_EVERY_MILLIS = 10_000;

  private final Path cacheRoot;
  private final Path repoDir;
  private final String folderName;

  private final boolean trySymlinks;

  HfCacheLayout(Path cacheRoot, HfRepoSpec repo) {
    this(cacheRoot, repo, true);
  }

  /** @param trySymlinks false to copy blobs into snapshots as on file systems without symlinks */
  HfCacheLayout(Path cacheRoot, HfRepoSpec repo, boolean trySymlinks) {
    this.trySymlinks = trySymlinks;
    this.cacheRoot = cacheRoot;
    this.folderName = repo.folderName();
    this.repoDir = cacheRoot.resolve(folderName);
  }

  Path cacheRoot() {
    return cacheRoot;
  }

  Path repoDir() {
    return repoDir;
  }

  Path blob(String etag) {
    return repoDir.resolve("blobs").resolve(etag);
  }

  Path incomplete(String etag) {
    return repoDir.resolve("blobs").resolve(etag + ".incomplete");
  }

  Path lockFile(String etag) {
    return cacheRoot.resolve(".locks").resolve(folderName).resolve(etag + ".lock");
  }

  Path refFile(String revision) {
    return repoDir.resolve("refs").resolve(revision);
  }

  Path snapshotDir(String commit) {
    return repoDir.resolve("snapshots").resolve(commit);
  }

  Path snapshotFile(String commit, String filename) {
    return snapshotDir(commit).resolve(filename);
  }

  /** @return whether the snapshot entry exists and (if a link) points at an existing blob */
  boolean hasSnapshotFile(String commit, String filename) {
    return Files.isRegularFile(snapshotFile(commit, filename));
  }

  /** @return the commit hash recorded for {@code revision} in {@code refs/}, if any */
  Optional<String> readRef(String revision) {
    try {
      String commit = Files.readString(refFile(revision), StandardCharsets.UTF_8).strip();
      return HfRepoSpec.isCommitHash(commit) ? Optional.of(commit) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("Cannot read {}: {}", refFile(revision), e.toString());
      return Optional.empty();
    }
  }

  /** Records {@code refs/<revision>} = commit (no trailing newline, as huggingface_hub writes it). */
  void writeRef(String revision, String commit) throws IOException {
    if (revision.equals(commit) || readRef(revision).filter(commit::equals).isPresent()) {
      return;
    }
    Path ref = refFile(revision);
    Files.createDirectories(ref.getParent());
    Path tmp = ref.resolveSibling("." + ref.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Files.writeString(tmp, commit, StandardCharsets.UTF_8);
    moveReplacing(tmp, ref);
  }

  /**
   * Makes {@code snapshots/<commit>/<filename>} point at {@code blobs/<etag>}: a relative symlink,
   * or a copy of the blob where the file system refuses symlinks.
   */
  void link(String commit, String filename, String etag) throws IOException {
    Path blob = blob(etag);
    Path target = snapshotFile(commit, filename);
    Files.createDirectories(target.getParent());
    Path relative = target.getParent().relativize(blob);
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    boolean linked = false;
    if (trySymlinks) {
      try {
        Files.createSymbolicLink(tmp, relative);
        linked = true;
      } catch (UnsupportedOperationException | IOException | SecurityException e) {
        LOG.debug("Symlinks unavailable under {} ({}); copying the blob", target, e.toString());
        Files.deleteIfExists(tmp);
      }
    }
    if (!linked) {
      Files.copy(blob, tmp);
    }
    moveReplacing(tmp, target);
  }

  private static void moveReplacing(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Moves a verified download into place as {@code blobs/<etag>}. */
  void commitBlob(String etag) throws IOException {
    moveReplacing(incomplete(etag), blob(etag));
  }

  /**
   * Takes the per-blob lock: first within this JVM, then across processes with a {@link
   * FileChannel} lock on {@code .locks/<repo>/<etag>.lock}. Blocks until it is free.
   */
  BlobLock lockBlob(String etag) throws IOException, InterruptedException {
    Path lockPath = lockFile(etag).toAbsolutePath().normalize();
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockPath, k -> new ReentrantLock());
    jvmLock.lockInterruptibly();
    FileChannel channel = null;
    try {
      Files.createDirectories(lockPath.getParent());
      channel =
          FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      long waitedMillis = 0;
      FileLock fileLock;
      while ((fileLock = channel.tryLock()) == null) {
        if (waitedMillis > 0 && waitedMillis % LOCK_LOG_EVERY_MILLIS == 0) {
          LOG.info("Still waiting for {} (another process is downloading this file)", lockPath);
        }
        TimeUnit.MILLISECONDS.sleep(LOCK_POLL_MILLIS);
        waitedMillis += LOCK_POLL_MILLIS;
      }
      return new BlobLock(jvmLock, channel, fileLock);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      jvmLock.unlock();
      throw e;
    }
  }

  /** A held blob lock; closing releases the file lock, then the in-process lock. */
  static final class BlobLock implements AutoCloseable {
    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BlobLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
      this.jvmLock = jvmLock;
      this.channel = channel;
      this.fileLock = fileLock;
    }

    @Override
    public void close() throws IOException {
      try {
        fileLock.release();
        channel.close();
      } finally {
        jvmLock.unlock();
      }
    }
  }

  /** Rejects file names that would escape the snapshot directory. */
  static void checkFilename(String filename) {
    boolean ok =
        filename != null
            && !filename.isEmpty()
            && !filename.startsWith("/")
            && !filename.contains("\\")
            && !filename.contains("\0");
    if (ok) {
      for (String segment : filename.split("/", -1)) {
        ok &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
      }
    }
    if (!ok) {
      throw new InvalidInputException(
          "Model file name '" + filename + "' is not a relative path inside the repository");
    }
  }
}
