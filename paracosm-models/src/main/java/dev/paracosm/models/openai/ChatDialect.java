package dev.paracosm.models.openai;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * P1 (chat completions) field names of one server family: which sampling settings it can express and
 * under which wire name (serving spec §2.3 and §8). A setting without an entry cannot be expressed.
 *
 * @param fields wire name per setting
 */
record ChatDialect(Map<Setting, String> fields) {

  /** The sampling settings of {@link dev.paracosm.role.SamplingParams}. */
  enum Setting {
    TEMPERATURE("temperature"),
    TOP_P("top_p"),
    TOP_K("top_k"),
    MAX_TOKENS("max_tokens"),
    REPETITION_PENALTY("repetition_penalty"),
    SEED("seed");

    /** The vLLM/OpenAI name, used in messages and for user-whitelisted fields. */
    final String canonical;

    Setting(String canonical) {
      this.canonical = canonical;
    }
  }

  ChatDialect {
    fields = Collections.unmodifiableMap(new EnumMap<>(fields));
  }

  private static ChatDialect of(String topK, String maxTokens, String repetitionPenalty) {
    Map<Setting, String> m = new EnumMap<>(Setting.class);
    m.put(Setting.TEMPERATURE, "temperature");
    m.put(Setting.TOP_P, "top_p");
    m.put(Setting.SEED, "seed");
    m.put(Setting.MAX_TOKENS, maxTokens);
    if (topK != null) {
      m.put(Setting.TOP_K, topK);
    }
    if (repetitionPenalty != null) {
      m.put(Setting.REPETITION_PENALTY, repetitionPenalty);
    }
    return new ChatDialect(m);
  }

  /** api.openai.com: no top_k (rejected with 400), max_completion_tokens, no repetition penalty. */
  static final ChatDialect OPENAI = of(null, "max_completion_tokens", null);
  /** vLLM, SGLang (and vLLM-Omni LLM stages): top_k and repetition_penalty as top-level extras. */
  static final ChatDialect VLLM = of("top_k", "max_tokens", "repetition_penalty");
  /** LM Studio and llama.cpp: top_k and repeat_penalty. */
  static final ChatDialect LLAMACPP = of("top_k", "max_tokens", "repeat_penalty");
  /** Ollama /v1 and TGI Messages API: no top_k, no repetition penalty. */
  static final ChatDialect NO_EXTRAS = of(null, "max_tokens", null);
  /** LocalAI and Xinference: top_k, no repetition penalty in the spec's field list. */
  static final ChatDialect TOP_K_ONLY = of("top_k", "max_tokens", null);
  /** text-generation-webui: top_k and repetition_penalty. */
  static final ChatDialect TGW = of("top_k", "max_tokens", "repetition_penalty");
}
