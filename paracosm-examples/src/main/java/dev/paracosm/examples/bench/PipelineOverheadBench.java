package dev.paracosm.examples.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.paracosm.Gallery;
import dev.paracosm.GalleryItem;
import dev.paracosm.Paracosm;
import dev.paracosm.ProgressListener;
import dev.paracosm.Query;
import dev.paracosm.fusion.Mode;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.Encoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what the pipeline adds on top of the generative servers: a loopback OpenAI-compatible
 * server with a fixed latency and a fixed number of slots (its capacity is {@code slots / latency})
 * serves the captioner, image editor and text-to-image roles through the real HTTP clients; the
 * encoder is an in-process hash encoder so that only pipeline overhead is measured.
 *
 * <pre>
 * mvn -q -B -ntp -pl paracosm-examples -am package -DskipTests
 * java -cp "paracosm-examples/target/classes:$(cat paracosm-examples/target/classpath.txt)" \
 *   dev.paracosm.examples.bench.PipelineOverheadBench --latency-ms 200 --slots 8 --gallery 400 --queries 50
 * </pre>
 *
 * <p>Prints {@code query_overhead_pct} (mean, after 5 uncounted warm-up queries, of the query wall time beyond the server time of its requests,
 * in percent of that server time; a Paracosm query makes two sequential requests: mental image, then
 * its description) and {@code gallery_throughput_pct_of_capacity} (requests per second achieved while
 * indexing, in percent of the server's capacity).
 */
public final class PipelineOverheadBench {
  private PipelineOverheadBench() {}

  /**
   * @param args {@code --latency-ms N --slots N --gallery N --queries N [--work-dir DIR]}
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = BenchArgs.parse(args);
    int latencyMs = Integer.parseInt(a.getOrDefault("latency-ms", "200"));
    int slots = Integer.parseInt(a.getOrDefault("slots", "8"));
    int galleryN = Integer.parseInt(a.getOrDefault("gallery", "400"));
    int queriesN = Integer.parseInt(a.getOrDefault("queries", "50"));
    Path work = a.containsKey("work-dir") ? Path.of(a.get("work-dir")) : Files.createTempDirectory("paracosm-bench");

    LatencyServer server = new LatencyServer(latencyMs, slots);
    try {
      String url = "http://127.0.0.1:" + server.port() + "/v1";
      String opts = Integer.toString(2 * slots);
      try (Paracosm p = Paracosm.builder().encoder(new HashEncoder())
          .captioner("vllm:bench/captioner@" + url).imageEditor("vllm-omni:bench/editor@" + url)
          .textToImage("vllm-omni:bench/t2i@" + url).mode(Mode.PARACOSM)
          .providerOptions(Map.of("max_in_flight", opts, "max_queued", "100000"))
          .concurrency(2 * slots).indexDirectory(work.resolve("index")).build()) {
        List<GalleryItem> items = new ArrayList<>();
        for (int i = 0; i < galleryN; i++) {
          items.add(GalleryItem.of("g" + i, image(i), Map.of()));
        }
        long r0 = server.requests.get();
        long t0 = System.nanoTime();
        p.index(Gallery.of(items), ProgressListener.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long requests = server.requests.get() - r0;
        double capacity = slots * 1000.0 / latencyMs;
        double throughputPct = 100.0 * requests / seconds / capacity;

        // warm-up: engine initialisation and JIT, not counted
        for (int q = 0; q < 5; q++) {
          p.search(Query.of(image(200_000 + q), "warm up " + q), 10);
        }
        double overheadSum = 0;
        double[] overheads = new double[queriesN];
        for (int q = 0; q < queriesN; q++) {
          Query query = Query.of(image(100_000 + q), "make it different " + q);
          long s0 = server.serverNanos.get();
          long w0 = System.nanoTime();
          p.search(query, 10);
          long wall = System.nanoTime() - w0;
          long serverTime = server.serverNanos.get() - s0;
          overheads[q] = 100.0 * (wall - serverTime) / serverTime;
          overheadSum += overheads[q];
        }
        System.out.printf("gallery_requests=%d gallery_seconds=%.2f capacity_req_per_s=%.1f%n", requests, seconds,
            capacity);
        java.util.Arrays.sort(overheads);
        System.out.printf("query_overhead_pct=%.2f%n", overheadSum / queriesN);
        System.out.printf("query_overhead_median_pct=%.2f query_overhead_p90_pct=%.2f%n", overheads[queriesN / 2],
            overheads[(int) (queriesN * 0.9)]);
        System.out.printf("gallery_throughput_pct_of_capacity=%.1f%n", throughputPct);
      }
    } finally {
      server.close();
    }
  }

  static ImageData image(int seed) {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(seed * 2654435761L > 0 ? (int) (seed * 2654435761L) & 0xffffff : seed));
    g.fillRect(0, 0, 32, 32);
    g.setColor(new Color((seed * 40503) & 0xffffff));
    g.fillRect(seed % 16, (seed / 16) % 16, 16, 16);
    g.dispose();
    return ImageData.fromBufferedImage(img, "bench-" + seed);
  }

  /** A fast deterministic encoder (hash features), so the bench measures the pipeline, not a model. */
  static final class HashEncoder implements Encoder {
    @Override
    public String modelId() {
      return "bench:hash";
    }

    @Override
    public int dimension() {
      return 64;
    }

    @Override
    public float[] encodeImage(ImageData image) {
      return vector(image.sha256().hashCode());
    }

    @Override
    public float[] encodeText(String text) {
      return vector(text.hashCode());
    }

    private static float[] vector(long seed) {
      java.util.Random r = new java.util.Random(seed);
      float[] v = new float[64];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
      }
      return v;
    }
  }

  /** Loopback OpenAI-compatible server: each request holds one of {@code slots} for {@code latency}. */
  static final class LatencyServer implements AutoCloseable {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong serverNanos = new AtomicLong();
    private final HttpServer http;
    private final Semaphore slots;
    private final int latencyMs;
    private final byte[] png;

    LatencyServer(int latencyMs, int slots) throws IOException {
      this.latencyMs = latencyMs;
      this.slots = new Semaphore(slots, true);
      this.png = image(7).bytes();
      // without TCP_NODELAY the JDK server's split header/body writes meet the client's delayed ACK:
      // ~40 ms per request that no real model server adds
      System.setProperty("sun.net.httpserver.nodelay", "true");
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
      http.setExecutor(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "latency-server");
        t.setDaemon(true);
        return t;
      }));
      http.createContext("/v1/", this::handle);
      http.start();
    }

    int port() {
      return http.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
      long start = System.nanoTime();
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      try {
        slots.acquire();
        try {
          Thread.sleep(latencyMs);
        } finally {
          slots.release();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int n = (int) requests.incrementAndGet();
      String path = ex.getRequestURI().getPath();
      String json;
      if (path.endsWith("/chat/completions")) {
        json = "{\"id\":\"c" + n + "\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"bench\",\"choices\":"
            + "[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"a description number " + n + " of " + Integer.toHexString(java.util.Arrays.hashCode(body))
            + "\"}}]}";
      } else {
        json = "{\"created\":0,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png) + "\"}]}";
      }
      byte[] out = json.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
      serverNanos.addAndGet(System.nanoTime() - start);
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
