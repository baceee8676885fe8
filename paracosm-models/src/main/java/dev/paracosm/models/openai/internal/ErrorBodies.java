package dev.paracosm.models.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises the error body shapes of OpenAI-compatible servers (serving spec §7.1) into one
 * {@link ParsedError}. The body is read as text first; each JSON shape is tried in order; anything
 * else (an HTML page from a proxy, plain text) becomes the message, shortened.
 */
public final class ErrorBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 500;
  private static final List<String> QUOTA_CODES = List.of("insufficient_quota", "credit_balance_exhausted",
      "billing_hard_limit_reached", "billing_not_active", "spend_limit_exceeded", "quota_exceeded");
  private static final Pattern QUOTA_MESSAGE = Pattern.compile(
      "(?i)(insufficient[_ ]quota|exceeded your current quota|credit balance|billing|spend(ing)?[_ ]limit)");
  private static final List<String> REQUEST_ID_HEADERS = List.of("x-request-id", "request-id", "openai-request-id");

  private ErrorBodies() {}

  /**
   * An error normalised from any server's body shape.
   *
   * @param type error type, or {@code null}
   * @param code error code as text, or {@code null}
   * @param message human-readable message (never {@code null})
   * @param requestId request id from the headers or the body, or {@code null}
   */
  public record ParsedError(String type, String code, String message, String requestId) {
    /**
     * @return whether this is a billing/quota error that looks like a rate limit and must not be
     *     retried ({@code insufficient_quota}, {@code credit_balance_exhausted}, spend limits)
     */
    public boolean isQuota() {
      for (String s : new String[] {type, code}) {
        if (s != null && QUOTA_CODES.contains(s.toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
      return QUOTA_MESSAGE.matcher(message).find();
    }
  }

  /**
   * @param headers response headers
   * @return the request id from the usual headers, or {@code null}
   */
  public static String requestId(HttpHeaders headers) {
    for (String h : REQUEST_ID_HEADERS) {
      var v = headers.firstValue(h);
      if (v.isPresent() && !v.get().isBlank()) {
        return v.get().trim();
      }
    }
    return null;
  }

  /**
   * @param status HTTP status
   * @param headers response headers
   * @param body raw body (may be empty)
   * @return the normalised error
   */
  public static ParsedError parse(int status, HttpHeaders headers, byte[] body) {
    String headerId = requestId(headers);
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).trim();
    JsonNode root = null;
    if (text.startsWith("{")) {
      try {
        root = JSON.readTree(text);
      } catch (Exception e) {
        root = null;
      }
    }
    if (root == null || !root.isObject()) {
      String msg = text.isEmpty() ? "(empty body)" : shorten(stripHtml(text));
      return new ParsedError(null, null, msg, headerId);
    }
    String bodyId = str(root.get("request_id"));
    JsonNode err = root.get("error");
    // 1. OpenAI / current vLLM / llama.cpp / ComfyUI: {"error": {"message", "type", "param", "code", ...}}
    if (err != null && err.isObject()) {
      String msg = str(err.get("message"));
      String details = str(err.get("details"));
      if (details != null && !details.isBlank()) {
        msg = (msg == null ? "" : msg + ": ") + details;
      }
      if (root.has("node_errors") && root.get("node_errors").size() > 0) {
        msg = (msg == null ? "" : msg + "; ") + "node_errors=" + root.get("node_errors");
      }
      String id = bodyId != null ? bodyId : str(err.get("request_id"));
      return new ParsedError(str(err.get("type")), str(err.get("code")), orDefault(msg, root), first(headerId, id));
    }
    // 4. TGI {"error": "...", "error_type": "..."} and 6. A1111 {"error", "detail", "body", "errors"}
    if (err != null && err.isTextual()) {
      StringBuilder msg = new StringBuilder(err.asText());
      String detail = str(root.get("detail"));
      if (detail != null && !detail.isBlank()) {
        msg.append(": ").append(detail);
      }
      String errors = str(root.get("errors"));
      if (errors != null && !errors.isBlank()) {
        msg.append(" (").append(errors).append(')');
      }
      return new ParsedError(str(root.get("error_type")), null, shorten(msg.toString()), first(headerId, bodyId));
    }
    // 2. FastChat-style flat {"object": "error", "message", "type", "code"} and 7. DashScope {"code", "message"}
    if (root.has("message") && (root.has("type") || root.has("code") || root.has("object"))) {
      return new ParsedError(str(root.get("type")), str(root.get("code")), orDefault(str(root.get("message")), root),
          first(headerId, bodyId));
    }
    // 3. FastAPI {"detail": "..."} or {"detail": [{loc, msg, type}]}
    JsonNode detail = root.get("detail");
    if (detail != null) {
      if (detail.isArray()) {
        List<String> parts = new ArrayList<>();
        String type = null;
        for (JsonNode d : detail) {
          String loc = d.has("loc") ? joinLoc(d.get("loc")) : null;
          String m = str(d.get("msg"));
          parts.add((loc == null ? "" : loc + ": ") + (m == null ? d.toString() : m));
          if (type == null) {
            type = str(d.get("type"));
          }
        }
        return new ParsedError(type, null, shorten(String.join("; ", parts)), first(headerId, bodyId));
      }
      return new ParsedError(null, null, shorten(detail.isTextual() ? detail.asText() : detail.toString()),
          first(headerId, bodyId));
    }
    if (root.has("message")) {
      return new ParsedError(null, str(root.get("code")), orDefault(str(root.get("message")), root), first(headerId, bodyId));
    }
    return new ParsedError(null, null, shorten(root.toString()), first(headerId, bodyId));
  }

  private static String joinLoc(JsonNode loc) {
    if (!loc.isArray()) {
      return loc.asText();
    }
    List<String> p = new ArrayList<>();
    loc.forEach(x -> p.add(x.asText()));
    return String.join(".", p);
  }

  private static String orDefault(String msg, JsonNode root) {
    return msg == null || msg.isBlank() ? shorten(root.toString()) : shorten(msg);
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static String str(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  private static String stripHtml(String s) {
    if (!s.startsWith("<")) {
      return s;
    }
    return s.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]+>", " ")
        .replaceAll("\\s+", " ").trim();
  }

  /**
   * @param s text
   * @return the text cut to at most 500 characters
   */
  public static String shorten(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "... (" + s.length() + " chars)";
  }
}
