package dev.paracosm.index.spi;

import dev.paracosm.index.IndexedItem;
import dev.paracosm.index.StorageType;

/**
 * An open index of one backend. Writers buffer {@link #add}ed items until {@link #commit}; every
 * {@link #snapshot} is an immutable view of one commit. Implementations must allow {@link
 * #snapshot} from many threads while one thread adds and commits.
 */
public interface IndexBackend extends AutoCloseable {

  /** @return the encoder id the index was created with */
  String encoderId();

  /** @return the embedding dimension */
  int dimension();

  /** @return the storage type */
  StorageType storage();

  /** @return whether this backend was opened read-only */
  boolean readOnly();

  /**
   * Buffers an item (already validated against the dimension by the caller).
   *
   * @param item the item
   */
  void add(IndexedItem item);

  /** Makes every buffered item durable and visible to new snapshots, atomically. */
  void commit();

  /**
   * Merges the committed data into fewer files without changing what snapshots return. Optional.
   *
   * @throws UnsupportedOperationException if the backend cannot compact
   */
  default void compact() {
    throw new UnsupportedOperationException("This index backend does not support compaction");
  }

  /** @return the latest committed state (for readers: re-checked on every call) */
  BackendSnapshot snapshot();

  /** Releases files and the writer lock; snapshots already taken stay readable. */
  @Override
  void close();
}
