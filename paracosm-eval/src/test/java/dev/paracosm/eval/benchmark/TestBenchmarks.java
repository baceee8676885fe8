package dev.paracosm.eval.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Builds synthetic benchmarks in memory for metric and submission tests. */
public final class TestBenchmarks {
  private TestBenchmarks() {}

  /**
   * @param kind the benchmark kind
   * @param split the split name
   * @param gallery the shared gallery (for GeneCIS: ignored, derived from the queries)
   * @param queries the queries
   * @return a benchmark whose items live under a non-existent {@code synthetic/} folder
   */
  public static Benchmark of(BenchmarkKind kind, String split, List<String> gallery, List<BenchmarkQuery> queries) {
    Map<String, GalleryItem> items = new LinkedHashMap<>();
    List<String> g = new ArrayList<>(gallery);
    if (kind == BenchmarkKind.GENECIS) {
      g.clear();
      queries.forEach(q -> q.gallery().forEach(id -> {
        if (!g.contains(id)) {
          g.add(id);
        }
      }));
    }
    g.forEach(id -> items.put(id, item(id)));
    queries.forEach(q -> items.putIfAbsent(q.referenceId(), item(q.referenceId())));
    String subset = kind == BenchmarkKind.FASHIONIQ ? "dress" : kind == BenchmarkKind.GENECIS ? "focus_object" : null;
    return new Benchmark(kind, split, subset, Path.of("synthetic"), g, items, queries);
  }

  private static GalleryItem item(String id) {
    return new GalleryItem(id, List.of(Path.of("synthetic", id + ".png")), Optional.empty());
  }

  /** @return ids {@code img-0 .. img-(n-1)} */
  public static List<String> ids(String prefix, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  /** Random CIRR val split: groups of six, target and reference drawn from the group. */
  public static Benchmark randomCirr(Random r, int galleryN, int queryN) {
    List<String> gallery = ids("dev-", galleryN);
    List<BenchmarkQuery> qs = new ArrayList<>();
    for (int i = 0; i < queryN; i++) {
      List<String> shuffled = new ArrayList<>(gallery);
      Collections.shuffle(shuffled, r);
      List<String> members = shuffled.subList(0, 6);
      qs.add(BenchmarkQuery.builder().id(Integer.toString(1000 + i)).referenceId(members.get(0))
          .targetId(members.get(1 + r.nextInt(5))).modificationText("m" + i).groupMembers(members)
          .softTargets(Map.of(members.get(2), 0.5)).build());
    }
    return of(BenchmarkKind.CIRR, "val", gallery, qs);
  }

  /** Random CIRCO val split with 1..20 ground truths per query. */
  public static Benchmark randomCirco(Random r, int galleryN, int queryN) {
    List<String> gallery = new ArrayList<>();
    for (int i = 0; i < galleryN; i++) {
      gallery.add(Integer.toString(100_000 + i));
    }
    List<String> aspects = List.of("cardinality", "addition", "negation");
    List<BenchmarkQuery> qs = new ArrayList<>();
    for (int i = 0; i < queryN; i++) {
      List<String> shuffled = new ArrayList<>(gallery);
      Collections.shuffle(shuffled, r);
      int g = 1 + r.nextInt(Math.min(20, galleryN - 1));
      List<String> gts = shuffled.subList(1, 1 + g);
      qs.add(BenchmarkQuery.builder().id(Integer.toString(i)).referenceId(shuffled.get(0)).targetId(gts.get(0))
          .groundTruthIds(gts).modificationText("m").sharedConcept("c")
          .semanticAspects(List.of(aspects.get(r.nextInt(aspects.size())))).build());
    }
    return of(BenchmarkKind.CIRCO, "val", gallery, qs);
  }

  /** Random FashionIQ val category. */
  public static Benchmark randomFashionIq(Random r, int galleryN, int queryN) {
    List<String> gallery = ids("B0", galleryN);
    List<BenchmarkQuery> qs = new ArrayList<>();
    for (int i = 0; i < queryN; i++) {
      qs.add(BenchmarkQuery.builder().id(Integer.toString(i)).referenceId(gallery.get(r.nextInt(galleryN)))
          .targetId(gallery.get(r.nextInt(galleryN))).modificationText("a").modificationText("b").task("dress").build());
    }
    return of(BenchmarkKind.FASHIONIQ, "val", gallery, qs);
  }

  /** Random GeneCIS task: 10..15 candidates per query, target first. */
  public static Benchmark randomGeneCis(Random r, int queryN) {
    List<BenchmarkQuery> qs = new ArrayList<>();
    for (int i = 0; i < queryN; i++) {
      int n = 10 + r.nextInt(6);
      List<String> cands = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        cands.add(Integer.toString(i * 100 + j));
      }
      qs.add(BenchmarkQuery.builder().id(Integer.toString(i)).referenceId("ref" + i).targetId(cands.get(0))
          .gallery(cands).modificationText("red").task("focus_object").build());
    }
    return of(BenchmarkKind.GENECIS, "v0", List.of(), qs);
  }

  /** The same benchmark with its queries in another order. */
  public static Benchmark withQueries(Benchmark b, List<BenchmarkQuery> queries) {
    return new Benchmark(b.kind(), b.split(), b.subset().orElse(null), b.source(), b.galleryIds(),
        itemsOf(b), queries);
  }

  private static Map<String, GalleryItem> itemsOf(Benchmark b) {
    Map<String, GalleryItem> m = new LinkedHashMap<>();
    b.itemIds().forEach(id -> m.put(id, b.item(id)));
    return m;
  }
}
