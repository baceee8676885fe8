package dev.paracosm.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * A fake OpenAI-compatible server on 127.0.0.1 for tests: chat completions, images generations,
 * edits and variations, with canned replies and injected faults.
 *
 * <p>It is a small HTTP/1.1 server on a raw {@link ServerSocket} (keep-alive, Content-Length and
 * chunked request bodies), so it can also misbehave at the socket level: reset a connection, drip a
 * body byte by byte, or stall. Every request is recorded ({@link #requests()}) and validated against
 * the vendored OpenAI schema ({@code serving/openai-subset.yaml} on the test classpath) with the
 * networknt validator: JSON bodies directly, multipart forms after parsing their fields (typed by the
 * schema). A request that violates the schema is answered with a 400 (consuming no queued reply)
 * and listed in {@link #schemaViolations()}; tests should assert that list is empty.
 *
 * <p>Replies come, in order, from the queue of the request's operation ({@link #enqueue(String,
 * Reply...)}), then the shared queue ({@link #enqueue(Reply...)}), then the responder (by default: a
 * chat completion with a fixed text, or a PNG of the requested {@code size} whose colour is derived
 * from the prompt and seed, so different prompts give different images).
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.builder().chatText("a dog on a beach").build()) {
 *   server.enqueue(Reply.rateLimited("1"), Reply.overloaded());   // two faults, then normal replies
 *   Captioner c = OpenAiCaptioner.builder().baseUrl(server.baseUrl()).profile(ServerProfile.VLLM).build();
 *   ...
 *   assertThat(server.schemaViolations()).isEmpty();
 * }
 * }</pre>
 */
public final class FakeOpenAiServer implements AutoCloseable {
  /** Operation path of chat completions (relative to the base URL). */
  public static final String CHAT = "/chat/completions";
  /** Operation path of image generations. */
  public static final String GENERATIONS = "/images/generations";
  /** Operation path of image edits. */
  public static final String EDITS = "/images/edits";
  /** Operation path of image variations (Xinference controllable edits). */
  public static final String VARIATIONS = "/images/variations";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> SCHEMA_BY_OPERATION = Map.of(
      CHAT, "CreateChatCompletionRequest",
      GENERATIONS, "CreateImageRequest",
      EDITS, "CreateImageEditRequest",
      VARIATIONS, "CreateImageEditRequest");

  private final Builder config;
  private final ServerSocket serverSocket;
  private final ExecutorService pool;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Reply> shared = new ConcurrentLinkedQueue<>();
  private final Map<String, ConcurrentLinkedQueue<Reply>> byOperation = new ConcurrentHashMap<>();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final AtomicInteger counter = new AtomicInteger();
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
  private final JsonNode schemaDoc;
  private volatile boolean closed;

  private FakeOpenAiServer(Builder b) throws IOException {
    this.config = b;
    this.schemaDoc = b.validate ? loadSchemaDoc(b.schemaResource) : null;
    this.serverSocket = new ServerSocket();
    this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-openai-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.submit(this::acceptLoop);
  }

  /** @return a builder with the defaults described on each setter */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the base URL to configure clients with, e.g. {@code http://127.0.0.1:41234/v1} */
  public String baseUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort() + config.prefix;
  }

  /** @return the port */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /**
   * Queues replies used by the next requests of any operation, in order.
   *
   * @param replies replies
   * @return this
   */
  public FakeOpenAiServer enqueue(Reply... replies) {
    shared.addAll(List.of(replies));
    return this;
  }

  /**
   * Queues replies for one operation ({@link #CHAT}, {@link #GENERATIONS}, {@link #EDITS},
   * {@link #VARIATIONS}); they take precedence over the shared queue.
   *
   * @param operation operation path
   * @param replies replies
   * @return this
   */
  public FakeOpenAiServer enqueue(String operation, Reply... replies) {
    byOperation.computeIfAbsent(operation, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
    return this;
  }

  /**
   * Serves bytes for {@code GET} at a path (e.g. for replies whose {@code data[0].url} is relative).
   *
   * @param path absolute path on this server, e.g. {@code /v1/files/1/content}
   * @param bytes content
   * @return this
   */
  public FakeOpenAiServer file(String path, byte[] bytes) {
    files.put(path, bytes.clone());
    return this;
  }

  /** @return every request received so far, in arrival order */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * @param operation operation path
   * @return the requests of one operation
   */
  public List<RecordedRequest> requests(String operation) {
    return requests.stream().filter(r -> operation.equals(r.operation())).toList();
  }

  /** @return number of requests received */
  public int requestCount() {
    return requests.size();
  }

  /**
   * @return the most requests that were in progress at the same time (from arrival until their reply
   *     starts, latency included)
   */
  public int maxConcurrent() {
    return maxActive.get();
  }

  /**
   * @return schema violations of all requests ({@code operation: message}), and responder failures;
   *     empty when all requests were valid
   */
  public List<String> schemaViolations() {
    return List.copyOf(violations);
  }

  /** Forgets recorded requests, violations, queued replies and the concurrency peak. */
  public void reset() {
    requests.clear();
    violations.clear();
    shared.clear();
    byOperation.clear();
    maxActive.set(0);
  }

  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    pool.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------
  // Replies

  /** What the server answers to one request: a status, headers and body, or a socket-level fault. */
  public static final class Reply {
    final int status;
    final Map<String, String> headers;
    final byte[] body;
    final Duration delay;
    final Duration drip;
    final boolean reset;
    final boolean fromResponder;

    private Reply(int status, Map<String, String> headers, byte[] body, Duration delay, Duration drip, boolean reset,
        boolean fromResponder) {
      this.status = status;
      this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      this.body = body;
      this.delay = delay;
      this.drip = drip;
      this.reset = reset;
      this.fromResponder = fromResponder;
    }

    /**
     * @param status HTTP status
     * @param contentType media type
     * @param body body bytes
     * @return a reply
     */
    public static Reply raw(int status, String contentType, byte[] body) {
      return new Reply(status, Map.of("Content-Type", contentType), body, Duration.ZERO, null, false, false);
    }

    /**
     * @param status HTTP status
     * @param json JSON body
     * @return a reply
     */
    public static Reply json(int status, String json) {
      return raw(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param text assistant message content
     * @return a chat completion with {@code finish_reason} {@code stop}
     */
    public static Reply chat(String text) {
      return chat(text, "stop");
    }

    /**
     * @param text assistant message content
     * @param finishReason finish reason
     * @return a chat completion
     */
    public static Reply chat(String text, String finishReason) {
      ObjectNode root = JSON.createObjectNode();
      root.put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", Instant.now().getEpochSecond())
          .put("model", "fake-model");
      ObjectNode choice = root.putArray("choices").addObject();
      choice.put("index", 0).put("finish_reason", finishReason);
      choice.putObject("message").put("role", "assistant").put("content", text);
      root.putObject("usage").put("prompt_tokens", 42).put("completion_tokens", 7).put("total_tokens", 49);
      return json(200, root.toString());
    }

    /**
     * @param imageBytes encoded image
     * @return an images response with {@code data[0].b64_json}
     */
    public static Reply image(byte[] imageBytes) {
      return b64(Base64.getEncoder().encodeToString(imageBytes));
    }

    /**
     * @param b64 the {@code b64_json} text, sent verbatim
     * @return an images response
     */
    public static Reply b64(String b64) {
      ObjectNode root = JSON.createObjectNode();
      root.put("created", Instant.now().getEpochSecond());
      root.putArray("data").addObject().put("b64_json", b64);
      return json(200, root.toString());
    }

    /**
     * @param url the {@code url} value (absolute, relative or a data URL)
     * @return an images response with {@code data[0].url} and no {@code b64_json}
     */
    public static Reply imageUrl(String url) {
      ObjectNode root = JSON.createObjectNode();
      root.put("created", Instant.now().getEpochSecond());
      root.putArray("data").addObject().put("url", url);
      return json(200, root.toString());
    }

    /**
     * @param status HTTP status
     * @param type {@code error.type}
     * @param code {@code error.code} (null for JSON null)
     * @param message {@code error.message}
     * @return an OpenAI-shaped error
     */
    public static Reply error(int status, String type, String code, String message) {
      ObjectNode root = JSON.createObjectNode();
      ObjectNode e = root.putObject("error");
      e.put("message", message).put("type", type).putNull("param");
      if (code == null) {
        e.putNull("code");
      } else {
        e.put("code", code);
      }
      return json(status, root.toString());
    }

    /**
     * @param retryAfter the {@code Retry-After} value (seconds or an HTTP-date), or null to omit it
     * @return a 429 rate limit ({@code rate_limit_exceeded})
     */
    public static Reply rateLimited(String retryAfter) {
      Reply r = error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests");
      return retryAfter == null ? r : r.withHeader("Retry-After", retryAfter);
    }

    /** @return a 429 that is a billing error ({@code insufficient_quota}); must not be retried */
    public static Reply quotaExceeded() {
      return error(429, "insufficient_quota", "insufficient_quota",
          "You exceeded your current quota, please check your plan and billing details.");
    }

    /** @return a 503 {@code server_is_overloaded} */
    public static Reply overloaded() {
      return error(503, "server_error", "server_is_overloaded", "The server is overloaded");
    }

    /** @return a 500 */
    public static Reply serverError() {
      return error(500, "server_error", null, "CUDA out of memory");
    }

    /** @return a 200 whose body is cut-off JSON */
    public static Reply malformedJson() {
      return json(200, "{\"id\": \"x\", \"choices\": [{\"message\": {\"content\": \"a ca");
    }

    /** @return an images response whose base64 is a valid PNG's base64 cut in the middle */
    public static Reply truncatedBase64Image() {
      String full = Base64.getEncoder().encodeToString(png(64, 64, Color.ORANGE));
      return b64(full.substring(0, full.length() / 2 + 1));
    }

    /** @return an images response whose base64 decodes to bytes that are not an image */
    public static Reply nonImageBytes() {
      return image("<html>this is not an image</html>".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param width declared width
     * @param height declared height
     * @return an images response with a tiny PNG whose header declares a huge size
     */
    public static Reply hugeDeclaredImage(int width, int height) {
      return image(pngHeaderDeclaring(width, height));
    }

    /** @return a reply that resets the TCP connection (RST) without answering */
    public static Reply connectionReset() {
      return new Reply(0, Map.of(), new byte[0], Duration.ZERO, null, true, false);
    }

    /** @return the responder's normal reply (a placeholder to keep a position in a queue) */
    public static Reply normal() {
      return new Reply(0, Map.of(), new byte[0], Duration.ZERO, null, false, true);
    }

    /**
     * @param name header name
     * @param value header value
     * @return a copy with the header added
     */
    public Reply withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body, delay, drip, reset, fromResponder);
    }

    /**
     * @param d time to wait before answering
     * @return a copy that waits first
     */
    public Reply delayed(Duration d) {
      return new Reply(status, headers, body, d, drip, reset, fromResponder);
    }

    /**
     * @param interval pause between body bytes
     * @return a copy that sends the headers at once and then the body one byte per interval
     */
    public Reply dripping(Duration interval) {
      return new Reply(status, headers, body, delay, interval, reset, fromResponder);
    }

    /** @return the body as text */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Recorded requests

  /**
   * A file part of a multipart request.
   *
   * @param filename the file name
   * @param contentType its media type
   * @param bytes its content
   */
  public record FilePart(String filename, String contentType, byte[] bytes) {}

  /**
   * One request as received.
   *
   * @param method HTTP method
   * @param path full path (with the base URL prefix)
   * @param operation path relative to the prefix, e.g. {@link #CHAT}
   * @param headers headers, lower-case names
   * @param body raw body
   * @param json the body parsed as JSON (null if not JSON)
   * @param form multipart text fields (empty if not multipart)
   * @param files multipart file parts by field name
   * @param schemaErrors schema violations of this request
   * @param receivedNanos {@link System#nanoTime()} at arrival
   */
  public record RecordedRequest(String method, String path, String operation, Map<String, List<String>> headers,
      byte[] body, JsonNode json, Map<String, List<String>> form, Map<String, List<FilePart>> files,
      List<String> schemaErrors, long receivedNanos) {

    /**
     * @param name header name (any case)
     * @return the first value or null
     */
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * @param name a multipart text field
     * @return its first value or null
     */
    public String field(String name) {
      List<String> v = form.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** @return the top-level field names of a JSON body, or the text and file fields of a form */
    public Set<String> fieldNames() {
      Set<String> names = new LinkedHashSet<>();
      if (json != null && json.isObject()) {
        json.fieldNames().forEachRemaining(names::add);
      }
      names.addAll(form.keySet());
      names.addAll(files.keySet());
      return names;
    }

    /** @return the prompt of an images request (JSON or form), or null */
    public String prompt() {
      if (json != null && json.hasNonNull("prompt")) {
        return json.get("prompt").asText();
      }
      return field("prompt");
    }

    /** @return the body as UTF-8 text */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the text parts of the last chat message, concatenated (null if not a chat request) */
    public String chatText() {
      JsonNode content = lastMessageContent();
      if (content == null) {
        return null;
      }
      if (content.isTextual()) {
        return content.asText();
      }
      StringBuilder sb = new StringBuilder();
      content.forEach(p -> sb.append(p.path("text").asText("")));
      return sb.toString();
    }

    /** @return the images of the last chat message, decoded from their {@code data:} URLs, in order */
    public List<byte[]> chatImages() {
      List<byte[]> out = new ArrayList<>();
      JsonNode content = lastMessageContent();
      if (content != null && content.isArray()) {
        for (JsonNode p : content) {
          String url = p.path("image_url").path("url").asText("");
          if (url.startsWith("data:")) {
            out.add(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
          }
        }
      }
      return out;
    }

    private JsonNode lastMessageContent() {
      if (json == null || !json.path("messages").isArray() || json.get("messages").size() == 0) {
        return null;
      }
      JsonNode messages = json.get("messages");
      return messages.get(messages.size() - 1).get("content");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Builder

  /** Builder of {@link FakeOpenAiServer}. */
  public static final class Builder {
    private String prefix = "/v1";
    private String schemaResource = "serving/openai-subset.yaml";
    private boolean validate = true;
    private boolean rejectUnknownFields;
    private String expectedApiKey;
    private Duration latency = Duration.ZERO;
    private Function<RecordedRequest, Reply> responder;
    private String chatText = "a photo of a test object";

    private Builder() {}

    /**
     * @param prefix path prefix of the base URL (default {@code /v1})
     * @return this
     */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /**
     * @param classpathResource OpenAPI document to validate against (default the vendored
     *     {@code serving/openai-subset.yaml})
     * @return this
     */
    public Builder schema(String classpathResource) {
      this.schemaResource = classpathResource;
      return this;
    }

    /**
     * @param validate whether to validate requests against the schema (default true)
     * @return this
     */
    public Builder validateRequests(boolean validate) {
      this.validate = validate;
      return this;
    }

    /**
     * Behaves like api.openai.com: a top-level field the schema does not define is a 400
     * "Unrecognized request argument supplied: top_k" (default false: ignored, like vLLM).
     *
     * @param reject whether to reject unknown fields
     * @return this
     */
    public Builder rejectUnknownFields(boolean reject) {
      this.rejectUnknownFields = reject;
      return this;
    }

    /**
     * @param key the only accepted bearer key; other keys get a 401 whose message echoes the key
     *     (as some servers do), to test that clients redact it
     * @return this
     */
    public Builder expectApiKey(String key) {
      this.expectedApiKey = key;
      return this;
    }

    /**
     * @param latency wait before every normal reply (default none)
     * @return this
     */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /**
     * @param text content of default chat replies
     * @return this
     */
    public Builder chatText(String text) {
      this.chatText = text;
      return this;
    }

    /**
     * @param responder computes the reply when no queued reply is waiting (return null for the default)
     * @return this
     */
    public Builder responder(Function<RecordedRequest, Reply> responder) {
      this.responder = responder;
      return this;
    }

    /**
     * @return the started server
     * @throws IllegalStateException if it cannot bind
     */
    public FakeOpenAiServer build() {
      try {
        return new FakeOpenAiServer(this);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start the fake server: " + e, e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Images

  /**
   * @param w width
   * @param h height
   * @param color fill colour
   * @return a PNG filled with the colour
   */
  public static byte[] png(int w, int h, Color color) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.setColor(color.darker());
    g.fillRect(0, 0, Math.max(1, w / 4), Math.max(1, h / 4));
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param width declared width
   * @param height declared height
   * @return a syntactically valid PNG (signature, IHDR with correct CRC, tiny IDAT, IEND) whose header
   *     declares {@code width x height}: a decompression-bomb stand-in
   */
  public static byte[] pngHeaderDeclaring(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    ByteBuffer len = ByteBuffer.allocate(4).putInt(data.length);
    out.writeBytes(len.array());
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * The default image for a request: the requested size (default 64x64, each side at most 2048) in a
   * colour derived from the prompt and seed.
   *
   * @param r the request
   * @return PNG bytes
   */
  public static byte[] defaultImage(RecordedRequest r) {
    int w = 64;
    int h = 64;
    String size = r.json() != null && r.json().hasNonNull("size") ? r.json().get("size").asText() : r.field("size");
    if (size != null) {
      String[] p = size.split("[^0-9]+");
      if (p.length == 2 && !p[0].isEmpty()) {
        w = Math.min(2048, Integer.parseInt(p[0]));
        h = Math.min(2048, Integer.parseInt(p[1]));
      }
    }
    String seed = r.json() != null && r.json().has("seed") ? r.json().get("seed").asText() : r.field("seed");
    int hash = Objects.hash(r.prompt(), seed);
    return png(w, h, new Color(hash & 0xffffff));
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP server

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = serverSocket.accept();
        sockets.add(s);
        pool.submit(() -> serve(s));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("fake server accept failed: " + e);
        }
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(60_000);
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
          int c = h.indexOf(':');
          if (c > 0) {
            headers.computeIfAbsent(h.substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(h.substring(c + 1).trim());
          }
        }
        byte[] body = readBody(in, headers);
        String[] parts = requestLine.split(" ");
        boolean keepAlive = !"close".equalsIgnoreCase(first(headers, "connection"));
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        boolean[] counted = {true};
        Runnable replyStarts = () -> {
          if (counted[0]) {
            counted[0] = false;
            active.decrementAndGet();
          }
        };
        try {
          boolean open = handle(s, out, parts[0], parts.length > 1 ? parts[1] : "/", headers, body, replyStarts);
          if (!open || !keepAlive) {
            return;
          }
        } finally {
          replyStarts.run();
        }
      }
    } catch (IOException | InterruptedException e) {
      // connection closed by the client or the test; nothing to do
    } finally {
      sockets.remove(s);
    }
  }

  private boolean handle(Socket s, OutputStream out, String method, String path, Map<String, List<String>> headers,
      byte[] body, Runnable replyStarts) throws IOException, InterruptedException {
    String operation = path.startsWith(config.prefix) ? path.substring(config.prefix.length()) : path;
    int q = operation.indexOf('?');
    if (q >= 0) {
      operation = operation.substring(0, q);
    }
    String contentType = first(headers, "content-type");
    JsonNode json = null;
    Map<String, List<String>> form = new LinkedHashMap<>();
    Map<String, List<FilePart>> fileParts = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    if (contentType != null && contentType.startsWith("application/json")) {
      try {
        json = JSON.readTree(body);
      } catch (IOException e) {
        errors.add("body is not JSON: " + e.getMessage());
      }
    } else if (contentType != null && contentType.startsWith("multipart/form-data")) {
      parseMultipart(contentType, body, form, fileParts, errors);
    }
    RecordedRequest pre = new RecordedRequest(method, path, operation, headers, body, json, form, fileParts, List.of(),
        System.nanoTime());
    if (method.equals("POST") && config.validate) {
      errors.addAll(validate(pre));
    }
    RecordedRequest rec = new RecordedRequest(method, path, operation, Collections.unmodifiableMap(headers), body, json,
        Collections.unmodifiableMap(form), Collections.unmodifiableMap(fileParts), List.copyOf(errors), pre.receivedNanos());
    requests.add(rec);
    final String op = operation;
    errors.forEach(e -> violations.add(op + ": " + e));

    Reply reply;
    if (!errors.isEmpty()) {
      reply = Reply.error(400, "invalid_request_error", "schema_violation", "Request does not match the "
          + SCHEMA_BY_OPERATION.getOrDefault(operation, "schema") + ": " + String.join("; ", errors));
    } else if (config.expectedApiKey != null && method.equals("POST")
        && !("Bearer " + config.expectedApiKey).equals(first(headers, "authorization"))) {
      String given = first(headers, "authorization");
      reply = Reply.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: "
          + (given == null ? "(none)" : given.replace("Bearer ", "")) + ".");
    } else if (config.rejectUnknownFields && method.equals("POST") && unknownField(rec) != null) {
      reply = Reply.error(400, "invalid_request_error", null,
          "Unrecognized request argument supplied: " + unknownField(rec));
    } else {
      reply = next(operation);
      if (reply == null || reply.fromResponder) {
        try {
          reply = respond(rec);
        } catch (RuntimeException e) {
          // a bug in a test's responder: answer 500 and make it visible instead of dropping the connection
          violations.add(op + ": the responder threw " + e);
          reply = Reply.error(500, "fake_server_error", null, "responder threw " + e);
        }
        if (!config.latency.isZero()) {
          reply = reply.delayed(config.latency.plus(reply.delay));
        }
      }
    }
    return write(s, out, reply, replyStarts);
  }

  private Reply next(String operation) {
    ConcurrentLinkedQueue<Reply> q = byOperation.get(operation);
    Reply r = q == null ? null : q.poll();
    return r != null ? r : shared.poll();
  }

  private Reply respond(RecordedRequest r) {
    if (config.responder != null) {
      Reply custom = config.responder.apply(r);
      if (custom != null) {
        return custom;
      }
    }
    if (r.method().equals("GET")) {
      byte[] f = files.get(r.path());
      return f == null ? Reply.json(404, "{\"detail\": \"Not Found\"}") : Reply.raw(200, "image/png", f);
    }
    return switch (r.operation()) {
      case CHAT -> Reply.chat(config.chatText);
      case GENERATIONS, EDITS, VARIATIONS -> Reply.image(defaultImage(r));
      default -> Reply.json(404, "{\"detail\": \"Not Found\"}");
    };
  }

  private boolean write(Socket s, OutputStream out, Reply reply, Runnable replyStarts)
      throws IOException, InterruptedException {
    if (!reply.delay.isZero()) {
      Thread.sleep(reply.delay.toMillis());
    }
    // A request stops counting as in progress when its reply starts: the client can only send its
    // next request after reading this reply, so maxConcurrent() is exact.
    replyStarts.run();
    if (reply.reset) {
      s.setSoLinger(true, 0);
      s.close();
      return false;
    }
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(reply.status).append(' ').append(reason(reply.status)).append("\r\n");
    Map<String, String> h = new LinkedHashMap<>(reply.headers);
    h.putIfAbsent("x-request-id", "req_" + counter.incrementAndGet());
    h.put("Content-Length", Integer.toString(reply.body.length));
    h.put("Connection", "keep-alive");
    h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    try {
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      if (reply.drip != null) {
        for (byte b : reply.body) {
          Thread.sleep(reply.drip.toMillis());
          out.write(b);
          out.flush();
        }
      } else {
        out.write(reply.body);
        out.flush();
      }
    } catch (SocketException e) {
      return false; // the client gave up (e.g. its read timeout)
    }
    return true;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 413 -> "Payload Too Large";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status";
    };
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c < 0 && b.size() == 0) {
      return null;
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static byte[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
    String te = first(headers, "transfer-encoding");
    if (te != null && te.equalsIgnoreCase("chunked")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = line(in);
        if (sizeLine == null) {
          throw new IOException("EOF in chunked body");
        }
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          line(in);
          return out.toByteArray();
        }
        out.writeBytes(in.readNBytes(size));
        line(in);
      }
    }
    String cl = first(headers, "content-length");
    if (cl == null) {
      return new byte[0];
    }
    byte[] b = in.readNBytes(Integer.parseInt(cl.trim()));
    if (b.length != Integer.parseInt(cl.trim())) {
      throw new IOException("EOF in body");
    }
    return b;
  }

  // ---------------------------------------------------------------------------------------------
  // Multipart and schema validation

  private static void parseMultipart(String contentType, byte[] body, Map<String, List<String>> form,
      Map<String, List<FilePart>> files, List<String> errors) {
    int bi = contentType.indexOf("boundary=");
    if (bi < 0) {
      errors.add("multipart Content-Type without boundary");
      return;
    }
    String boundary = contentType.substring(bi + 9).replace("\"", "").trim();
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Integer> starts = new ArrayList<>();
    for (int i = indexOf(body, delim, 0); i >= 0; i = indexOf(body, delim, i + delim.length)) {
      starts.add(i);
    }
    if (starts.isEmpty()) {
      errors.add("multipart body has no boundary delimiter");
      return;
    }
    for (int k = 0; k + 1 < starts.size(); k++) {
      int partStart = starts.get(k) + delim.length + 2; // skip CRLF
      int partEnd = starts.get(k + 1) - 2; // CRLF before the next delimiter
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), partStart);
      if (headerEnd < 0 || headerEnd > partEnd) {
        errors.add("multipart part " + k + " has no header terminator");
        continue;
      }
      String head = new String(body, partStart, headerEnd - partStart, StandardCharsets.UTF_8);
      byte[] content = java.util.Arrays.copyOfRange(body, headerEnd + 4, partEnd);
      String name = param(head, "name");
      String filename = param(head, "filename");
      String ctype = null;
      for (String hl : head.split("\r\n")) {
        if (hl.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
          ctype = hl.substring(13).trim();
        }
      }
      if (name == null) {
        errors.add("multipart part " + k + " has no name");
      } else if (filename != null) {
        files.computeIfAbsent(name, x -> new ArrayList<>()).add(new FilePart(filename, ctype, content));
      } else {
        form.computeIfAbsent(name, x -> new ArrayList<>()).add(new String(content, StandardCharsets.UTF_8));
      }
    }
    if (indexOf(body, ("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1), 0) < 0) {
      errors.add("multipart body has no closing delimiter");
    }
  }

  private static String param(String head, String key) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[; ]" + key + "=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(head);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static JsonNode loadSchemaDoc(String resource) throws IOException {
    try (InputStream in = FakeOpenAiServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("schema resource " + resource + " not on the classpath");
      }
      return new YAMLMapper().readTree(in);
    }
  }

  private JsonSchema schema(String name) {
    return schemas.computeIfAbsent(name, n -> {
      // Plain JSON Schema 2020-12 (the dialect of OpenAPI 3.1 schemas). The OpenAPI 'discriminator'
      // keyword is left out on purpose: this document's discriminators have no mapping, and the
      // role values ('user') are not schema names, so oneOf alone selects the message type.
      // OpenAPI-only keywords (nullable, example, x-*) are accepted silently as annotations.
      JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
          .unknownKeywordFactory((keyword, ctx) -> new NonValidationKeyword(keyword)).build();
      JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(meta));
      SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().build();
      return factory.getSchema(SchemaLocation.of("classpath:" + config.schemaResource + "#/components/schemas/" + n), cfg);
    });
  }

  private List<String> validate(RecordedRequest r) {
    String name = SCHEMA_BY_OPERATION.get(r.operation());
    if (name == null) {
      return List.of("unknown operation " + r.operation() + " (not in the schema)");
    }
    JsonNode instance;
    if (r.json() != null) {
      instance = r.json();
    } else if (!r.form().isEmpty() || !r.files().isEmpty()) {
      instance = formAsJson(name, r);
    } else {
      return List.of("request body is neither JSON nor multipart (Content-Type " + r.header("content-type") + ")");
    }
    Set<ValidationMessage> msgs = schema(name).validate(instance);
    List<String> out = new ArrayList<>();
    msgs.forEach(m -> out.add(m.getMessage()));
    return out;
  }

  /** Multipart fields typed by the schema's property types (form values are strings on the wire). */
  private ObjectNode formAsJson(String schemaName, RecordedRequest r) {
    JsonNode props = resolve(schemaDoc.path("components").path("schemas").path(schemaName)).path("properties");
    ObjectNode obj = JSON.createObjectNode();
    r.form().forEach((k, values) -> {
      String type = propertyType(props.path(k));
      List<JsonNode> nodes = new ArrayList<>();
      for (String v : values) {
        nodes.add(typed(type, v));
      }
      put(obj, k, nodes);
    });
    r.files().forEach((k, fs) -> {
      List<JsonNode> nodes = new ArrayList<>();
      fs.forEach(f -> nodes.add(JSON.getNodeFactory().textNode("<" + f.bytes().length + " bytes " + f.contentType() + ">")));
      put(obj, k, nodes);
    });
    return obj;
  }

  private static void put(ObjectNode obj, String k, List<JsonNode> nodes) {
    if (nodes.size() == 1) {
      obj.set(k, nodes.get(0));
    } else {
      ArrayNode a = obj.putArray(k);
      nodes.forEach(a::add);
    }
  }

  private static JsonNode typed(String type, String v) {
    try {
      switch (type) {
        case "integer":
          return JSON.getNodeFactory().numberNode(Long.parseLong(v.trim()));
        case "number":
          return JSON.getNodeFactory().numberNode(Double.parseDouble(v.trim()));
        case "boolean":
          if (v.equals("true") || v.equals("false")) {
            return JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(v));
          }
          return JSON.getNodeFactory().textNode(v);
        default:
          return JSON.getNodeFactory().textNode(v);
      }
    } catch (NumberFormatException e) {
      return JSON.getNodeFactory().textNode(v); // the validator reports the type mismatch
    }
  }

  private String propertyType(JsonNode p) {
    JsonNode s = resolve(p);
    if (s.has("type") && s.get("type").isTextual()) {
      return s.get("type").asText();
    }
    for (String k : new String[] {"anyOf", "oneOf", "allOf"}) {
      for (JsonNode alt : s.path(k)) {
        String t = propertyType(alt);
        if (!t.equals("string") && !t.equals("null") && !t.isEmpty()) {
          return t;
        }
      }
    }
    return "string";
  }

  private JsonNode resolve(JsonNode n) {
    JsonNode cur = n;
    for (int i = 0; i < 10 && cur.has("$ref"); i++) {
      String ref = cur.get("$ref").asText();
      cur = schemaDoc.at(ref.substring(1));
    }
    return cur;
  }

  /** @return the first top-level field the schema does not define, or null */
  private String unknownField(RecordedRequest r) {
    String name = SCHEMA_BY_OPERATION.get(r.operation());
    if (name == null || schemaDoc == null) {
      return null;
    }
    Set<String> allowed = new LinkedHashSet<>();
    collectProperties(schemaDoc.path("components").path("schemas").path(name), allowed, 0);
    for (String f : r.fieldNames()) {
      if (!allowed.contains(f)) {
        return f;
      }
    }
    return null;
  }

  private void collectProperties(JsonNode n, Set<String> out, int depth) {
    if (depth > 10) {
      return;
    }
    JsonNode s = resolve(n);
    for (Iterator<String> it = s.path("properties").fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    for (JsonNode part : s.path("allOf")) {
      collectProperties(part, out, depth + 1);
    }
  }
}
