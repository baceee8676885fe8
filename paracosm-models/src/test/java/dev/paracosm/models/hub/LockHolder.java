package dev.paracosm.models.hub;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Test helper run in a separate JVM: takes the blob lock like another downloader would, signals
 * that it holds it, waits, writes the finished blob, then releases the lock.
 */
final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    Path lock = Path.of(args[0]);
    Path blob = Path.of(args[1]);
    Path source = Path.of(args[2]);
    Path ready = Path.of(args[3]);
    long holdMillis = Long.parseLong(args[4]);
    Files.createDirectories(lock.getParent());
    try (FileChannel channel =
        FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock held = channel.lock();
      try {
        Files.createFile(ready);
        Thread.sleep(holdMillis);
        Files.createDirectories(blob.getParent());
        Path tmp = blob.resolveSibling(blob.getFileName() + ".incomplete");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, blob, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        held.release();
      }
    }
  }
}
