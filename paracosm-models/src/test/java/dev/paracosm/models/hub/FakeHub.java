package dev.paracosm.models.hub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Hugging Face hub plus a second "CDN" server, with the hub's URL and header
 * conventions and switchable faults. Serves the vendored tiny-clip fixture files.
 */
final class FakeHub implements AutoCloseable {

  static final String REPO = "paracosm-test/tiny-clip";
  static final String SPEC = "hf:" + REPO;
  static final String RENAMED_REPO = "paracosm-test/old-tiny-clip";
  static final String COMMIT = "5f0c2b7e9a1d4c3b8e6f7a0d1c2b3e4f5a6b7c8d";
  static final String LFS_FILE = "model.safetensors";
  static final Path FIXTURES = Path.of("src/test/resources/fixtures/models/tiny-clip");

  static final String SERVER_HUB = "hub";
  static final String SERVER_CDN = "cdn";

  /** One request as the servers saw it. */
  record Request(String server, String method, String path, String range, String authorization) {}

  private static final Pattern RESOLVE = Pattern.compile("/(.+?/.+?)/resolve/([^/]+)/(.+)");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  final Map<String, byte[]> files = new LinkedHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  // Faults and options, set by tests before resolving.
  volatile String requiredToken;
  final AtomicInteger headFailuresWith500 = new AtomicInteger();
  final AtomicInteger cdnDropsMidBody = new AtomicInteger();
  final AtomicInteger cdnFailuresWith500 = new AtomicInteger();
  final AtomicInteger cdnStallsMidBody = new AtomicInteger();
  volatile long cdnStallMillis;
  volatile boolean cdnIgnoresRange;
  volatile boolean cdnCorruptsContent;
  volatile boolean announceWrongSize;
  volatile int cdnChunkDelayMillis;
  volatile int forcedHubStatus;

  private final HttpServer hub;
  private final HttpServer cdn;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);

  FakeHub() throws IOException {
    for (String name :
        List.of(
            "config.json",
            "preprocessor_config.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            LFS_FILE)) {
      files.put(name, Files.readAllBytes(FIXTURES.resolve(name)));
    }
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    hub.createContext("/", this::handleHub);
    cdn.createContext("/", this::handleCdn);
    hub.setExecutor(executor);
    cdn.setExecutor(executor);
    hub.start();
    cdn.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + hub.getAddress().getPort();
  }

  String cdnBase() {
    return "http://127.0.0.1:" + cdn.getAddress().getPort();
  }

  /** @return the blob name the hub announces: sha256 for the LFS file, git blob sha1 otherwise */
  String etag(String file) {
    byte[] content = files.get(file);
    return file.equals(LFS_FILE) ? sha256(content) : gitBlobSha1(content);
  }

  static String sha256(byte[] content) {
    return hex("SHA-256", content);
  }

  static String gitBlobSha1(byte[] content) {
    byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[header.length + content.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(content, 0, all, header.length, content.length);
    return hex("SHA-1", all);
  }

  private static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  List<Request> requests(String server, String method) {
    List<Request> out = new ArrayList<>();
    for (Request r : requests) {
      if (r.server().equals(server) && r.method().equals(method)) {
        out.add(r);
      }
    }
    return out;
  }

  long gets() {
    return requests.stream().filter(r -> r.method().equals("GET")).count();
  }

  private void record(String server, HttpExchange ex) {
    Headers h = ex.getRequestHeaders();
    requests.add(
        new Request(
            server,
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath(),
            h.getFirst("Range"),
            h.getFirst("Authorization")));
  }

  private void handleHub(HttpExchange ex) throws IOException {
    try (ex) {
      record("hub", ex);
      boolean head = ex.getRequestMethod().equals("HEAD");
      Headers out = ex.getResponseHeaders();
      if (headFailuresWith500.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ex.sendResponseHeaders(500, -1);
        return;
      }
      if (forcedHubStatus != 0) {
        ex.sendResponseHeaders(forcedHubStatus, -1);
        return;
      }
      if (requiredToken != null
          && !("Bearer " + requiredToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        out.set("X-Error-Code", "GatedRepo");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      Matcher m = RESOLVE.matcher(ex.getRequestURI().getRawPath());
      if (m.matches() && m.group(1).equals(RENAMED_REPO)) {
        // A renamed repository: the hub answers with a relative redirect to the new name.
        out.set("Location", "/" + REPO + "/resolve/" + m.group(2) + "/" + m.group(3));
        ex.sendResponseHeaders(307, -1);
        return;
      }
      if (!m.matches() || !m.group(1).equals(REPO)) {
        out.set("X-Error-Code", "RepoNotFound");
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String rev = m.group(2);
      if (!rev.equals("main") && !rev.equals(COMMIT)) {
        out.set("X-Error-Code", "RevisionNotFound");
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String file = m.group(3);
      out.set("X-Repo-Commit", COMMIT);
      byte[] content = files.get(file);
      if (content == null) {
        out.set("X-Error-Code", "EntryNotFound");
        ex.sendResponseHeaders(404, -1);
        return;
      }
      long announced = content.length + (announceWrongSize ? 1 : 0);
      if (file.equals(LFS_FILE)) {
        // LFS: the hub redirects to the CDN and announces the real blob in X-Linked-*.
        out.set("ETag", "\"" + gitBlobSha1("pointer".getBytes(StandardCharsets.UTF_8)) + "\"");
        out.set("X-Linked-Etag", "\"" + etag(file) + "\"");
        out.set("X-Linked-Size", Long.toString(announced));
        out.set("Location", cdnBase() + "/repos/aa/bb/" + etag(file) + "?X-Amz-Signature=secret");
        ex.sendResponseHeaders(302, -1);
        return;
      }
      out.set("ETag", "\"" + etag(file) + "\"");
      if (head) {
        out.set("Content-Length", Long.toString(announced));
        ex.sendResponseHeaders(200, -1);
        return;
      }
      sendBody(ex, content, false, false);
    }
  }

  private void handleCdn(HttpExchange ex) throws IOException {
    try (ex) {
      record("cdn", ex);
      String path = ex.getRequestURI().getRawPath();
      byte[] content = files.get(LFS_FILE);
      if (!path.endsWith("/" + etag(LFS_FILE))) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (cdnFailuresWith500.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ex.sendResponseHeaders(500, -1);
        return;
      }
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
        ex.sendResponseHeaders(200, -1);
        return;
      }
      if (cdnCorruptsContent) {
        content = content.clone();
        content[content.length / 2] ^= 0x5a;
      }
      sendBody(ex, content, true, cdnIgnoresRange);
    }
  }

  private void sendBody(HttpExchange ex, byte[] content, boolean cdnFaults, boolean ignoreRange)
      throws IOException {
    String range = ex.getRequestHeaders().getFirst("Range");
    int start = 0;
    Matcher rm = range == null ? null : RANGE.matcher(range.trim());
    if (rm != null && rm.matches() && !ignoreRange) {
      start = Integer.parseInt(rm.group(1));
      if (start >= content.length) {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
        ex.sendResponseHeaders(416, -1);
        return;
      }
      ex.getResponseHeaders()
          .set("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
      ex.sendResponseHeaders(206, content.length - start);
    } else {
      ex.sendResponseHeaders(200, content.length);
    }
    int length = content.length - start;
    OutputStream body = ex.getResponseBody();
    boolean drop = cdnFaults && cdnDropsMidBody.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    boolean stall = cdnFaults && cdnStallsMidBody.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    int chunk = 64 * 1024;
    int sent = 0;
    while (sent < length) {
      int n = Math.min(chunk, length - sent);
      body.write(content, start + sent, n);
      body.flush();
      sent += n;
      if ((drop || stall) && sent >= length / 2) {
        if (stall) {
          sleep(cdnStallMillis);
        }
        // Close the connection with the body half sent.
        throw new IOException("fault injected: connection dropped after " + sent + " bytes");
      }
      if (cdnFaults && cdnChunkDelayMillis > 0) {
        sleep(cdnChunkDelayMillis);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Files every test resolves; special_tokens_map.json is fetched as optional. */
  static final List<String> REQUIRED =
      List.of("config.json", "preprocessor_config.json", "tokenizer_config.json", LFS_FILE);

  static final List<String> OPTIONAL = List.of("special_tokens_map.json", "added_tokens.json");

  static final Set<String> ALL = Set.of(
      "config.json", "preprocessor_config.json", "tokenizer_config.json", LFS_FILE,
      "special_tokens_map.json");

  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    hub.stop(0);
    cdn.stop(0);
    executor.shutdownNow();
  }
}
