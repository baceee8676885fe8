package dev.paracosm.models.openai;

import dev.paracosm.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses provider spec strings {@code <profile>:<model>@<baseUrl>[,<baseUrl>...]} (e.g.
 * {@code vllm:Qwen/Qwen2.5-VL-7B-Instruct@http://gpu1:8000/v1}, {@code openai:gpt-4o}) and applies
 * provider options to a builder.
 *
 * @param profile the server profile
 * @param model model id, or {@code null}
 * @param baseUrls endpoints (empty: the profile default, only for {@code openai})
 */
record OpenAiSpec(ServerProfile profile, String model, List<String> baseUrls) {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiSpec.class);

  /** Option keys understood by the providers. */
  static final Set<String> OPTIONS = new TreeSet<>(List.of("api_key_env", "strict", "connect_timeout", "read_timeout",
      "max_in_flight", "max_queued", "queue_timeout", "max_attempts", "load_balancing", "max_image_side",
      "max_image_pixels", "max_response_bytes", "allow_fields", "system_prompt"));

  static boolean supports(String spec) {
    if (spec == null) {
      return false;
    }
    int colon = spec.indexOf(':');
    return colon > 0 && ServerProfile.isId(spec.substring(0, colon));
  }

  static OpenAiSpec parse(String spec) {
    if (!supports(spec)) {
      throw new ConfigurationException("Spec '" + spec + "' is not of the form <profile>:<model>@<baseUrl> with a"
          + " profile among " + ServerProfile.ids());
    }
    int colon = spec.indexOf(':');
    ServerProfile profile = ServerProfile.fromId(spec.substring(0, colon));
    String rest = spec.substring(colon + 1);
    int at = indexOfUrl(rest);
    String model = (at < 0 ? rest : rest.substring(0, at)).trim();
    List<String> urls = new ArrayList<>();
    if (at >= 0) {
      for (String u : rest.substring(at + 1).split(",")) {
        if (!u.isBlank()) {
          urls.add(u.trim());
        }
      }
    }
    if (urls.isEmpty() && profile != ServerProfile.OPENAI) {
      throw new ConfigurationException("Spec '" + spec + "' needs a base URL: " + profile.id() + ":<model>@http://host:8000/v1");
    }
    return new OpenAiSpec(profile, model.isEmpty() ? null : model, List.copyOf(urls));
  }

  private static int indexOfUrl(String s) {
    int a = s.indexOf("@http://");
    int b = s.indexOf("@https://");
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }

  <B extends AbstractBuilder<B>> B configure(B b, Map<String, String> options) {
    b.profile(profile).model(model);
    if (!baseUrls.isEmpty()) {
      b.baseUrls(baseUrls);
    }
    Map<String, String> o = options == null ? Map.of() : options;
    for (Map.Entry<String, String> e : o.entrySet()) {
      String k = e.getKey().trim().toLowerCase(Locale.ROOT).replace('-', '_');
      String v = e.getValue() == null ? "" : e.getValue().trim();
      try {
        switch (k) {
          case "api_key_env" -> b.apiKeyEnv(v);
          case "strict" -> b.strict(bool(k, v));
          case "connect_timeout" -> b.timeouts(Timeouts.of(duration(k, v), current(b).read()));
          case "read_timeout" -> b.timeouts(Timeouts.of(current(b).connect(), duration(k, v)));
          case "max_in_flight" -> b.maxInFlight(Integer.parseInt(v));
          case "max_queued" -> b.maxQueued(Integer.parseInt(v));
          case "queue_timeout" -> b.queueTimeout(duration(k, v));
          case "max_attempts" -> b.retry(b.retry.withMaxAttempts(Integer.parseInt(v)));
          case "load_balancing" -> b.loadBalancing(LoadBalancing.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_')));
          case "max_image_side" -> b.maxImageSide(Integer.parseInt(v));
          case "max_image_pixels" -> b.maxImagePixels(Long.parseLong(v));
          case "max_response_bytes" -> b.maxResponseBytes(Long.parseLong(v));
          case "allow_fields" -> b.allowFields(v.split("\\s*,\\s*"));
          case "system_prompt" -> {
            if (b instanceof OpenAiCaptioner.Builder cb) {
              cb.systemPrompt(v);
            } else {
              LOG.warn("Option system_prompt applies to captioners only; ignored for spec {}:{}", profile.id(), model);
            }
          }
          default -> LOG.warn("Unknown option '{}' for spec {}:{} is ignored; known options: {}", e.getKey(),
              profile.id(), model, OPTIONS);
        }
      } catch (IllegalArgumentException ex) {
        throw new ConfigurationException("Option " + e.getKey() + "='" + v + "' is invalid: " + ex.getMessage(), ex);
      }
    }
    return b;
  }

  private static Timeouts current(AbstractBuilder<?> b) {
    if (b.timeouts != null) {
      return b.timeouts;
    }
    return b instanceof OpenAiCaptioner.Builder ? Timeouts.CAPTIONER_DEFAULT : Timeouts.DIFFUSION_DEFAULT;
  }

  private static boolean bool(String k, String v) {
    if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")) {
      return true;
    }
    if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no")) {
      return false;
    }
    throw new IllegalArgumentException("expected true or false");
  }

  /** Parses {@code 30}, {@code 30s}, {@code 500ms}, {@code 2m} or ISO-8601 {@code PT30S}. */
  static Duration duration(String k, String v) {
    String s = v.toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofSeconds((long) (Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 60));
      }
      return Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("expected a duration such as 30s, 500ms, 2m or PT30S", e);
    }
  }
}
