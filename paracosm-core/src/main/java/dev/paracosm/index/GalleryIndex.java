package dev.paracosm.index;

import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.index.spi.IndexBackend;
import dev.paracosm.index.spi.IndexBackendProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A persistent gallery index holding every raw component embedding of every gallery item, tagged
 * with one encoder id. One writer (exclusive lock) appends and commits; any number of threads and
 * read-only processes search immutable {@link IndexSnapshot}s.
 *
 * <p><b>Re-adding an id.</b> {@link #add} merges into the item: components given replace the
 * stored vector of that component, components not given are kept, metadata keys given replace
 * their values and other keys are kept. The item keeps the row of its first commit. This is how a
 * gallery plan adds {@code image}, {@code t_detailed} and {@code syn_image} at different times.
 *
 * <pre>{@code
 * try (GalleryIndex index = GalleryIndex.open(dir, IndexOptions.builder()
 *     .encoderId("hf:openai/clip-vit-base-patch32").dimension(512).build())) {
 *   index.add(new IndexedItem("img-1", Map.of("category", "dress"), Map.of("image", v)));
 *   index.commit();
 *   List<Ranking> top = index.snapshot().search(queries, FusionConfig.of(Mode.PARACOSM), 10,
 *       MetadataFilter.parse("category=dress"));
 * }
 * }</pre>
 */
public final class GalleryIndex implements AutoCloseable {
  private final Path dir;
  private final IndexBackend backend;
  private volatile IndexSnapshot latest;

  private GalleryIndex(Path dir, IndexBackend backend) {
    this.dir = dir;
    this.backend = backend;
  }

  /**
   * Creates an index in {@code dir} or opens the existing one for writing, taking an exclusive
   * writer lock held until {@link #close()}.
   *
   * @param dir the index directory (created if absent)
   * @param options encoder id, dimension, storage and backend
   * @return the writable index
   * @throws ConfigurationException if another writer holds the lock, the backend is unknown, or
   *     the existing index was created with another encoder id, dimension or storage type
   * @throws dev.paracosm.FormatCorruptException if the existing index is corrupt
   */
  public static GalleryIndex open(Path dir, IndexOptions options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    IndexBackendProvider provider = provider(options.backend());
    return new GalleryIndex(dir, provider.openWriter(dir, options));
  }

  /**
   * Opens an existing index for reading, without a lock. Each {@link #snapshot()} sees the latest
   * commit of a concurrent writer.
   *
   * @param dir the index directory
   * @return the read-only index
   * @throws ConfigurationException if no backend recognises an index in {@code dir}
   */
  public static GalleryIndex openReadOnly(Path dir) {
    Objects.requireNonNull(dir, "dir");
    List<String> names = new ArrayList<>();
    for (IndexBackendProvider p : ServiceLoader.load(IndexBackendProvider.class, GalleryIndex.class.getClassLoader())) {
      names.add(p.name());
      if (p.recognizes(dir)) {
        return new GalleryIndex(dir, p.openReader(dir));
      }
    }
    throw new ConfigurationException("No gallery index found in " + dir + " (backends tried: " + names
        + "); create one with GalleryIndex.open(dir, options)");
  }

  private static IndexBackendProvider provider(String name) {
    List<String> names = new ArrayList<>();
    for (IndexBackendProvider p : ServiceLoader.load(IndexBackendProvider.class, GalleryIndex.class.getClassLoader())) {
      if (p.name().equals(name)) {
        return p;
      }
      names.add(p.name());
    }
    throw new ConfigurationException("Unknown index backend '" + name + "'; available: " + names
        + " (register an IndexBackendProvider in META-INF/services)");
  }

  /** @return the index directory */
  public Path directory() {
    return dir;
  }

  /** @return the encoder id every component is tagged with */
  public String encoderId() {
    return backend.encoderId();
  }

  /** @return the embedding dimension */
  public int dimension() {
    return backend.dimension();
  }

  /** @return the storage type */
  public StorageType storage() {
    return backend.storage();
  }

  /**
   * Buffers an item until the next {@link #commit()}; re-adding an id merges (see the class
   * documentation).
   *
   * @param item the item
   * @throws InvalidInputException if a vector has the wrong dimension or a non-finite value
   * @throws UnsupportedOperationException on a read-only index
   */
  public void add(IndexedItem item) {
    Objects.requireNonNull(item, "item");
    requireWritable("add");
    int dim = backend.dimension();
    for (Map.Entry<String, float[]> e : item.components().entrySet()) {
      float[] v = e.getValue();
      if (v.length != dim) {
        throw new InvalidInputException("Item '" + item.id() + "' component '" + e.getKey() + "' has dimension "
            + v.length + " but the index " + dir + " has dimension " + dim);
      }
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw new InvalidInputException("Item '" + item.id() + "' component '" + e.getKey()
              + "' has a non-finite value " + v[i] + " at position " + i);
        }
      }
    }
    backend.add(item);
  }

  /**
   * Makes every buffered item durable and visible to new snapshots, atomically: after a crash the
   * index holds exactly the items of some prefix of the commits.
   */
  public void commit() {
    requireWritable("commit");
    backend.commit();
  }

  /**
   * Merges all committed data into one segment (the logical content is unchanged).
   *
   * @throws UnsupportedOperationException on a read-only index or a backend without compaction
   */
  public void compact() {
    requireWritable("compact");
    backend.compact();
  }

  /**
   * @param id an item id
   * @return whether the committed state has that item
   */
  public boolean contains(String id) {
    return snapshot().row(id) >= 0;
  }

  /**
   * @param id an item id
   * @param component a component name
   * @return whether the committed state has that component for that item
   */
  public boolean hasComponent(String id, String component) {
    IndexSnapshot s = snapshot();
    int row = s.row(id);
    return row >= 0 && s.componentNames().contains(component) && s.presence(component).get(row);
  }

  /** @return an immutable view of the latest commit (cached while nothing new was committed) */
  public IndexSnapshot snapshot() {
    var raw = backend.snapshot();
    IndexSnapshot current = latest;
    if (current == null || current.raw() != raw) {
      synchronized (this) {
        current = latest;
        if (current != null && current.raw().generation() > raw.generation()) {
          return current; // another thread already saw a newer commit
        }
        if (current == null || current.raw() != raw) {
          current = new IndexSnapshot(raw, backend.dimension());
          latest = current;
        }
      }
    }
    return current;
  }

  private void requireWritable(String op) {
    if (backend.readOnly()) {
      throw new UnsupportedOperationException("Cannot " + op + ": gallery index " + dir + " was opened read-only");
    }
  }

  /** Releases the writer lock and files; snapshots already taken stay readable. Uncommitted items are dropped. */
  @Override
  public void close() {
    backend.close();
  }
}
