package dev.paracosm.internal;

import dev.paracosm.GenerationFailedException;
import dev.paracosm.artifact.Artifact;
import dev.paracosm.artifact.ArtifactKey;
import dev.paracosm.artifact.ArtifactStore;
import dev.paracosm.image.ImageData;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.ChatPart;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.GeneratedImage;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.SamplingParams;
import dev.paracosm.role.TextToImage;
import dev.paracosm.role.TextToImageRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every generative call of the pipeline, cached in the {@link ArtifactStore} by content key (role,
 * model, rendered prompt, params, seed, input hashes) with provenance, so a rerun replays instead of
 * regenerating.
 */
final class Generations {
  private final ArtifactStore store;
  private final Prompts prompts;
  private final Counters counters;

  Generations(ArtifactStore store, Prompts prompts, Counters counters) {
    this.store = store;
    this.prompts = prompts;
    this.counters = counters;
  }

  Prompts prompts() {
    return prompts;
  }

  /** Image then rendered text. */
  String caption(Captioner captioner, ImageData image, String templateId, Map<String, String> values,
      SamplingParams sampling) {
    return captionWithPrompt(captioner, image, templateId, prompts.render(templateId, values), sampling);
  }

  /** Image then the given prompt text (e.g. a caller-supplied [A] prompt). */
  String captionWithPrompt(Captioner captioner, ImageData image, String promptId, String prompt,
      SamplingParams sampling) {
    CaptionRequest request = new CaptionRequest(List.of(ChatPart.image(image), ChatPart.text(prompt)), sampling,
        promptId);
    return captionRequest(captioner, request, prompt, image);
  }

  /** A chat template split at {image}. */
  String captionChat(Captioner captioner, ImageData image, String templateId, Map<String, String> values,
      SamplingParams sampling) {
    List<ChatPart> parts = prompts.chat(templateId, values, image);
    CaptionRequest request = new CaptionRequest(parts, sampling, templateId);
    return captionRequest(captioner, request, request.text(), image);
  }

  private String captionRequest(Captioner captioner, CaptionRequest request, String renderedPrompt,
      ImageData image) {
    ArtifactKey key = new ArtifactKey("captioner", captioner.modelId(), null,
        renderedPrompt + "\u0000parts=" + layout(request), params(request.sampling()), request.sampling().seed(),
        List.of(image.sha256()));
    Optional<Artifact> hit = store.get(key);
    if (hit.isPresent()) {
      counters.count("captioner.cache_hits");
      return hit.get().text();
    }
    counters.count("captioner.calls");
    GeneratedText out = captioner.caption(request);
    if (out.text().isBlank()) {
      throw new GenerationFailedException("Captioner " + captioner.modelId() + " returned an empty text for image "
          + image.source() + " (prompt " + request.promptId() + ")");
    }
    store.putText(key, out.text(), provenance(out.provenance(), request.promptId(), renderedPrompt));
    return out.text();
  }

  ImageData edit(ImageEditor editor, ImageData image, String templateId, Map<String, String> values,
      DiffusionParams params) {
    String prompt = prompts.render(templateId, values);
    ArtifactKey key = new ArtifactKey("image_editor", editor.modelId(), null, prompt, params(params), params.seed(),
        List.of(image.sha256()));
    Optional<Artifact> hit = store.get(key);
    if (hit.isPresent()) {
      counters.count("image_editor.cache_hits");
      return hit.get().image();
    }
    counters.count("image_editor.calls");
    GeneratedImage out = editor.edit(new EditRequest(image, prompt, params, templateId));
    store.putImage(key, out.image(), provenance(out.provenance(), templateId, prompt));
    return out.image();
  }

  ImageData textToImage(TextToImage t2i, String templateId, Map<String, String> values, DiffusionParams params) {
    String prompt = prompts.render(templateId, values);
    ArtifactKey key = new ArtifactKey("text_to_image", t2i.modelId(), null, prompt, params(params), params.seed(),
        List.of());
    Optional<Artifact> hit = store.get(key);
    if (hit.isPresent()) {
      counters.count("text_to_image.cache_hits");
      return hit.get().image();
    }
    counters.count("text_to_image.calls");
    GeneratedImage out = t2i.generate(new TextToImageRequest(prompt, params, templateId));
    store.putImage(key, out.image(), provenance(out.provenance(), templateId, prompt));
    return out.image();
  }

  private static String layout(CaptionRequest r) {
    StringBuilder sb = new StringBuilder();
    for (ChatPart p : r.parts()) {
      sb.append(p instanceof ChatPart.Image ? 'I' : 'T');
    }
    return sb.toString();
  }

  private static Map<String, String> provenance(Map<String, String> fromRole, String promptId, String prompt) {
    Map<String, String> p = new HashMap<>(fromRole);
    if (promptId != null) {
      p.put("prompt_id", promptId);
    }
    p.put("rendered_prompt", prompt);
    return p;
  }

  static SortedMap<String, String> params(SamplingParams s) {
    SortedMap<String, String> m = new TreeMap<>();
    put(m, "temperature", s.temperature());
    put(m, "top_p", s.topP());
    put(m, "top_k", s.topK());
    put(m, "max_tokens", s.maxTokens());
    put(m, "repetition_penalty", s.repetitionPenalty());
    return m;
  }

  static SortedMap<String, String> params(DiffusionParams d) {
    SortedMap<String, String> m = new TreeMap<>();
    put(m, "width", d.width());
    put(m, "height", d.height());
    put(m, "num_inference_steps", d.steps());
    put(m, "guidance_scale", d.guidanceScale());
    put(m, "true_cfg_scale", d.trueCfgScale());
    put(m, "image_guidance_scale", d.imageGuidanceScale());
    put(m, "negative_prompt", d.negativePrompt());
    put(m, "strength", d.strength());
    return m;
  }

  private static void put(Map<String, String> m, String k, Object v) {
    if (v != null) {
      m.put(k, v.toString());
    }
  }
}
