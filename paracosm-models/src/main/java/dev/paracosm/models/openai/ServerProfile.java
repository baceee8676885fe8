package dev.paracosm.models.openai;

import dev.paracosm.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server family and its field dialect (serving spec §8). The profile decides which sampling and
 * diffusion settings are sent and under which names; a setting the profile cannot express is a
 * logged warning, or a {@link ConfigurationException} in strict mode, never a silent drop.
 *
 * <table>
 *   <caption>Profiles</caption>
 *   <tr><th>id</th><th>chat (P1)</th><th>images (P2) dialect</th></tr>
 *   <tr><td>{@code openai}</td><td>no top_k; max_completion_tokens</td><td>openai (no extensions)</td></tr>
 *   <tr><td>{@code vllm}</td><td>top_k, repetition_penalty</td><td>none</td></tr>
 *   <tr><td>{@code vllm-omni}</td><td>as vllm</td><td>diffusers-flat</td></tr>
 *   <tr><td>{@code sglang} (alias {@code sglang-diffusion})</td><td>as vllm</td><td>diffusers-flat</td></tr>
 *   <tr><td>{@code ollama}</td><td>no top_k</td><td>none</td></tr>
 *   <tr><td>{@code lmstudio}, {@code llamacpp}</td><td>top_k, repeat_penalty</td><td>none</td></tr>
 *   <tr><td>{@code tgi}</td><td>no top_k</td><td>none</td></tr>
 *   <tr><td>{@code localai}</td><td>top_k</td><td>localai</td></tr>
 *   <tr><td>{@code xinference}</td><td>top_k</td><td>xinference (kwargs string; edits via variations)</td></tr>
 *   <tr><td>{@code text-generation-webui} (alias {@code tgw})</td><td>top_k, repetition_penalty</td>
 *       <td>tgw (generations only)</td></tr>
 *   <tr><td>{@code generic-openai}</td><td>standard fields only</td><td>openai plus whitelisted extras</td></tr>
 * </table>
 */
public enum ServerProfile {
  /** api.openai.com (GPT-4o, gpt-image-1). */
  OPENAI("openai", ChatDialect.OPENAI, ImageDialect.OPENAI),
  /** vLLM (Qwen2.5-VL). */
  VLLM("vllm", ChatDialect.VLLM, null),
  /** vLLM-Omni (Qwen-Image, Qwen-Image-Edit). */
  VLLM_OMNI("vllm-omni", ChatDialect.VLLM, ImageDialect.DIFFUSERS_FLAT),
  /** SGLang (LLM server) and SGLang Diffusion. */
  SGLANG("sglang", ChatDialect.VLLM, ImageDialect.DIFFUSERS_FLAT, "sglang-diffusion"),
  /** Ollama's OpenAI-compatible {@code /v1}. */
  OLLAMA("ollama", ChatDialect.NO_EXTRAS, null),
  /** LM Studio. */
  LMSTUDIO("lmstudio", ChatDialect.LLAMACPP, null, "lm-studio"),
  /** llama.cpp {@code llama-server}. */
  LLAMACPP("llamacpp", ChatDialect.LLAMACPP, null, "llama.cpp", "llama-server"),
  /** Hugging Face TGI Messages API. */
  TGI("tgi", ChatDialect.NO_EXTRAS, null),
  /** LocalAI. */
  LOCALAI("localai", ChatDialect.TOP_K_ONLY, ImageDialect.LOCALAI),
  /** Xinference. */
  XINFERENCE("xinference", ChatDialect.TOP_K_ONLY, ImageDialect.XINFERENCE),
  /** text-generation-webui (oobabooga). */
  TEXT_GENERATION_WEBUI("text-generation-webui", ChatDialect.TGW, ImageDialect.TGW, "tgw"),
  /** Any other OpenAI-compatible server: standard fields only, plus fields the user whitelists. */
  GENERIC_OPENAI("generic-openai", new ChatDialect(ChatDialect.NO_EXTRAS.fields()), ImageDialect.GENERIC, "generic");

  private final String id;
  private final ChatDialect chat;
  private final ImageDialect images;
  private final List<String> aliases;

  ServerProfile(String id, ChatDialect chat, ImageDialect images, String... aliases) {
    this.id = id;
    this.chat = chat;
    this.images = images;
    this.aliases = List.of(aliases);
  }

  /** @return the profile id used in spec strings, e.g. {@code vllm-omni} */
  public String id() {
    return id;
  }

  /** @return whether the profile speaks chat completions with images (P1) */
  public boolean supportsChat() {
    return chat != null;
  }

  /** @return whether the profile serves {@code /images/generations} */
  public boolean supportsImageGeneration() {
    return images != null;
  }

  /** @return whether the profile can edit an image (P2 edits or its dialect's equivalent) */
  public boolean supportsImageEdits() {
    return images != null && images.editTransport() != ImageDialect.EditTransport.NONE;
  }

  ChatDialect chat() {
    return chat;
  }

  ImageDialect images() {
    return images;
  }

  /**
   * @param id a profile id or alias, case-insensitive ({@code vllm}, {@code vllm-omni}, {@code tgw}, ...)
   * @return the profile
   * @throws ConfigurationException listing the valid ids if unknown
   */
  public static ServerProfile fromId(String id) {
    String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (ServerProfile p : values()) {
      if (p.id.equals(s) || p.aliases.contains(s)) {
        return p;
      }
    }
    throw new ConfigurationException("Unknown server profile '" + id + "'; expected one of " + ids());
  }

  /** @return every id and alias */
  public static List<String> ids() {
    List<String> out = new ArrayList<>();
    for (ServerProfile p : values()) {
      out.add(p.id);
      out.addAll(p.aliases);
    }
    return out;
  }

  /**
   * @param s a candidate id
   * @return whether it names a profile
   */
  static boolean isId(String s) {
    return ids().contains(s.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  @Override
  public String toString() {
    return id;
  }
}
