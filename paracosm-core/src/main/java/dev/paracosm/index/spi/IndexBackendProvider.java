package dev.paracosm.index.spi;

import dev.paracosm.index.IndexOptions;
import java.nio.file.Path;

/** Creates {@link IndexBackend}s of one kind; found with {@link java.util.ServiceLoader}. */
public interface IndexBackendProvider {

  /** @return the backend name used in {@link IndexOptions#backend()}, e.g. {@code file} */
  String name();

  /**
   * @param dir a directory
   * @return whether {@code dir} holds an index of this backend (used by read-only opening)
   */
  boolean recognizes(Path dir);

  /**
   * Creates or opens an index for writing, holding an exclusive single-writer lock until closed.
   *
   * @param dir the index directory (created if absent)
   * @param options encoder id, dimension, storage
   * @return the writable backend
   * @throws dev.paracosm.ConfigurationException if another writer holds the lock or the options
   *     contradict the existing index
   * @throws dev.paracosm.FormatCorruptException if the existing index is corrupt
   */
  IndexBackend openWriter(Path dir, IndexOptions options);

  /**
   * Opens an index for reading without any lock; later commits of a writer become visible in
   * later snapshots.
   *
   * @param dir the index directory
   * @return the read-only backend
   */
  IndexBackend openReader(Path dir);
}
