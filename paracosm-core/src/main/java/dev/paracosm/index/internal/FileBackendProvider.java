package dev.paracosm.index.internal;

import dev.paracosm.index.IndexOptions;
import dev.paracosm.index.spi.IndexBackend;
import dev.paracosm.index.spi.IndexBackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/** Registers the {@code file} backend (manifest + memory-mapped segments) with {@link java.util.ServiceLoader}. */
public final class FileBackendProvider implements IndexBackendProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public FileBackendProvider() {}

  @Override
  public String name() {
    return "file";
  }

  @Override
  public boolean recognizes(Path dir) {
    return Files.isRegularFile(dir.resolve("manifest.json"));
  }

  @Override
  public IndexBackend openWriter(Path dir, IndexOptions options) {
    return FileBackend.openWriter(dir, options);
  }

  @Override
  public IndexBackend openReader(Path dir) {
    return FileBackend.openReader(dir);
  }
}
