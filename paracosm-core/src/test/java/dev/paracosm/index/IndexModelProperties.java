package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Model-based invariant: any sequence of adds (partial components, metadata updates, overwrites)
 * and commits reads back exactly like a plain in-memory merge, after every commit, after reopening,
 * and after compaction, in both storage types.
 */
class IndexModelProperties {
  private static final int DIM = 3;
  private static final String[] IDS = {"a", "b", "c", "d", "e"};
  private static final String[] COMPONENTS = {"image", "syn_image", "t_brief"};

  /** The model: id → (metadata, components), in first-commit order. */
  private static final class Model {
    final Map<String, Map<String, String>> meta = new LinkedHashMap<>();
    final Map<String, Map<String, float[]>> comps = new LinkedHashMap<>();
  }

  private static void assertSame(IndexSnapshot s, Model m) {
    assertThat(s.size()).isEqualTo(m.meta.size());
    List<String> order = new ArrayList<>(m.meta.keySet());
    for (int r = 0; r < s.size(); r++) {
      String id = order.get(r);
      assertThat(s.id(r)).isEqualTo(id);
      assertThat(s.metadata(r)).isEqualTo(m.meta.get(id));
      for (String c : COMPONENTS) {
        float[] expected = m.comps.get(id).get(c);
        if (expected == null) {
          assertThat(s.presence(c).get(r)).as("%s lacks %s", id, c).isFalse();
        } else {
          assertThat(s.presence(c).get(r)).isTrue();
          assertThat(s.component(c).row(r)).as("%s %s", id, c).containsExactly(expected);
        }
      }
    }
  }

  @Property(tries = 40)
  void anySequenceOfAddsAndCommitsReadsBackLikeAnInMemoryMerge(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int steps, @ForAll boolean fp16) throws IOException {
    Random rnd = new Random(seed);
    StorageType storage = fp16 ? StorageType.FLOAT16 : StorageType.FLOAT32;
    Path dir = Files.createTempDirectory("paracosm-model");
    try {
      Model committed = new Model();
      Model pending = new Model();
      List<String> pendingOrder = new ArrayList<>();
      try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM, storage))) {
        for (int step = 0; step < steps; step++) {
          if (rnd.nextInt(4) == 0) {
            index.commit();
            for (String id : pendingOrder) {
              committed.meta.computeIfAbsent(id, k -> new HashMap<>()).putAll(pending.meta.get(id));
              committed.comps.computeIfAbsent(id, k -> new HashMap<>()).putAll(pending.comps.get(id));
            }
            pending.meta.clear();
            pending.comps.clear();
            pendingOrder.clear();
            assertSame(index.snapshot(), committed);
            continue;
          }
          String id = IDS[rnd.nextInt(IDS.length)];
          Map<String, String> meta = new HashMap<>();
          if (rnd.nextBoolean()) {
            meta.put("k" + rnd.nextInt(3), "v" + rnd.nextInt(3));
          }
          Map<String, float[]> comps = new HashMap<>();
          for (String c : COMPONENTS) {
            if (rnd.nextInt(3) == 0) {
              // Values on a 1/8 grid in [-4, 4): exact in float16 too.
              float[] v = new float[DIM];
              for (int i = 0; i < DIM; i++) {
                v[i] = (rnd.nextInt(64) - 32) / 8f;
              }
              comps.put(c, v);
            }
          }
          index.add(new IndexedItem(id, meta, comps));
          if (!pending.meta.containsKey(id)) {
            pendingOrder.add(id);
          }
          pending.meta.computeIfAbsent(id, k -> new HashMap<>()).putAll(meta);
          pending.comps.computeIfAbsent(id, k -> new HashMap<>()).putAll(comps);
        }
        index.commit();
        for (String id : pendingOrder) {
          committed.meta.computeIfAbsent(id, k -> new HashMap<>()).putAll(pending.meta.get(id));
          committed.comps.computeIfAbsent(id, k -> new HashMap<>()).putAll(pending.comps.get(id));
        }
        assertSame(index.snapshot(), committed);
      }
      try (GalleryIndex reader = GalleryIndex.openReadOnly(dir)) {
        assertSame(reader.snapshot(), committed);
      }
      try (GalleryIndex writer = GalleryIndex.open(dir, TestVectors.options(DIM, storage))) {
        writer.compact();
        assertSame(writer.snapshot(), committed);
      }
      try (GalleryIndex reader = GalleryIndex.openReadOnly(dir)) {
        assertSame(reader.snapshot(), committed);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
