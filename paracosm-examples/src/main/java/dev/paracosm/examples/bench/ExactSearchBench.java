package dev.paracosm.examples.bench;

import dev.paracosm.fusion.FloatMatrix;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Ranking;
import dev.paracosm.index.GalleryIndex;
import dev.paracosm.index.IndexOptions;
import dev.paracosm.index.IndexSnapshot;
import dev.paracosm.index.IndexedItem;
import dev.paracosm.index.MetadataFilter;
import dev.paracosm.index.StorageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Exact-search benchmark through the real gallery index: builds a random unit-norm gallery in a
 * temporary {@code file} index (fp32 unless {@code --storage float16}), then times the batch search
 * ({@code --queries} rows, top-{@code --k}) and a single-query search, each {@code --runs} times
 * after a warm-up, and prints the medians. The FAISS yardstick is {@code bench/faiss_flatip.py}.
 *
 * <pre>
 * java -Xmx4g -cp ... dev.paracosm.examples.bench.ExactSearchBench --gallery 123403 --dim 512 \
 *     --queries 800 --k 50 --seed 0
 * </pre>
 */
public final class ExactSearchBench {
  private ExactSearchBench() {}

  /**
   * @param args {@code --gallery N --dim D --queries Q --k K --seed S [--runs R] [--storage
   *     float32|float16]}
   * @throws IOException if the temporary index cannot be written
   */
  public static void main(String[] args) throws IOException {
    int gallery = 123_403;
    int dim = 512;
    int queries = 800;
    int k = 50;
    long seed = 0;
    int runs = 5;
    StorageType storage = StorageType.FLOAT32;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--gallery" -> gallery = Integer.parseInt(v);
        case "--dim" -> dim = Integer.parseInt(v);
        case "--queries" -> queries = Integer.parseInt(v);
        case "--k" -> k = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--runs" -> runs = Integer.parseInt(v);
        case "--storage" -> storage = StorageType.valueOf(v.toUpperCase(java.util.Locale.ROOT));
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --gallery --dim --queries --k --seed --runs --storage");
      }
      i++;
    }
    Random rnd = new Random(seed);
    Path dir = Files.createTempDirectory("paracosm-bench-index");
    try {
      long t0 = System.nanoTime();
      IndexOptions options = IndexOptions.builder().encoderId("bench:random").dimension(dim).storage(storage).build();
      try (GalleryIndex index = GalleryIndex.open(dir, options)) {
        for (int i = 0; i < gallery; i++) {
          index.add(new IndexedItem("img-" + i, Map.of(), Map.of("image", unitVector(rnd, dim))));
          if ((i + 1) % 50_000 == 0) {
            index.commit();
          }
        }
        index.commit();
      }
      long t1 = System.nanoTime();
      try (GalleryIndex index = GalleryIndex.openReadOnly(dir)) {
        IndexSnapshot snapshot = index.snapshot();
        FusionConfig config = FusionConfig.of(Mode.BASELINE_IMAGE_ONLY);
        snapshot.fused(config);
        long t2 = System.nanoTime();
        System.out.printf("gallery=%d dim=%d storage=%s build+commit_ms=%.0f open+fuse_ms=%.0f%n", snapshot.size(), dim,
            storage, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        float[] q = new float[queries * dim];
        for (int i = 0; i < queries; i++) {
          System.arraycopy(unitVector(rnd, dim), 0, q, i * dim, dim);
        }
        FloatMatrix batch = FloatMatrix.wrap(queries, dim, q);
        FloatMatrix single = FloatMatrix.wrap(1, dim, Arrays.copyOf(q, dim));

        List<Ranking> warm = snapshot.search(batch, config, k, MetadataFilter.all());
        for (int i = 0; i < 3; i++) {
          snapshot.search(single, config, k, MetadataFilter.all());
        }
        double[] batchMs = new double[runs];
        double[] batchCpuMs = new double[runs];
        for (int r = 0; r < runs; r++) {
          long c = processCpuNanos();
          long s = System.nanoTime();
          List<Ranking> res = snapshot.search(batch, config, k, MetadataFilter.all());
          batchMs[r] = (System.nanoTime() - s) / 1e6;
          batchCpuMs[r] = (processCpuNanos() - c) / 1e6;
          if (!res.equals(warm)) {
            throw new IllegalStateException("Non-deterministic results between runs");
          }
        }
        double[] singleMs = new double[runs];
        for (int r = 0; r < runs; r++) {
          long s = System.nanoTime();
          snapshot.search(single, config, k, MetadataFilter.all());
          singleMs[r] = (System.nanoTime() - s) / 1e6;
        }
        System.out.printf("batch runs_ms=%s%nsingle runs_ms=%s%n", fmt(batchMs), fmt(singleMs));
        System.out.printf("batch process_cpu_ms=%s (all threads, incl. native; robust to a busy machine)%n",
            fmt(batchCpuMs));
        System.out.printf("exact-search median_ms=%.1f%n", median(batchMs));
        System.out.printf("single-query median_ms=%.1f%n", median(singleMs));
        System.out.printf("top1 of query 0: %s score=%.6f%n", snapshot.id(warm.get(0).index(0)), warm.get(0).score(0));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
  }

  private static float[] unitVector(Random rnd, int dim) {
    float[] v = new float[dim];
    double ss = 0;
    for (int i = 0; i < dim; i++) {
      double x = rnd.nextGaussian();
      v[i] = (float) x;
      ss += x * x;
    }
    float inv = (float) (1 / Math.sqrt(ss));
    for (int i = 0; i < dim; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String fmt(double[] xs) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < xs.length; i++) {
      b.append(i == 0 ? "" : ",").append(String.format("%.1f", xs[i]));
    }
    return b.append(']').toString();
  }
}
