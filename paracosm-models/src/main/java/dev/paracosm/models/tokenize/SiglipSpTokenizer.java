package dev.paracosm.models.tokenize;

import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import dev.paracosm.InvalidInputException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * transformers' {@code SiglipTokenizer} (v4.41.2, the slow SentencePiece tokenizer of SigLIP v1
 * checkpoints) on DJL's SentencePiece binding, with {@code padding="max_length", truncation=True}:
 *
 * <ol>
 *   <li>the model's normalizer is loaded with {@code add_dummy_prefix = false} (as transformers
 *       merges into the proto) and {@code "▁"} is prepended to the text instead, after replacing any
 *       {@code "▁"} in it by a space;
 *   <li>lower-casing (per character, special tokens kept as written) when {@code do_lower_case};
 *   <li>split on special/added tokens (their {@code lstrip}/{@code rstrip} strip whitespace of the
 *       neighbouring chunks);
 *   <li>each text chunk is canonicalised (ASCII punctuation removed, whitespace runs collapsed to
 *       one space, stripped) and encoded as {@code unk_token + chunk}, dropping the pieces of {@code
 *       unk_token};
 *   <li>a leading lone {@code "▁"} before a special token is dropped;
 *   <li>the content is truncated to {@code maxLength - 1}, {@code </s>} appended unless already
 *       last, then padded with the pad token ({@code </s>}); the mask is 1 for real tokens.
 * </ol>
 */
final class SiglipSpTokenizer implements TextTokenizer {

  static final String SPIECE_UNDERLINE = "\u2581";
  static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  /**
   * A special or added token.
   *
   * @param content its text
   * @param id its id
   * @param lstrip strip whitespace on its left
   * @param rstrip strip whitespace on its right
   * @param special whether it is one of the special tokens (eos, unk, pad, additional)
   */
  record Special(String content, int id, boolean lstrip, boolean rstrip, boolean special) {}

  private final SpTokenizer sp;
  private final SpProcessor processor;
  private final Path file;
  private final int maxLength;
  private final boolean lowerCase;
  private final List<Special> added;
  private final String unkToken;
  private final int unkTokenLength;
  private final int eosId;
  private final int padId;

  private SiglipSpTokenizer(
      SpTokenizer sp, Path file, int maxLength, boolean lowerCase, List<Special> added, String unkToken, int eosId,
      int padId) {
    this.sp = sp;
    this.processor = sp.getProcessor();
    this.file = file;
    this.maxLength = maxLength;
    this.lowerCase = lowerCase;
    this.added = List.copyOf(added);
    this.unkToken = unkToken;
    this.unkTokenLength = processor.encode(unkToken).length;
    this.eosId = eosId;
    this.padId = padId;
  }

  /** A special token to resolve against the model's vocabulary. */
  record SpecialSpec(String content, boolean lstrip, boolean rstrip, boolean special) {}

  static SiglipSpTokenizer load(
      Path spieceModel, int maxLength, boolean lowerCase, List<SpecialSpec> specials, String unkToken,
      String eosToken, String padToken) {
    byte[] proto;
    try {
      proto = Files.readAllBytes(spieceModel);
    } catch (IOException e) {
      throw new ModelUnavailableException("Cannot read SentencePiece model " + spieceModel + ": " + e, e);
    }
    SpTokenizer sp;
    try {
      sp = new SpTokenizer(withoutDummyPrefix(proto));
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new ModelUnavailableException("Cannot load SentencePiece model " + spieceModel + ": " + e, e);
    }
    try {
      SpProcessor p = sp.getProcessor();
      List<Special> resolved = new ArrayList<>();
      for (SpecialSpec s : specials) {
        resolved.add(new Special(s.content(), pieceId(p, s.content(), spieceModel), s.lstrip(), s.rstrip(), s.special()));
      }
      int eos = pieceId(p, eosToken, spieceModel);
      int pad = pieceId(p, padToken, spieceModel);
      return new SiglipSpTokenizer(sp, spieceModel, maxLength, lowerCase, resolved, unkToken, eos, pad);
    } catch (RuntimeException e) {
      sp.close();
      throw e;
    }
  }

  private static int pieceId(SpProcessor p, String piece, Path file) {
    int id = p.getId(piece);
    if (id < 0 || !piece.equals(p.getToken(id))) {
      throw new ModelUnavailableException("SentencePiece model " + file + " has no piece for special token " + piece);
    }
    return id;
  }

  /**
   * Appends {@code normalizer_spec { add_dummy_prefix: false }} to a serialized ModelProto; protobuf
   * merges repeated occurrences of an embedded message, which is exactly transformers' {@code
   * model.normalizer_spec.MergeFrom(...)}.
   */
  static byte[] withoutDummyPrefix(byte[] proto) {
    byte[] out = Arrays.copyOf(proto, proto.length + 4);
    out[proto.length] = 0x1A; // field 3 (normalizer_spec), wire type 2
    out[proto.length + 1] = 0x02; // length 2
    out[proto.length + 2] = 0x18; // field 3 (add_dummy_prefix), varint
    out[proto.length + 3] = 0x00; // false
    return out;
  }

  @Override
  public int maxLength() {
    return maxLength;
  }

  @Override
  public Encoding encode(String text) {
    Objects.requireNonNull(text, "text");
    List<Integer> content;
    try {
      content = contentIds(text);
    } catch (RuntimeException e) {
      throw new InvalidInputException("Cannot tokenize text with " + file + ": " + e.getMessage(), e);
    }
    if (content.size() + 1 > maxLength) {
      content = content.subList(0, maxLength - 1);
    }
    List<Integer> seq = new ArrayList<>(content);
    if (seq.isEmpty() || seq.get(seq.size() - 1) != eosId) {
      seq.add(eosId);
    }
    long[] ids = new long[maxLength];
    long[] mask = new long[maxLength];
    Arrays.fill(ids, padId);
    for (int i = 0; i < seq.size(); i++) {
      ids[i] = seq.get(i);
      mask[i] = 1;
    }
    return new Encoding(ids, mask);
  }

  /** Token ids without EOS: transformers' {@code tokenize} + {@code convert_tokens_to_ids}. */
  List<Integer> contentIds(String text) {
    String t = SPIECE_UNDERLINE + text.replace(SPIECE_UNDERLINE, " ");
    if (lowerCase) {
      t = lowerExceptSpecials(t);
    }
    List<String> chunks = new ArrayList<>();
    List<Special> kinds = new ArrayList<>();
    split(t, chunks, kinds);
    for (int i = 0; i < chunks.size(); i++) {
      Special s = kinds.get(i);
      if (s == null) {
        continue;
      }
      if (s.rstrip() && i + 1 < chunks.size() && !chunks.get(i + 1).isEmpty()) {
        chunks.set(i + 1, PyText.lstrip(chunks.get(i + 1)));
      }
      if (s.lstrip() && i > 0 && !chunks.get(i - 1).isEmpty()) {
        chunks.set(i - 1, PyText.rstrip(chunks.get(i - 1)));
      }
    }
    List<String> pieces = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      String c = chunks.get(i);
      if (c.isEmpty()) {
        continue;
      }
      Special s = kinds.get(i);
      if (s != null) {
        pieces.add(s.content());
        ids.add(s.id());
        continue;
      }
      String canon = canonicalize(c);
      String[] ps = processor.tokenize(unkToken + canon);
      int from = ps.length >= unkTokenLength ? unkTokenLength : 0;
      for (int k = from; k < ps.length; k++) {
        pieces.add(ps[k]);
        ids.add(pieceToId(ps[k]));
      }
    }
    if (pieces.size() > 1 && pieces.get(0).equals(SPIECE_UNDERLINE) && isSpecial(pieces.get(1))) {
      ids.remove(0);
    }
    return ids;
  }

  private int pieceToId(String piece) {
    for (Special s : added) {
      if (s.content().equals(piece)) {
        return s.id();
      }
    }
    return processor.getId(piece);
  }

  private boolean isSpecial(String piece) {
    for (Special s : added) {
      if (s.special() && s.content().equals(piece)) {
        return true;
      }
    }
    return false;
  }

  /** transformers' do_lower_case: lower-cases each character except inside special tokens. */
  private String lowerExceptSpecials(String t) {
    StringBuilder sb = new StringBuilder(t.length());
    int i = 0;
    outer:
    while (i < t.length()) {
      for (Special s : added) {
        if (s.special() && t.startsWith(s.content(), i)) {
          sb.append(s.content());
          i += s.content().length();
          continue outer;
        }
      }
      int cp = t.codePointAt(i);
      sb.append(PyText.lowerChar(cp));
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /** Splits on added tokens, leftmost-longest (the tokenizer trie). */
  private void split(String t, List<String> chunks, List<Special> kinds) {
    int start = 0;
    int i = 0;
    while (i < t.length()) {
      Special best = null;
      for (Special s : added) {
        if (t.startsWith(s.content(), i) && (best == null || s.content().length() > best.content().length())) {
          best = s;
        }
      }
      if (best == null) {
        i++;
        continue;
      }
      if (i > start) {
        chunks.add(t.substring(start, i));
        kinds.add(null);
      }
      chunks.add(best.content());
      kinds.add(best);
      i += best.content().length();
      start = i;
    }
    if (start < t.length()) {
      chunks.add(t.substring(start));
      kinds.add(null);
    }
  }

  /** SigLIP's canonicalize_text: drop ASCII punctuation, collapse whitespace runs, strip. */
  static String canonicalize(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    boolean inSpace = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 128 && PUNCTUATION.indexOf(cp) >= 0) {
        continue;
      }
      if (PyText.isSpace(cp)) {
        if (!inSpace) {
          sb.append(' ');
          inSpace = true;
        }
        continue;
      }
      inSpace = false;
      sb.appendCodePoint(cp);
    }
    return PyText.strip(sb.toString());
  }

  @Override
  public List<Encoding> encodeBatch(List<String> texts) {
    List<Encoding> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(encode(t));
    }
    return out;
  }

  @Override
  public void close() {
    sp.close();
  }

  @Override
  public String toString() {
    return "TextTokenizer[SigLIP spiece " + file + ", maxLength " + maxLength + ", eos " + eosId + ", pad " + padId + "]";
  }
}
