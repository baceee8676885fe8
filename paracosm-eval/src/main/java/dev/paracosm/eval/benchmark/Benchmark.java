package dev.paracosm.eval.benchmark;

import dev.paracosm.InvalidInputException;
import dev.paracosm.fusion.Protocol;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded benchmark split: its retrieval gallery, the items' image locations and the queries.
 *
 * <p>For CIRR, CIRCO and FashionIQ (one category) every query is ranked against the shared {@link
 * #galleryIds()}. For GeneCIS each query has its own candidates ({@link BenchmarkQuery#gallery()},
 * target first); {@link #galleryIds()} then lists every distinct candidate of the task once, so a
 * runner can encode them once. {@link #candidates(BenchmarkQuery)} gives the list a query is ranked
 * against in both cases.
 *
 * <p>Create with {@link Benchmarks}. Instances are immutable.
 */
public final class Benchmark {
  private final BenchmarkKind kind;
  private final String split;
  private final Optional<String> subset;
  private final Path source;
  private final List<String> galleryIds;
  private final Map<String, Integer> galleryIndex;
  private final Map<String, GalleryItem> items;
  private final List<BenchmarkQuery> queries;
  private final Map<String, BenchmarkQuery> byId;
  private final boolean hasGroundTruth;

  Benchmark(
      BenchmarkKind kind,
      String split,
      String subset,
      Path source,
      List<String> galleryIds,
      Map<String, GalleryItem> items,
      List<BenchmarkQuery> queries) {
    this.kind = kind;
    this.split = split;
    this.subset = Optional.ofNullable(subset);
    this.source = source;
    this.galleryIds = List.copyOf(galleryIds);
    Map<String, Integer> index = new HashMap<>(galleryIds.size() * 2);
    for (int i = 0; i < galleryIds.size(); i++) {
      if (index.putIfAbsent(galleryIds.get(i), i) != null) {
        throw new IllegalArgumentException("gallery lists " + galleryIds.get(i) + " twice");
      }
    }
    this.galleryIndex = index;
    this.items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    this.queries = List.copyOf(queries);
    Map<String, BenchmarkQuery> m = new LinkedHashMap<>();
    for (BenchmarkQuery q : queries) {
      if (m.put(q.id(), q) != null) {
        throw new IllegalArgumentException("duplicate query id " + q.id());
      }
    }
    this.byId = Collections.unmodifiableMap(m);
    this.hasGroundTruth = !queries.isEmpty() && queries.stream().allMatch(q -> !q.targetIds().isEmpty());
  }

  /**
   * @return a display name: {@code cirr}, {@code circo}, {@code fashioniq-dress}, {@code
   *     genecis-change_object}
   */
  public String name() {
    return subset.map(s -> kind.id() + "-" + s).orElse(kind.id());
  }

  /** @return which benchmark this is */
  public BenchmarkKind kind() {
    return kind;
  }

  /** @return the ranking protocol to apply ({@link BenchmarkKind#protocol()}) */
  public Protocol protocol() {
    return kind.protocol();
  }

  /** @return the split: CIRR {@code val|test1|train}, CIRCO {@code val|test}, FashionIQ {@code val|test|train}, GeneCIS {@code v0} */
  public String split() {
    return split;
  }

  /** @return the FashionIQ category or GeneCIS task this benchmark covers, if any */
  public Optional<String> subset() {
    return subset;
  }

  /** @return the root directory (or annotation file) the benchmark was loaded from */
  public Path source() {
    return source;
  }

  /** @return the retrieval gallery in database order (reference code order) */
  public List<String> galleryIds() {
    return galleryIds;
  }

  /**
   * @param id an item id
   * @return whether it belongs to the retrieval gallery
   */
  public boolean inGallery(String id) {
    return galleryIndex.containsKey(id);
  }

  /**
   * @param id an item id
   * @return its position in {@link #galleryIds()} (database order), or -1 if it is not in the
   *     gallery
   */
  public int galleryIndex(String id) {
    Integer i = galleryIndex.get(id);
    return i == null ? -1 : i;
  }

  /** @return whether every query has its own candidate list (GeneCIS) */
  public boolean hasPerQueryGallery() {
    return kind == BenchmarkKind.GENECIS;
  }

  /**
   * @param query a query of this benchmark
   * @return the ids the query is ranked against: its own gallery (GeneCIS, target first) or the
   *     shared gallery
   */
  public List<String> candidates(BenchmarkQuery query) {
    return hasPerQueryGallery() ? query.gallery() : galleryIds;
  }

  /** @return the queries in file order */
  public List<BenchmarkQuery> queries() {
    return queries;
  }

  /**
   * @param id a query id
   * @return the query
   * @throws InvalidInputException if this benchmark has no such query
   */
  public BenchmarkQuery query(String id) {
    BenchmarkQuery q = byId.get(id);
    if (q == null) {
      throw new InvalidInputException("Benchmark " + name() + " (" + split + ") has no query with id '" + id + "'");
    }
    return q;
  }

  /** @return whether every query carries a target (false on test splits with private ground truth) */
  public boolean hasGroundTruth() {
    return hasGroundTruth;
  }

  /** @return the ids of every known item (gallery and reference images) */
  public Set<String> itemIds() {
    return items.keySet();
  }

  /**
   * @param id a gallery or reference item id
   * @return the item, whose image is read only on demand
   * @throws InvalidInputException if the id is unknown
   */
  public GalleryItem item(String id) {
    GalleryItem it = items.get(id);
    if (it == null) {
      throw new InvalidInputException("Benchmark " + name() + " (" + split + ") has no image with id '" + id + "'");
    }
    return it;
  }

  /**
   * @param id an item id
   * @return the path its image file is expected at (the file need not exist yet)
   * @throws InvalidInputException if the id is unknown
   */
  public Path imagePath(String id) {
    return item(id).path();
  }

  /**
   * @param query a query of this benchmark
   * @return the reference image item
   */
  public GalleryItem reference(BenchmarkQuery query) {
    return item(query.referenceId());
  }

  @Override
  public String toString() {
    return "Benchmark[" + name() + ", split=" + split + ", " + queries.size() + " queries, "
        + galleryIds.size() + " gallery images, source=" + source + "]";
  }
}
