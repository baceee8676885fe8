package dev.paracosm.models.openai;

import dev.paracosm.ConfigurationException;
import dev.paracosm.role.GeneratedImage;
import dev.paracosm.role.TextToImage;
import dev.paracosm.role.TextToImageRequest;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link TextToImage} over {@code POST /images/generations} (JSON, serving spec P2): vLLM-Omni or
 * SGLang Diffusion serving Qwen-Image, gpt-image-1 on api.openai.com, Xinference ({@code kwargs}),
 * LocalAI and text-generation-webui dialects.
 *
 * <p>Requests {@code b64_json} (omitted for GPT-image models, which always return base64) and PNG where
 * the dialect has the field, always sends a seed (derived from the prompt when the request has none)
 * and {@code n: 1}, maps the diffusion settings per profile (warning, or failing in strict mode, for
 * settings it cannot express), and validates the returned image. Thread-safe; close it to release its
 * threads.
 */
public final class OpenAiTextToImage implements TextToImage {
  private final ClientCore core;

  private OpenAiTextToImage(ClientCore core) {
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
  public GeneratedImage generate(TextToImageRequest request) {
    Objects.requireNonNull(request, "request");
    ImageCalls.Prepared prep = ImageCalls.prepare(core, false, request.prompt(), request.params(), null, null);
    return ImageCalls.call(core, prep, request.prompt(), request.promptId(), request.params(), Map.of());
  }

  /** Closes the connection pool threads. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "OpenAiTextToImage[" + core.settings + "]";
  }

  /** Builder of {@link OpenAiTextToImage}. */
  public static final class Builder extends AbstractBuilder<Builder> {
    private Builder() {}

    /**
     * @return the text-to-image client
     * @throws ConfigurationException if the settings are incomplete or the profile has no images API
     */
    public OpenAiTextToImage build() {
      if (!profile.supportsImageGeneration()) {
        throw new ConfigurationException("Server profile '" + profile.id() + "' has no images API"
            + " (serving spec §6); use vllm-omni or sglang for Qwen-Image, or openai for gpt-image-1");
      }
      return new OpenAiTextToImage(new ClientCore(settings("text_to_image", Timeouts.DIFFUSION_DEFAULT, 1, null)));
    }
  }
}
