package dev.paracosm.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.ConfigurationException;
import dev.paracosm.GenerationFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the three clients share: settings, the HTTP transport, warnings, response parsing, provenance. */
final class ClientCore implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger("dev.paracosm.models.openai");

  final ClientSettings settings;
  final HttpTransport transport;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile ExecutorService batchPool;

  ClientCore(ClientSettings settings) {
    this.settings = settings;
    this.transport = new HttpTransport(settings.transportConfig());
    LOG.debug("Created {} client {}", settings.role(), settings);
  }

  /** @return {@code <profile>:<model>} */
  String modelId() {
    return settings.profile().id() + ":" + (settings.model() == null ? "default" : settings.model());
  }

  /** Logs a warning the first time {@code key} is seen by this client, debug afterwards. */
  void warnOnce(String key, String message) {
    if (warned.add(key)) {
      LOG.warn("{} ({}): {}", settings.role(), modelId(), message);
    } else {
      LOG.debug("{} ({}): {}", settings.role(), modelId(), message);
    }
  }

  /** Logs at info the first time {@code key} is seen. */
  void infoOnce(String key, String message) {
    if (warned.add(key)) {
      LOG.info("{} ({}): {}", settings.role(), modelId(), message);
    }
  }

  /**
   * A set setting that the profile cannot express: a {@link ConfigurationException} in strict mode,
   * else a warning (once per client and setting) and an entry in {@code report}.
   */
  void unexpressed(List<String> report, String setting, Object value, String why) {
    String what = setting + "=" + value;
    if (settings.strict()) {
      throw new ConfigurationException("Server profile '" + settings.profile().id() + "' cannot express " + what
          + " for the " + settings.role() + " (" + why + "); unset it, choose a profile that supports it, or"
          + " turn strict mode off to send the request without it");
    }
    report.add(what);
    warnOnce("unexpressed:" + setting, "server profile '" + settings.profile().id() + "' cannot express " + what
        + " (" + why + "); the request is sent without it");
  }

  HttpTransport.Response post(String path, String contentType, byte[] body) {
    return transport.execute(new HttpTransport.Request(path, contentType, body));
  }

  /** A 2xx response that cannot be used. */
  ServerErrorException invalid(HttpTransport.Response r, String path, String message, Throwable cause) {
    return new ServerErrorException(ServerErrorException.Kind.INVALID_RESPONSE, r.status(), null, null,
        transport.redact(message), r.requestId(), r.attempts(), r.endpoint(), "POST " + path, null, cause);
  }

  JsonNode json(HttpTransport.Response r, String path) {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n == null || !n.isObject()) {
        throw invalid(r, path, "the response body is not a JSON object (" + r.body().length + " bytes)", null);
      }
      return n;
    } catch (IOException e) {
      throw invalid(r, path, "the response body is malformed JSON (" + r.body().length + " bytes): "
          + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  /** Provenance shared by all roles; never contains the API key. */
  Map<String, String> provenance(HttpTransport.Response r, String path, Map<String, Object> params, String prompt,
      String promptId, List<String> unexpressed) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("role", settings.role());
    p.put("server_profile", settings.profile().id());
    p.put("model", settings.model() == null ? "" : settings.model());
    p.put("model_id", modelId());
    p.put("base_url", r.endpoint());
    p.put("endpoint_path", path);
    p.put("params", toJson(params));
    p.put("prompt", prompt);
    if (promptId != null) {
      p.put("prompt_id", promptId);
    }
    if (r.requestId() != null) {
      p.put("request_id", r.requestId());
    }
    p.put("client_request_id", r.clientRequestId());
    p.put("http_status", Integer.toString(r.status()));
    p.put("attempts", Integer.toString(r.attempts()));
    p.put("latency_ms", Long.toString(r.latency().toMillis()));
    p.put("response_headers", toJson(r.provenanceHeaders()));
    if (!unexpressed.isEmpty()) {
      p.put("unexpressed", String.join(", ", unexpressed));
    }
    p.put("strict", Boolean.toString(settings.strict()));
    p.replaceAll((k, v) -> transport.redact(v));
    return p;
  }

  static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      return String.valueOf(o);
    }
  }

  /** Runs {@code f} over {@code items} with up to (endpoints × maxInFlight) calls at once; results in order. */
  <T, R> List<R> parallelMap(List<T> items, Function<T, R> f) {
    if (items.size() <= 1) {
      List<R> out = new ArrayList<>();
      items.forEach(i -> out.add(f.apply(i)));
      return out;
    }
    ExecutorService pool = batchPool();
    List<Future<R>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(pool.submit(() -> f.apply(item)));
    }
    List<R> out = new ArrayList<>(items.size());
    try {
      for (Future<R> fu : futures) {
        out.add(fu.get());
      }
      return out;
    } catch (InterruptedException e) {
      futures.forEach(fu -> fu.cancel(true));
      Thread.currentThread().interrupt();
      throw new GenerationFailedException("Interrupted during a " + settings.role() + " batch", e);
    } catch (ExecutionException e) {
      futures.forEach(fu -> fu.cancel(true));
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new GenerationFailedException(settings.role() + " batch failed: " + c, c);
    }
  }

  private ExecutorService batchPool() {
    ExecutorService p = batchPool;
    if (p == null) {
      synchronized (this) {
        if (batchPool == null) {
          int n = Math.max(1, Math.min(256, settings.endpoints().size() * settings.maxInFlight()));
          batchPool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "paracosm-" + settings.role() + "-batch");
            t.setDaemon(true);
            return t;
          });
        }
        p = batchPool;
      }
    }
    return p;
  }

  @Override
  public void close() {
    ExecutorService p = batchPool;
    if (p != null) {
      p.shutdownNow();
    }
    transport.close();
  }
}
