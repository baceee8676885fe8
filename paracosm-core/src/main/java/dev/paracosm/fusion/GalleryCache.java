package dev.paracosm.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Keeps the engine-side copy of recently searched gallery matrices, keyed by {@link FloatMatrix}
 * identity (the matrix is immutable by contract), so repeated searches over one fused gallery do
 * not re-upload it. Entries are reference-counted leases: an evicted entry is freed when its last
 * user releases it. Bounded by entry count and bytes; entries whose matrix was garbage collected
 * are freed on the next acquire.
 */
final class GalleryCache {
  static final int MAX_ENTRIES = 4;
  static final long MAX_BYTES = 3L << 30;

  private static NDManager root;
  private static final List<Entry> ENTRIES = new ArrayList<>();

  private GalleryCache() {}

  /** A lease on the engine copy of one gallery matrix; release it after use. */
  static final class Entry {
    private final WeakReference<FloatMatrix> key;
    private final NDManager manager;
    private final NDArray transposed;
    private final long bytes;
    private int users;
    private boolean evicted;

    private Entry(FloatMatrix matrix, NDManager manager, NDArray transposed) {
      this.key = new WeakReference<>(matrix);
      this.manager = manager;
      this.transposed = transposed;
      this.bytes = (long) matrix.rows() * matrix.cols() * Float.BYTES;
    }

    /** @return the gallery transposed (dim × rows), a view owned by the cache */
    NDArray transposed() {
      return transposed;
    }

    /** @return the manager's device */
    ai.djl.Device device() {
      return manager.getDevice();
    }

    void release() {
      synchronized (GalleryCache.class) {
        users--;
        if (evicted && users == 0) {
          manager.close();
        }
      }
    }
  }

  static synchronized Entry acquire(FloatMatrix gallery) {
    Entry hit = null;
    for (Iterator<Entry> it = ENTRIES.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      FloatMatrix m = e.key.get();
      if (m == gallery) {
        hit = e;
        it.remove();
      } else if (m == null) {
        it.remove();
        evict(e);
      }
    }
    if (hit == null) {
      if (root == null) {
        root = NDManager.newBaseManager();
      }
      NDManager mgr = root.newSubManager();
      NDArray g = mgr.create(gallery.data(), new Shape(gallery.rows(), gallery.cols()));
      hit = new Entry(gallery, mgr, g.transpose());
      long total = hit.bytes;
      for (int i = ENTRIES.size() - 1; i >= 0; i--) {
        total += ENTRIES.get(i).bytes;
        if (ENTRIES.size() - i >= MAX_ENTRIES || total > MAX_BYTES) {
          evict(ENTRIES.remove(i));
        }
      }
    }
    ENTRIES.add(hit); // most recently used last
    hit.users++;
    return hit;
  }

  private static void evict(Entry e) {
    e.evicted = true;
    if (e.users == 0) {
      e.manager.close();
    }
  }

  /** @return number of cached galleries (tests) */
  static synchronized int size() {
    return ENTRIES.size();
  }
}
