package dev.paracosm.models.openai;

import dev.paracosm.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Settings shared by the builders of the three OpenAI-compatible clients. Required: at least one base
 * URL (except for the {@code openai} profile, which defaults to {@code https://api.openai.com/v1}).
 * Everything else has a default from the serving spec.
 *
 * @param <B> the concrete builder
 */
abstract class AbstractBuilder<B extends AbstractBuilder<B>> {
  /** Default base URL of the {@code openai} profile. */
  static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
  /** Default environment variable holding the API key. */
  static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

  final List<String> baseUrls = new ArrayList<>();
  ServerProfile profile = ServerProfile.GENERIC_OPENAI;
  String model;
  String apiKey;
  String apiKeyEnv = DEFAULT_KEY_ENV;
  Timeouts timeouts;
  Integer maxInFlight;
  int maxQueued = 10_000;
  Duration queueTimeout = Duration.ofMinutes(30);
  LoadBalancing balancing = LoadBalancing.LEAST_IN_FLIGHT;
  RetryPolicy retry = RetryPolicy.DEFAULT;
  boolean strict;
  int maxImageSide = 768;
  long maxImagePixels = 64L * 1024 * 1024;
  long maxResponseBytes = 64L * 1024 * 1024;
  final Set<String> allowedFields = new LinkedHashSet<>();
  final Map<String, Object> extraFields = new LinkedHashMap<>();
  DoubleSupplier random = HttpTransport.defaultRandom();
  Function<String, String> env = System::getenv;

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the one endpoint, e.g. {@code http://gpu1:8000/v1} (the full prefix before
   * {@code /chat/completions} or {@code /images/...}).
   *
   * @param baseUrl base URL
   * @return this
   */
  public B baseUrl(String baseUrl) {
    baseUrls.clear();
    baseUrls.add(Objects.requireNonNull(baseUrl, "baseUrl"));
    return self();
  }

  /**
   * Sets several endpoints serving the same model; requests are load balanced and fail over.
   *
   * @param urls base URLs
   * @return this
   */
  public B baseUrls(List<String> urls) {
    baseUrls.clear();
    urls.forEach(u -> baseUrls.add(Objects.requireNonNull(u, "base URL")));
    return self();
  }

  /**
   * @param url another endpoint serving the same model
   * @return this
   */
  public B addBaseUrl(String url) {
    baseUrls.add(Objects.requireNonNull(url, "url"));
    return self();
  }

  /**
   * @param model model id sent as {@code model} (required for {@code openai} and {@code xinference})
   * @return this
   */
  public B model(String model) {
    this.model = model;
    return self();
  }

  /**
   * @param profile server family; default {@link ServerProfile#GENERIC_OPENAI}
   * @return this
   */
  public B profile(ServerProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
    return self();
  }

  /**
   * @param profileId profile id or alias, e.g. {@code vllm-omni}
   * @return this
   */
  public B profile(String profileId) {
    return profile(ServerProfile.fromId(profileId));
  }

  /**
   * @param apiKey bearer key; takes precedence over the environment. Never logged or stored in
   *     provenance.
   * @return this
   */
  public B apiKey(String apiKey) {
    this.apiKey = apiKey;
    return self();
  }

  /**
   * @param name environment variable holding the key (default {@code OPENAI_API_KEY}); unset means no
   *     {@code Authorization} header, except for the {@code openai} profile, which needs a key
   * @return this
   */
  public B apiKeyEnv(String name) {
    this.apiKeyEnv = Objects.requireNonNull(name, "name");
    return self();
  }

  /**
   * @param timeouts connect and read timeouts (default: captioner 10 s / 120 s, diffusion 10 s / 600 s)
   * @return this
   */
  public B timeouts(Timeouts timeouts) {
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    return self();
  }

  /**
   * @param n requests in flight per endpoint (default: captioner 16, diffusion 1)
   * @return this
   */
  public B maxInFlight(int n) {
    if (n < 1) {
      throw new ConfigurationException("maxInFlight must be >= 1, got " + n);
    }
    this.maxInFlight = n;
    return self();
  }

  /**
   * @param n callers allowed to wait for a free slot before calls are refused (default 10000)
   * @return this
   */
  public B maxQueued(int n) {
    if (n < 0) {
      throw new ConfigurationException("maxQueued must be >= 0, got " + n);
    }
    this.maxQueued = n;
    return self();
  }

  /**
   * @param timeout longest wait for a free slot (default 30 min)
   * @return this
   */
  public B queueTimeout(Duration timeout) {
    this.queueTimeout = Objects.requireNonNull(timeout, "timeout");
    return self();
  }

  /**
   * @param balancing load balancing over endpoints (default least in flight)
   * @return this
   */
  public B loadBalancing(LoadBalancing balancing) {
    this.balancing = Objects.requireNonNull(balancing, "balancing");
    return self();
  }

  /**
   * @param retry retry policy (default {@link RetryPolicy#DEFAULT})
   * @return this
   */
  public B retry(RetryPolicy retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
    return self();
  }

  /**
   * @param strict whether a set parameter the profile cannot express is a {@link ConfigurationException}
   *     (default {@code false}: a logged warning and a provenance entry)
   * @return this
   */
  public B strict(boolean strict) {
    this.strict = strict;
    return self();
  }

  /**
   * @param pixels longest side of uploaded images; larger ones are downscaled (aspect kept) and sent
   *     as PNG (default 768)
   * @return this
   */
  public B maxImageSide(int pixels) {
    if (pixels < 16) {
      throw new ConfigurationException("maxImageSide must be >= 16, got " + pixels);
    }
    this.maxImageSide = pixels;
    return self();
  }

  /**
   * @param pixels largest width × height accepted for input and generated images, checked from the
   *     header before decoding (default 64 Mi)
   * @return this
   */
  public B maxImagePixels(long pixels) {
    if (pixels < 1) {
      throw new ConfigurationException("maxImagePixels must be >= 1, got " + pixels);
    }
    this.maxImagePixels = pixels;
    return self();
  }

  /**
   * @param bytes largest accepted response body (default 64 MiB)
   * @return this
   */
  public B maxResponseBytes(long bytes) {
    if (bytes < 1) {
      throw new ConfigurationException("maxResponseBytes must be >= 1, got " + bytes);
    }
    this.maxResponseBytes = bytes;
    return self();
  }

  /**
   * Whitelists settings the profile does not send by default, under their canonical names
   * ({@code top_k}, {@code repetition_penalty}, {@code num_inference_steps}, {@code guidance_scale},
   * {@code true_cfg_scale}, {@code image_guidance_scale}, {@code negative_prompt}, {@code seed},
   * {@code strength}); they are sent as top-level fields. Meant for {@code generic-openai}.
   *
   * @param names canonical field names
   * @return this
   */
  public B allowFields(String... names) {
    for (String n : names) {
      allowedFields.add(n.trim().toLowerCase(Locale.ROOT));
    }
    return self();
  }

  /**
   * Adds a top-level request field sent verbatim (e.g. vLLM's {@code mm_processor_kwargs}); it
   * overrides a mapped field of the same name.
   *
   * @param name field name
   * @param value JSON-serialisable value
   * @return this
   */
  public B extraField(String name, Object value) {
    extraFields.put(Objects.requireNonNull(name, "name"), value);
    return self();
  }

  /** Test hook: the jitter source. */
  B random(DoubleSupplier random) {
    this.random = random;
    return self();
  }

  /** Test hook: the environment. */
  B env(Function<String, String> env) {
    this.env = env;
    return self();
  }

  /** Validates and freezes the settings. */
  ClientSettings settings(String role, Timeouts defaultTimeouts, int defaultMaxInFlight, String systemPrompt) {
    List<String> urls = new ArrayList<>(baseUrls);
    if (urls.isEmpty()) {
      if (profile != ServerProfile.OPENAI) {
        throw new ConfigurationException("The " + role + " for server profile '" + profile.id()
            + "' needs a base URL, e.g. baseUrl(\"http://localhost:8000/v1\")");
      }
      urls.add(OPENAI_BASE_URL);
    }
    List<URI> endpoints = new ArrayList<>();
    for (String u : urls) {
      endpoints.add(parseBaseUrl(u, role));
    }
    String key = apiKey;
    String keySource = "builder";
    if (key == null || key.isBlank()) {
      key = env.apply(apiKeyEnv);
      keySource = "env " + apiKeyEnv;
      if (key != null && key.isBlank()) {
        key = null;
      }
    }
    if (key == null && profile == ServerProfile.OPENAI) {
      throw new ConfigurationException("The " + role + " for server profile 'openai' needs an API key: set the"
          + " environment variable " + apiKeyEnv + " or call apiKey(...)");
    }
    if ((model == null || model.isBlank()) && role.equals("captioner")) {
      throw new ConfigurationException("The captioner needs a model id (model(...)): chat completions require"
          + " 'model', e.g. the server's served model name such as Qwen/Qwen2.5-VL-7B-Instruct");
    }
    if ((model == null || model.isBlank()) && (profile == ServerProfile.OPENAI
        || (profile.images() != null && profile.images().modelRequired() && !role.equals("captioner")))) {
      throw new ConfigurationException("The " + role + " for server profile '" + profile.id()
          + "' needs a model id (model(...))" + (profile == ServerProfile.XINFERENCE ? ": the Xinference model UID" : ""));
    }
    return new ClientSettings(role, profile, model == null || model.isBlank() ? null : model, List.copyOf(endpoints),
        key, key == null ? "none" : keySource, timeouts == null ? defaultTimeouts : timeouts,
        maxInFlight == null ? defaultMaxInFlight : maxInFlight, maxQueued, queueTimeout, balancing, retry, strict,
        maxImageSide, maxImagePixels, maxResponseBytes, Collections.unmodifiableSet(new LinkedHashSet<>(allowedFields)),
        Collections.unmodifiableMap(new LinkedHashMap<>(extraFields)), systemPrompt, random);
  }

  private static URI parseBaseUrl(String url, String role) {
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    try {
      URI uri = new URI(u);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ConfigurationException("Base URL '" + HttpTransport.sanitize(uri) + "' of the " + role
            + " must be an absolute http(s) URL such as http://localhost:8000/v1");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigurationException("Base URL '" + HttpTransport.sanitize(uri) + "' of the " + role
            + " must not have a query or fragment");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigurationException("Base URL of the " + role + " is not a valid URL: " + e.getReason(), e);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[profile=" + profile.id() + ", model=" + model + ", baseUrls="
        + baseUrls.stream().map(s -> {
          try {
            return HttpTransport.sanitize(new URI(s.trim()));
          } catch (URISyntaxException e) {
            return "<invalid>";
          }
        }).toList() + ", apiKey=" + (apiKey == null ? "unset" : "***") + ", apiKeyEnv=" + apiKeyEnv + "]";
  }
}
