package dev.paracosm.models.openai;

import dev.paracosm.ConfigurationException;
import dev.paracosm.models.openai.internal.ImageCodec;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.GeneratedImage;
import dev.paracosm.role.ImageEditor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link ImageEditor} over the OpenAI images API (serving spec P2): {@code POST /images/edits}
 * (multipart) on vLLM-Omni or SGLang Diffusion serving Qwen-Image-Edit, gpt-image-1 on api.openai.com,
 * and the dialect equivalents of Xinference ({@code /images/variations}) and LocalAI (img2img via
 * {@code /images/generations}).
 *
 * <p>The reference image is downscaled to {@code maxImageSide}; {@code b64_json} and PNG output are
 * requested where the dialect has the fields; a seed is always sent (derived from the prompt and the
 * image when the request has none); the diffusion settings are mapped by the profile and a setting the
 * profile cannot express is a warning, or a {@link ConfigurationException} in strict mode. The
 * returned image is validated (PNG/JPEG, pixel limit from the header, decodable) and carries full
 * provenance. Thread-safe; close it to release its threads.
 */
public final class OpenAiImageEditor implements ImageEditor {
  private final ClientCore core;

  private OpenAiImageEditor(ClientCore core) {
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
  public GeneratedImage edit(EditRequest request) {
    Objects.requireNonNull(request, "request");
    ImageCodec.Upload up = ImageCodec.prepareForUpload(request.image(), core.settings.maxImageSide(),
        core.settings.maxImagePixels());
    ImageCalls.Prepared prep = ImageCalls.prepare(core, true, request.prompt(), request.params(), request.image(), up);
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("input_image_sha256", request.image().sha256());
    extra.put("input_image_source", request.image().source());
    extra.put("upload_size", up.width() + "x" + up.height() + (up.resized() ? " (downscaled)" : ""));
    return ImageCalls.call(core, prep, request.prompt(), request.promptId(), request.params(), extra);
  }

  /** Closes the connection pool threads. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "OpenAiImageEditor[" + core.settings + "]";
  }

  /** Builder of {@link OpenAiImageEditor}. */
  public static final class Builder extends AbstractBuilder<Builder> {
    private Builder() {}

    /**
     * @return the editor
     * @throws ConfigurationException if the settings are incomplete or the profile cannot edit images
     */
    public OpenAiImageEditor build() {
      if (!profile.supportsImageEdits()) {
        throw new ConfigurationException("Server profile '" + profile.id() + "' cannot edit images over HTTP"
            + " (serving spec §6); use vllm-omni or sglang for Qwen-Image-Edit, or openai for gpt-image-1");
      }
      return new OpenAiImageEditor(new ClientCore(settings("image_editor", Timeouts.DIFFUSION_DEFAULT, 1, null)));
    }
  }
}
