package dev.paracosm.role;

import dev.paracosm.InvalidInputException;

/**
 * Sampling settings of a multimodal LLM. A {@code null} field means "the server/model default";
 * clients send every non-null field explicitly.
 *
 * @param temperature sampling temperature, &gt;= 0
 * @param topP nucleus probability in (0, 1]
 * @param topK top-k cut-off, &gt;= 1
 * @param maxTokens maximum new tokens, &gt;= 1
 * @param repetitionPenalty repetition penalty, &gt; 0
 * @param seed sampling seed
 */
public record SamplingParams(
    Double temperature, Double topP, Integer topK, Integer maxTokens, Double repetitionPenalty, Long seed) {

  /**

   * Validates every set field.

   *

   * @param temperature see the record description

   * @param topP see the record description

   * @param topK see the record description

   * @param maxTokens see the record description

   * @param repetitionPenalty see the record description

   * @param seed see the record description

   */

  public SamplingParams {
    if (temperature != null && (temperature < 0 || temperature.isNaN())) {
      throw new InvalidInputException("temperature must be >= 0, got " + temperature);
    }
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw new InvalidInputException("top_p must be in (0, 1], got " + topP);
    }
    if (topK != null && topK < 1) {
      throw new InvalidInputException("top_k must be >= 1, got " + topK);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new InvalidInputException("max_tokens must be >= 1, got " + maxTokens);
    }
    if (repetitionPenalty != null && !(repetitionPenalty > 0)) {
      throw new InvalidInputException("repetition_penalty must be > 0, got " + repetitionPenalty);
    }
  }

  /** @return all fields unset: the model's defaults */
  public static SamplingParams defaults() {
    return new SamplingParams(null, null, null, null, null, null);
  }

  /** @return a builder with every field unset */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder initialised from this record */
  public Builder toBuilder() {
    return new Builder().temperature(temperature).topP(topP).topK(topK).maxTokens(maxTokens)
        .repetitionPenalty(repetitionPenalty).seed(seed);
  }

  /** Builder for {@link SamplingParams}; every setting optional. */
  public static final class Builder {
    private Double temperature;
    private Double topP;
    private Integer topK;
    private Integer maxTokens;
    private Double repetitionPenalty;
    private Long seed;

    private Builder() {}

    /**
     * @param v temperature
     * @return this
     */
    public Builder temperature(Double v) { temperature = v; return this; }
    /**
     * @param v top_p
     * @return this
     */
    public Builder topP(Double v) { topP = v; return this; }
    /**
     * @param v top_k
     * @return this
     */
    public Builder topK(Integer v) { topK = v; return this; }
    /**
     * @param v max new tokens
     * @return this
     */
    public Builder maxTokens(Integer v) { maxTokens = v; return this; }
    /**
     * @param v repetition penalty
     * @return this
     */
    public Builder repetitionPenalty(Double v) { repetitionPenalty = v; return this; }
    /**
     * @param v seed
     * @return this
     */
    public Builder seed(Long v) { seed = v; return this; }

    /** @return the validated params */
    public SamplingParams build() {
      return new SamplingParams(temperature, topP, topK, maxTokens, repetitionPenalty, seed);
    }
  }
}
