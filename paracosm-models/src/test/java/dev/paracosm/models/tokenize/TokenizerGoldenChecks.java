package dev.paracosm.models.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reusable golden checks of tokenization: a tokenizer golden file ({@code golden.json}: {@code
 * cases[].text / input_ids / attention_mask}, tokenizer files in the same directory) and the
 * per-model {@code inputs/texts.json} of a models fixture directory.
 */
public final class TokenizerGoldenChecks {

  /**
   * One named check.
   *
   * @param name what was checked
   * @param passed outcome
   * @param detail mismatch description (empty when passed)
   */
  public record Check(String name, boolean passed, String detail) {
    @Override
    public String toString() {
      return (passed ? "PASS " : "FAIL ") + name + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerGoldenChecks() {}

  /**
   * @param goldenFile a golden.json whose directory holds the tokenizer files
   * @return one check per case
   */
  public static List<Check> goldenFile(Path goldenFile) {
    JsonNode root = read(goldenFile);
    List<Check> out = new ArrayList<>();
    try (TextTokenizer tok = TextTokenizer.load(goldenFile.toAbsolutePath().getParent())) {
      int i = 0;
      for (JsonNode c : root.path("cases")) {
        out.add(compare("case " + i++, tok, c.get("text").asText(), c.get("input_ids"), c.get("attention_mask")));
      }
    }
    return out;
  }

  /**
   * @param modelsDir a models fixture directory ({@code inputs/texts.json}, one sub-directory per
   *     model named in its {@code tokenized} map)
   * @return one check per model and text
   */
  public static List<Check> modelTexts(Path modelsDir) {
    JsonNode root = read(modelsDir.resolve("inputs/texts.json"));
    List<String> texts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (JsonNode t : root.path("texts")) {
      texts.add(t.get("text").asText());
      ids.add(t.path("id").asText(String.valueOf(ids.size())));
    }
    List<Check> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> models = root.path("tokenized").fields();
    while (models.hasNext()) {
      Map.Entry<String, JsonNode> m = models.next();
      try (TextTokenizer tok = TextTokenizer.load(modelsDir.resolve(m.getKey()))) {
        JsonNode expIds = m.getValue().get("input_ids");
        JsonNode expMask = m.getValue().get("attention_mask");
        for (int i = 0; i < texts.size(); i++) {
          out.add(compare(m.getKey() + "/" + ids.get(i), tok, texts.get(i), expIds.get(i), expMask.get(i)));
        }
      } catch (RuntimeException e) {
        out.add(new Check(m.getKey(), false, e.toString()));
      }
    }
    return out;
  }

  private static Check compare(String name, TextTokenizer tok, String text, JsonNode ids, JsonNode mask) {
    long[] expIds = longs(ids);
    long[] expMask = longs(mask);
    TextTokenizer.Encoding e;
    try {
      e = tok.encode(text);
    } catch (RuntimeException ex) {
      return new Check(name, false, ex.toString());
    }
    if (Arrays.equals(e.ids(), expIds) && Arrays.equals(e.attentionMask(), expMask)) {
      return new Check(name, true, "");
    }
    return new Check(name, false, "text " + quote(text) + "\n  expected ids " + Arrays.toString(expIds)
        + "\n  actual   ids " + Arrays.toString(e.ids()) + "\n  expected mask " + Arrays.toString(expMask)
        + "\n  actual   mask " + Arrays.toString(e.attentionMask()));
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp > 0x7e) {
        sb.append(String.format("\\u{%x}", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.append('"').toString();
  }

  private static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
