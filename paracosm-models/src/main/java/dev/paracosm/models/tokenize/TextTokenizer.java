package dev.paracosm.models.tokenize;

import java.nio.file.Path;
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

  /**
   * Loads a checkpoint's tokenizer from the files in its directory: {@code spiece.model} for SigLIP
   * ({@code SiglipTokenizer} rules: lower-casing, punctuation stripped, {@code </s>} appended and
   * used as padding), otherwise {@code tokenizer.json} (CLIP BPE: {@code <|startoftext|>} ... {@code
   * <|endoftext|>}, padded with the checkpoint's pad token). Every encoding is padded to {@link
   * #maxLength()}: {@code text_config.max_position_embeddings} of {@code config.json}, else the
   * class default (CLIP 77, SigLIP 64), else a sensible {@code model_max_length} of {@code
   * tokenizer_config.json}.
   *
   * @param checkpointDir the checkpoint directory
   * @return the tokenizer (close it to free native memory)
   * @throws dev.paracosm.ModelUnavailableException naming the directory and the files looked for
   *     when no tokenizer file is present, or when it cannot be loaded
   * @throws dev.paracosm.FormatCorruptException naming the file when a JSON side file is malformed
   */
  static TextTokenizer load(Path checkpointDir) {
    java.util.Objects.requireNonNull(checkpointDir, "checkpointDir");
    return TokenizerLoader.load(checkpointDir);
  }
}
