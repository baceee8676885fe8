package dev.paracosm.index;

import dev.paracosm.InvalidInputException;
import dev.paracosm.fusion.FloatMatrix;
import dev.paracosm.fusion.Fuser;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Ranker;
import dev.paracosm.fusion.Ranking;
import dev.paracosm.index.spi.BackendSnapshot;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable, consistent view of one commit of a {@link GalleryIndex}: raw components, metadata,
 * fused gallery matrices (derived on demand, cached per snapshot and {@link FusionConfig#key()},
 * never re-encoded) and exact search. Safe to use from many threads; stays readable after the
 * index is closed.
 */
public final class IndexSnapshot {
  private final BackendSnapshot raw;
  private final int dimension;
  private final Map<String, FloatMatrix> fusedCache = new ConcurrentHashMap<>();
  private final Map<String, Object> fusedLocks = new ConcurrentHashMap<>();

  IndexSnapshot(BackendSnapshot raw, int dimension) {
    this.raw = raw;
    this.dimension = dimension;
  }

  BackendSnapshot raw() {
    return raw;
  }

  /** @return a number that grows with every commit */
  public long generation() {
    return raw.generation();
  }

  /** @return the embedding dimension */
  public int dimension() {
    return dimension;
  }

  /** @return number of items */
  public int size() {
    return raw.size();
  }

  /**
   * @param row a row in [0, size)
   * @return the item id at that row
   */
  public String id(int row) {
    Objects.checkIndex(row, raw.size());
    return raw.id(row);
  }

  /**
   * @param id an item id
   * @return its row, or -1 if the snapshot does not have it
   */
  public int row(String id) {
    return raw.row(id);
  }

  /**
   * @param row a row
   * @return the item's metadata (unmodifiable)
   */
  public Map<String, String> metadata(int row) {
    Objects.checkIndex(row, raw.size());
    return raw.metadata(row);
  }

  /** @return names of the components at least one item has */
  public Set<String> componentNames() {
    return raw.componentNames();
  }

  /**
   * @param name a component name
   * @return raw embeddings, one row per item; rows lacking the component are zero
   * @throws InvalidInputException if no item has that component
   */
  public FloatMatrix component(String name) {
    requireComponent(name);
    return raw.component(name);
  }

  /**
   * @param name a component name
   * @return the rows that have it (empty if none)
   */
  public BitSet presence(String name) {
    return raw.componentNames().contains(name) ? raw.presence(name) : new BitSet();
  }

  /**
   * @param filter a metadata filter
   * @return the rows whose metadata match
   */
  public BitSet filter(MetadataFilter filter) {
    Objects.requireNonNull(filter, "filter");
    int n = raw.size();
    BitSet out = new BitSet(n);
    for (int r = 0; r < n; r++) {
      if (filter.test(raw.metadata(r))) {
        out.set(r);
      }
    }
    return out;
  }

  /**
   * The fused gallery matrix φ of a configuration, derived with {@link Fuser#standard()} from the
   * stored raw components and cached in this snapshot.
   *
   * @param config the fusion choice (only its mode, profile and gallery parts matter)
   * @return one row per item (rows lacking a needed component are meaningless; {@link #search}
   *     excludes them)
   * @throws InvalidInputException if the index has no item with a needed component
   */
  public FloatMatrix fused(FusionConfig config) {
    Objects.requireNonNull(config, "config");
    String key = config.key();
    FloatMatrix m = fusedCache.get(key);
    if (m != null) {
      return m;
    }
    synchronized (fusedLocks.computeIfAbsent(key, k -> new Object())) {
      m = fusedCache.get(key);
      if (m == null) {
        Map<GalleryComponent, FloatMatrix> parts = new EnumMap<>(GalleryComponent.class);
        for (GalleryComponent part : config.galleryParts()) {
          requireComponent(part.id());
          parts.put(part, raw.component(part.id()));
        }
        m = Fuser.standard().galleryMatrix(parts, config);
        fusedCache.put(key, m);
      }
      return m;
    }
  }

  /**
   * Rows eligible for a configuration: those having every gallery part it needs, intersected with
   * the filter.
   *
   * @param config the fusion choice
   * @param filter a metadata filter
   * @return the eligible rows
   */
  public BitSet eligible(FusionConfig config, MetadataFilter filter) {
    BitSet allowed = filter == null || filter.equals(MetadataFilter.all()) ? null : filter(filter);
    for (GalleryComponent part : config.galleryParts()) {
      BitSet p = presence(part.id());
      if (allowed == null) {
        allowed = p;
      } else {
        allowed.and(p);
      }
    }
    if (allowed == null) {
      allowed = new BitSet();
      allowed.set(0, raw.size());
    }
    return allowed;
  }

  /**
   * Exact cosine search with {@link Ranker#exact()}: the metadata filter and the requirement that
   * an item has every needed gallery component are applied before top-k, so {@code k} results are
   * returned whenever {@code k} items qualify.
   *
   * @param queries query vectors (one per row), e.g. from {@link Fuser#queryVector}
   * @param config the fusion choice
   * @param k results per query
   * @param filter a metadata filter, or {@link MetadataFilter#all()}
   * @return one ranking of row indices per query (map rows to ids with {@link #id(int)})
   */
  public List<Ranking> search(FloatMatrix queries, FusionConfig config, int k, MetadataFilter filter) {
    Objects.requireNonNull(queries, "queries");
    if (queries.rows() > 0 && queries.cols() != dimension) {
      throw new InvalidInputException("Query matrix has dimension " + queries.cols() + " but the index has "
          + dimension);
    }
    if (raw.size() == 0) {
      List<Ranking> empty = new java.util.ArrayList<>();
      for (int i = 0; i < queries.rows(); i++) {
        empty.add(new Ranking(new int[0], new float[0]));
      }
      return empty;
    }
    FloatMatrix gallery = fused(config);
    BitSet allowed = eligible(config, filter);
    return Ranker.exact().rank(queries, gallery, k, allowed.cardinality() == raw.size() ? null : allowed);
  }

  private void requireComponent(String name) {
    if (!raw.componentNames().contains(name)) {
      throw new InvalidInputException("The gallery index has no component '" + name + "' (generation "
          + raw.generation() + ", " + raw.size() + " items); present: " + raw.componentNames());
    }
  }

  @Override
  public String toString() {
    return "IndexSnapshot[generation=" + raw.generation() + ", size=" + raw.size() + ", components="
        + raw.componentNames() + "]";
  }
}
