package dev.paracosm.models.tokenize;

import dev.paracosm.InvalidInputException;

/**
 * The position CLIP's text tower pools (transformers v4.31+, including v4.41.2): with the legacy
 * {@code text_config.eos_token_id == 2} of the OpenAI/LAION hub configs, the position of the largest
 * id ({@code argmax(input_ids)}, first maximum; EOS 49407 is the largest id of the CLIP vocabulary);
 * otherwise the first position holding {@code eos_token_id} (0 when there is none, as {@code
 * argmax} of an all-false mask gives).
 */
public final class ClipPooling {

  /** The legacy {@code eos_token_id} value that selects the argmax rule. */
  public static final int LEGACY_EOS_TOKEN_ID = 2;

  private ClipPooling() {}

  /**
   * @param ids one sequence of token ids
   * @param eosTokenId {@code text_config.eos_token_id} of the checkpoint's config.json (CLIPTextConfig
   *     default 49407 when absent)
   * @return the pooled position
   * @throws InvalidInputException if {@code ids} is empty
   */
  public static int clipPooledPosition(long[] ids, int eosTokenId) {
    return clipPooledPosition(ids, (long) eosTokenId);
  }

  /**
   * The same rule with {@code eos_token_id} as a {@code long}, the type the checkpoint config
   * parser holds it in (the {@code int} overload delegates here).
   *
   * @param ids one sequence of token ids
   * @param eosTokenId {@code text_config.eos_token_id} of the checkpoint's config.json
   * @return the pooled position
   * @throws InvalidInputException if {@code ids} is empty
   */
  public static int clipPooledPosition(long[] ids, long eosTokenId) {
    if (ids == null || ids.length == 0) {
      throw new InvalidInputException("Cannot pool an empty token id sequence");
    }
    if (eosTokenId == LEGACY_EOS_TOKEN_ID) {
      int best = 0;
      for (int i = 1; i < ids.length; i++) {
        if (ids[i] > ids[best]) {
          best = i;
        }
      }
      return best;
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == eosTokenId) {
        return i;
      }
    }
    return 0;
  }
}
