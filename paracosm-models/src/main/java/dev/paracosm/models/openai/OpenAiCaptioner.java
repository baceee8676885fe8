package dev.paracosm.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.models.openai.internal.ImageCodec;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.ChatPart;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.SamplingParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Captioner} over OpenAI Chat Completions with image parts (serving spec P1): vLLM or SGLang
 * serving Qwen2.5-VL, GPT-4o on api.openai.com, and any other server of {@link ServerProfile}.
 *
 * <p>Each request is one user message whose parts follow the request's order (images as base64
 * {@code data:} URLs, downscaled to {@code maxImageSide}); every non-null sampling setting is sent
 * explicitly under the profile's field name ({@code top_k}, {@code max_tokens} vs
 * {@code max_completion_tokens}, {@code repetition_penalty} vs {@code repeat_penalty}), because servers
 * otherwise apply model defaults. Thread-safe; {@link #captionBatch} runs requests concurrently up to
 * the in-flight limits. Close it to release its threads.
 *
 * <pre>{@code
 * try (Captioner c = OpenAiCaptioner.builder().profile(ServerProfile.VLLM)
 *     .baseUrl("http://gpu1:8000/v1").model("Qwen/Qwen2.5-VL-7B-Instruct").build()) {
 *   GeneratedText t = c.caption(CaptionRequest.of(image, prompt, SamplingParams.builder().maxTokens(256).build()));
 * }
 * }</pre>
 */
public final class OpenAiCaptioner implements Captioner {
  static final String PATH = "/chat/completions";

  private final ClientCore core;

  private OpenAiCaptioner(ClientCore core) {
    this.core = core;
  }

  /** @return a builder; a base URL is required except for the {@code openai} profile */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String modelId() {
    return core.modelId();
  }

  /** @return the validated settings (tests and diagnostics) */
  ClientSettings settings() {
    return core.settings;
  }

  /** @return the server profile */
  public ServerProfile profile() {
    return core.settings.profile();
  }

  @Override
  public GeneratedText caption(CaptionRequest request) {
    Objects.requireNonNull(request, "request");
    ClientSettings s = core.settings;
    List<String> unexpressed = new ArrayList<>();
    ObjectNode body = ClientCore.JSON.createObjectNode();
    if (s.model() != null) {
      body.put("model", s.model());
    }
    ArrayNode messages = body.putArray("messages");
    if (s.systemPrompt() != null) {
      messages.addObject().put("role", "system").put("content", s.systemPrompt());
    }
    ObjectNode user = messages.addObject();
    user.put("role", "user");
    ArrayNode content = user.putArray("content");
    List<String> inputs = new ArrayList<>();
    StringBuilder sentMessage = new StringBuilder();
    for (ChatPart part : request.parts()) {
      if (part instanceof ChatPart.Text t) {
        content.addObject().put("type", "text").put("text", t.text());
        sentMessage.append(t.text());
      } else {
        sentMessage.append("{image:").append(((ChatPart.Image) part).image().sha256(), 0, 12).append('}');
        ChatPart.Image img = (ChatPart.Image) part;
        ImageCodec.Upload up = ImageCodec.prepareForUpload(img.image(), s.maxImageSide(), s.maxImagePixels());
        String url = "data:" + up.mediaType() + ";base64," + Base64.getEncoder().encodeToString(up.bytes());
        content.addObject().put("type", "image_url").putObject("image_url").put("url", url);
        inputs.add(img.image().sha256() + " " + up.width() + "x" + up.height() + (up.resized() ? " (downscaled)" : ""));
      }
    }
    Map<String, Object> params = sampling(request.sampling(), unexpressed);
    params.forEach((k, v) -> body.set(k, ClientCore.JSON.valueToTree(v)));
    body.put("stream", false);
    s.extraFields().forEach((k, v) -> body.set(k, ClientCore.JSON.valueToTree(v)));
    core.infoOnce("fields", "server profile '" + s.profile().id() + "' sends sampling fields " + params.keySet()
        + (s.extraFields().isEmpty() ? "" : " plus extra fields " + s.extraFields().keySet()));

    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    HttpTransport.Response r = core.post(PATH, "application/json", bytes);
    JsonNode root = core.json(r, PATH);
    JsonNode choice = root.path("choices").path(0);
    if (!choice.isObject()) {
      throw core.invalid(r, PATH, "the response has no choices[0]", null);
    }
    JsonNode message = choice.path("message");
    String text = text(message.get("content"));
    if (text == null) {
      String refusal = message.path("refusal").asText(null);
      throw core.invalid(r, PATH, refusal != null ? "the model refused: " + refusal
          : "choices[0].message.content is missing or not text", null);
    }
    String finish = choice.path("finish_reason").asText(null);
    Map<String, Object> provParams = new LinkedHashMap<>(params);
    Map<String, String> prov = core.provenance(r, PATH, provParams, request.text(), request.promptId(), unexpressed);
    if (s.systemPrompt() != null) {
      prov.put("system_prompt", s.systemPrompt());
    }
    if (request.sampling().seed() != null) {
      prov.put("seed", Long.toString(request.sampling().seed()));
    }
    prov.put("input_images", String.join("; ", inputs));
    prov.put("message", sentMessage.toString());
    if (finish != null) {
      prov.put("finish_reason", finish);
      if (finish.equals("length")) {
        prov.put("truncated", "true");
        core.warnOnce("finish-length", "the output hit the token limit (finish_reason=length); raise maxTokens"
            + " if captions are cut (request id " + (r.requestId() == null ? r.clientRequestId() : r.requestId()) + ")");
      }
    }
    JsonNode usage = root.path("usage");
    if (usage.has("prompt_tokens")) {
      prov.put("usage_prompt_tokens", usage.get("prompt_tokens").asText());
    }
    if (usage.has("completion_tokens")) {
      prov.put("usage_completion_tokens", usage.get("completion_tokens").asText());
    }
    if (root.hasNonNull("model")) {
      prov.put("response_model", root.get("model").asText());
    }
    if (root.hasNonNull("system_fingerprint")) {
      prov.put("system_fingerprint", root.get("system_fingerprint").asText());
    }
    return new GeneratedText(text, prov);
  }

  @Override
  public List<GeneratedText> captionBatch(List<CaptionRequest> requests) {
    return core.parallelMap(requests, this::caption);
  }

  private Map<String, Object> sampling(SamplingParams sp, List<String> unexpressed) {
    Map<String, Object> out = new LinkedHashMap<>();
    put(out, ChatDialect.Setting.TEMPERATURE, sp.temperature(), unexpressed);
    put(out, ChatDialect.Setting.TOP_P, sp.topP(), unexpressed);
    put(out, ChatDialect.Setting.TOP_K, sp.topK(), unexpressed);
    put(out, ChatDialect.Setting.MAX_TOKENS, sp.maxTokens(), unexpressed);
    put(out, ChatDialect.Setting.REPETITION_PENALTY, sp.repetitionPenalty(), unexpressed);
    put(out, ChatDialect.Setting.SEED, sp.seed(), unexpressed);
    return out;
  }

  private void put(Map<String, Object> out, ChatDialect.Setting setting, Object value, List<String> unexpressed) {
    if (value == null) {
      return;
    }
    String wire = core.settings.profile().chat().fields().get(setting);
    if (wire == null && core.settings.allowedFields().contains(setting.canonical)) {
      wire = setting.canonical;
    }
    if (wire == null) {
      core.unexpressed(unexpressed, setting.canonical, value,
          "not in the profile's chat fields" + (core.settings.profile() == ServerProfile.OPENAI
              ? "; OpenAI rejects it with 400" : "; the server would ignore it"));
      return;
    }
    out.put(wire, value);
  }

  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode p : content) {
        if (p.isTextual()) {
          sb.append(p.asText());
        } else if (p.path("text").isTextual()) {
          sb.append(p.get("text").asText());
        }
      }
      return sb.length() == 0 ? null : sb.toString();
    }
    return null;
  }

  /** Closes the connection pool threads. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "OpenAiCaptioner[" + core.settings + "]";
  }

  /** Builder of {@link OpenAiCaptioner}; see the setters for defaults. */
  public static final class Builder extends AbstractBuilder<Builder> {
    private String systemPrompt;

    private Builder() {}

    /**
     * @param systemPrompt a system message sent before the user message (default none, as in the
     *     Paracosm demo)
     * @return this
     */
    public Builder systemPrompt(String systemPrompt) {
      this.systemPrompt = systemPrompt;
      return this;
    }

    /**
     * @return the captioner
     * @throws dev.paracosm.ConfigurationException if the settings are incomplete or the profile cannot chat
     */
    public OpenAiCaptioner build() {
      if (!profile.supportsChat()) {
        throw new dev.paracosm.ConfigurationException("Server profile '" + profile.id() + "' has no chat completions");
      }
      return new OpenAiCaptioner(new ClientCore(settings("captioner", Timeouts.CAPTIONER_DEFAULT, 16, systemPrompt)));
    }
  }
}
