package dev.paracosm.models.tokenize;

import java.util.List;

/**
 * A checkpoint's text tokenizer with the model's padding and truncation (CLIP BPE via {@code
 * tokenizer.json}, SigLIP SentencePiece). Implementations are thread-safe and {@link AutoCloseable}
 * (they hold native tokenizer handles).
 */
public interface TextTokenizer extends AutoCloseable {

  /**
   * Token ids and attention mask of one text, padded/truncated as the model expects.
   *
   * @param ids token ids
   * @param attentionMask 1 for real tokens, 0 for padding
   */
  record Encoding(long[] ids, long[] attentionMask) {}

  /** @return the model's context length (e.g. 77 for CLIP, 64 for SigLIP) */
  int maxLength();

  /**
   * @param text the text
   * @return its encoding, truncated to {@link #maxLength()}
   */
  Encoding encode(String text);

  /**
   * @param texts texts
   * @return encodings padded to a common length as the model expects
   */
  List<Encoding> encodeBatch(List<String> texts);

  @Override
  void close();
}
