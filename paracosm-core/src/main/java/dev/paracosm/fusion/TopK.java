package dev.paracosm.fusion;

import java.util.BitSet;

/**
 * Host-side top-k over one score row: descending score, exact ties by lower index first. Uses a
 * bounded binary heap whose root is the current worst kept entry.
 */
final class TopK {
  private TopK() {}

  /** Whether (sa, ia) ranks after (sb, ib). NaN scores rank last. */
  private static boolean worse(float sa, int ia, float sb, int ib) {
    if (sa != sb) {
      if (Float.isNaN(sa)) {
        return true;
      }
      if (Float.isNaN(sb)) {
        return false;
      }
      return sa < sb;
    }
    return ia > ib;
  }

  static Ranking select(float[] scores, int offset, int n, int k, BitSet allowed) {
    int cap = Math.min(k, allowed == null ? n : allowed.cardinality());
    float[] hs = new float[cap];
    int[] hi = new int[cap];
    int size = 0;
    for (int j = 0; j < n; j++) {
      if (allowed != null && !allowed.get(j)) {
        continue;
      }
      float s = scores[offset + j];
      if (size < cap) {
        // sift up: heap ordered so that the root is the worst entry
        int c = size++;
        while (c > 0) {
          int p = (c - 1) >>> 1;
          if (worse(s, j, hs[p], hi[p])) {
            hs[c] = hs[p];
            hi[c] = hi[p];
            c = p;
          } else {
            break;
          }
        }
        hs[c] = s;
        hi[c] = j;
      } else if (cap > 0 && worse(hs[0], hi[0], s, j)) {
        siftDown(hs, hi, size, s, j);
      }
    }
    // pop worst-first into the tail
    int[] idx = new int[size];
    float[] sc = new float[size];
    for (int pos = size - 1; pos >= 0; pos--) {
      idx[pos] = hi[0];
      sc[pos] = hs[0];
      int last = pos;
      if (last > 0) {
        siftDown(hs, hi, last, hs[last], hi[last]);
      }
    }
    return new Ranking(idx, sc);
  }

  /** Replaces the root with (s, j) and restores the heap of the given size. */
  private static void siftDown(float[] hs, int[] hi, int size, float s, int j) {
    int c = 0;
    while (true) {
      int l = 2 * c + 1;
      if (l >= size) {
        break;
      }
      int r = l + 1;
      int w = (r < size && worse(hs[r], hi[r], hs[l], hi[l])) ? r : l;
      if (worse(hs[w], hi[w], s, j)) {
        hs[c] = hs[w];
        hi[c] = hi[w];
        c = w;
      } else {
        break;
      }
    }
    hs[c] = s;
    hi[c] = j;
  }
}
