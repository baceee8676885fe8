package dev.paracosm.index.internal;

import dev.paracosm.InvalidInputException;
import dev.paracosm.fusion.FloatMatrix;
import dev.paracosm.index.spi.BackendSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The merged view of a list of segments: rows in order of first appearance of each id; for every
 * component the latest record carrying it wins; metadata keys merge with later values winning.
 * Component matrices are copied out of the mapped segments on first use and kept.
 */
final class FileSnapshot implements BackendSnapshot, RecordSource {
  private final long generation;
  private final int dim;
  private final List<Segment> segments;
  private final String[] ids;
  private final Map<String, Integer> rowOf;
  private final List<Map<String, String>> metadata;
  private final Map<String, int[]> segOf = new LinkedHashMap<>();
  private final Map<String, int[]> ordOf = new LinkedHashMap<>();
  private final Set<String> componentNames;
  private final Map<String, FloatMatrix> matrices = new ConcurrentHashMap<>();

  FileSnapshot(long generation, int dim, List<Segment> segments) {
    this.generation = generation;
    this.dim = dim;
    this.segments = List.copyOf(segments);
    Map<String, Integer> rows = new HashMap<>();
    List<String> idList = new ArrayList<>();
    List<Map<String, String>> metas = new ArrayList<>();
    for (Segment s : segments) {
      for (int r = 0; r < s.records(); r++) {
        String id = s.ids[r];
        Integer row = rows.get(id);
        Map<String, String> m = s.metadata.get(r);
        if (row == null) {
          rows.put(id, idList.size());
          idList.add(id);
          metas.add(m);
        } else if (!m.isEmpty()) {
          Map<String, String> merged = new LinkedHashMap<>(metas.get(row));
          merged.putAll(m);
          metas.set(row, Collections.unmodifiableMap(merged));
        }
      }
    }
    this.ids = idList.toArray(new String[0]);
    this.rowOf = rows;
    this.metadata = metas;
    int n = ids.length;
    Set<String> names = new TreeSet<>();
    for (int si = 0; si < segments.size(); si++) {
      Segment s = segments.get(si);
      for (Map.Entry<String, int[]> e : s.ordinals.entrySet()) {
        names.add(e.getKey());
        int[] seg = segOf.computeIfAbsent(e.getKey(), k -> filled(n));
        int[] ord = ordOf.computeIfAbsent(e.getKey(), k -> new int[n]);
        int[] o = e.getValue();
        for (int r = 0; r < o.length; r++) {
          if (o[r] >= 0) {
            int row = rows.get(s.ids[r]);
            seg[row] = si;
            ord[row] = o[r];
          }
        }
      }
    }
    this.componentNames = Collections.unmodifiableSet(names);
  }

  private static int[] filled(int n) {
    int[] a = new int[n];
    Arrays.fill(a, -1);
    return a;
  }

  List<Segment> segments() {
    return segments;
  }

  @Override
  public long generation() {
    return generation;
  }

  @Override
  public int size() {
    return ids.length;
  }

  @Override
  public String id(int row) {
    return ids[row];
  }

  @Override
  public int row(String id) {
    Integer r = rowOf.get(id);
    return r == null ? -1 : r;
  }

  @Override
  public Map<String, String> metadata(int row) {
    return metadata.get(row);
  }

  @Override
  public Set<String> componentNames() {
    return componentNames;
  }

  @Override
  public FloatMatrix component(String name) {
    FloatMatrix m = matrices.get(name);
    if (m != null) {
      return m;
    }
    if (!componentNames.contains(name)) {
      throw new InvalidInputException("The gallery index has no component '" + name + "'; present: "
          + componentNames);
    }
    synchronized (this) {
      m = matrices.get(name);
      if (m == null) {
        m = materialize(name);
        matrices.put(name, m);
      }
      return m;
    }
  }

  private FloatMatrix materialize(String name) {
    int n = ids.length;
    float[] out = new float[Math.multiplyExact(n, dim)];
    int[] seg = segOf.get(name);
    int[] ord = ordOf.get(name);
    int r = 0;
    while (r < n) {
      if (seg[r] < 0) {
        r++;
        continue;
      }
      int start = r;
      r++;
      while (r < n && seg[r] == seg[start] && ord[r] == ord[r - 1] + 1) {
        r++;
      }
      segments.get(seg[start]).copy(name, ord[start], r - start, out, start * dim);
    }
    return FloatMatrix.wrap(n, dim, out);
  }

  @Override
  public BitSet presence(String name) {
    BitSet b = new BitSet(ids.length);
    int[] seg = segOf.get(name);
    if (seg != null) {
      for (int r = 0; r < seg.length; r++) {
        if (seg[r] >= 0) {
          b.set(r);
        }
      }
    }
    return b;
  }

  // RecordSource (compaction): one record per row, all merged state.

  @Override
  public List<String> sortedComponentNames() {
    return new ArrayList<>(componentNames);
  }

  @Override
  public boolean has(String component, int record) {
    int[] seg = segOf.get(component);
    return seg != null && seg[record] >= 0;
  }

  @Override
  public void vector(String component, int record, float[] dst, int off) {
    segments.get(segOf.get(component)[record]).copy(component, ordOf.get(component)[record], 1, dst, off);
  }
}
