package dev.paracosm.models.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.paracosm.InvalidInputException;
import dev.paracosm.ModelUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@code tokenizer.json} tokenizer (CLIP BPE on the hub) through DJL's Rust tokenizers binding,
 * with transformers' {@code padding="max_length", truncation=True} applied explicitly: the hub files
 * carry {@code padding: null} and {@code truncation: null}, and DJL would otherwise pad with id 0 to
 * the longest item. Truncation keeps the post-processor's special tokens (for CLIP the content is cut
 * to {@code maxLength - 2} ids and {@code <|endoftext|>} stays last); padding uses the checkpoint's
 * pad token (CLIP: {@code <|endoftext|>} 49407) and the attention mask is 1 for every real token.
 */
final class HfJsonTokenizer implements TextTokenizer {

  private final HuggingFaceTokenizer tokenizer;
  private final Path file;
  private final int maxLength;
  private final long padId;

  private HfJsonTokenizer(HuggingFaceTokenizer tokenizer, Path file, int maxLength, long padId) {
    this.tokenizer = tokenizer;
    this.file = file;
    this.maxLength = maxLength;
    this.padId = padId;
  }

  static HfJsonTokenizer load(Path tokenizerJson, int maxLength, long padId) {
    try {
      HuggingFaceTokenizer t = HuggingFaceTokenizer.builder()
          .optTokenizerPath(tokenizerJson)
          .optAddSpecialTokens(true)
          .optTruncation(true)
          .optMaxLength(maxLength)
          .optPadding(false)
          .build();
      return new HfJsonTokenizer(t, tokenizerJson, maxLength, padId);
    } catch (Exception | UnsatisfiedLinkError e) {
      throw new ModelUnavailableException("Cannot load tokenizer " + tokenizerJson + ": " + e, e);
    }
  }

  @Override
  public int maxLength() {
    return maxLength;
  }

  @Override
  public TextTokenizer.Encoding encode(String text) {
    Objects.requireNonNull(text, "text");
    ai.djl.huggingface.tokenizers.Encoding e;
    try {
      e = tokenizer.encode(text);
    } catch (RuntimeException ex) {
      throw new InvalidInputException("Cannot tokenize text with " + file + ": " + ex.getMessage(), ex);
    }
    long[] raw = e.getIds();
    int n = Math.min(raw.length, maxLength);
    long[] ids = Arrays.copyOf(raw, maxLength);
    long[] mask = new long[maxLength];
    Arrays.fill(ids, n, maxLength, padId);
    Arrays.fill(mask, 0, n, 1L);
    return new TextTokenizer.Encoding(ids, mask);
  }

  @Override
  public List<TextTokenizer.Encoding> encodeBatch(List<String> texts) {
    List<TextTokenizer.Encoding> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(encode(t));
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "TextTokenizer[tokenizer.json " + file + ", maxLength " + maxLength + ", pad " + padId + "]";
  }
}
