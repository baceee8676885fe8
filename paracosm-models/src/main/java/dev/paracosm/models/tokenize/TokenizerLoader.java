package dev.paracosm.models.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks and configures a checkpoint's tokenizer from the files in its directory. */
final class TokenizerLoader {
  private static final Logger LOG = LoggerFactory.getLogger(TokenizerLoader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String TOKENIZER_JSON = "tokenizer.json";
  static final String SPIECE_MODEL = "spiece.model";
  static final int CLIP_DEFAULT_MAX_LENGTH = 77;
  static final int SIGLIP_DEFAULT_MAX_LENGTH = 64;
  /** transformers' "no limit" sentinel for model_max_length is 1e30; anything this large is ignored. */
  static final long MAX_SENSIBLE_LENGTH = 1_000_000;

  private TokenizerLoader() {}

  static TextTokenizer load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelUnavailableException("Tokenizer directory " + dir + " does not exist or is not a directory");
    }
    JsonNode config = readOptional(dir.resolve("config.json"));
    JsonNode tokConfig = readOptional(dir.resolve("tokenizer_config.json"));
    JsonNode specialMap = readOptional(dir.resolve("special_tokens_map.json"));
    String modelType = config == null ? "" : config.path("model_type").asText("");
    Path tokJson = dir.resolve(TOKENIZER_JSON);
    Path spiece = dir.resolve(SPIECE_MODEL);
    boolean hasJson = Files.isRegularFile(tokJson);
    boolean hasSpiece = Files.isRegularFile(spiece);
    boolean preferSpiece = hasSpiece && (!hasJson || modelType.startsWith("siglip")
        || "SiglipTokenizer".equals(tokConfig == null ? null : tokConfig.path("tokenizer_class").asText(null)));
    if (preferSpiece) {
      int max = maxLength(dir, config, tokConfig, SIGLIP_DEFAULT_MAX_LENGTH);
      String eos = tokenName(tokConfig, specialMap, "eos_token", "</s>");
      String unk = tokenName(tokConfig, specialMap, "unk_token", "<unk>");
      String pad = tokenName(tokConfig, specialMap, "pad_token", "</s>");
      boolean lower = tokConfig == null || tokConfig.path("do_lower_case").asBoolean(true);
      List<SiglipSpTokenizer.SpecialSpec> specials = siglipSpecials(tokConfig, specialMap, eos, unk, pad);
      LOG.debug("SigLIP SentencePiece tokenizer from {} (maxLength {}, pad {}, lower {})", spiece, max, pad, lower);
      return SiglipSpTokenizer.load(spiece, max, lower, specials, unk, eos, pad);
    }
    if (hasJson) {
      int max = maxLength(dir, config, tokConfig, CLIP_DEFAULT_MAX_LENGTH);
      JsonNode tj = readOptional(tokJson);
      String pad = tokenName(tokConfig, specialMap, "pad_token", null);
      long padId;
      JsonNode filePadding = tj == null ? null : tj.get("padding");
      if (pad == null && filePadding != null && filePadding.path("pad_id").isIntegralNumber()) {
        pad = filePadding.path("pad_token").asText("?");
        padId = filePadding.get("pad_id").asLong();
      } else {
        if (pad == null) {
          pad = tokenName(tokConfig, specialMap, "eos_token", "<|endoftext|>");
        }
        padId = tokenId(tj, pad, tokJson);
      }
      LOG.debug("tokenizer.json tokenizer from {} (maxLength {}, pad {} = {})", tokJson, max, pad, padId);
      return HfJsonTokenizer.load(tokJson, max, padId);
    }
    throw new ModelUnavailableException(
        "No tokenizer in " + dir + ": looked for " + TOKENIZER_JSON + " (CLIP and other fast tokenizers) and "
            + SPIECE_MODEL + " (SigLIP SentencePiece)");
  }

  private static int maxLength(Path dir, JsonNode config, JsonNode tokConfig, int fallback) {
    if (config != null) {
      String type = config.path("model_type").asText("");
      JsonNode text = type.endsWith("_text_model") ? config : config.get("text_config");
      JsonNode mpe = text == null ? null : text.get("max_position_embeddings");
      if (mpe != null && !mpe.isNull()) {
        if (!mpe.isIntegralNumber() || mpe.asInt() <= 0) {
          throw new FormatCorruptException(
              "config.json in " + dir + " has an invalid text_config.max_position_embeddings: " + mpe);
        }
        return mpe.asInt();
      }
      if (type.startsWith("clip")) {
        return CLIP_DEFAULT_MAX_LENGTH;
      }
      if (type.startsWith("siglip")) {
        return SIGLIP_DEFAULT_MAX_LENGTH;
      }
    }
    if (tokConfig != null) {
      JsonNode m = tokConfig.get("model_max_length");
      if (m != null && m.isNumber() && m.asDouble() > 0 && m.asDouble() <= MAX_SENSIBLE_LENGTH) {
        return (int) m.asDouble();
      }
    }
    return fallback;
  }

  /** A token setting given as a string or as an AddedToken object with {@code content}. */
  private static String tokenName(JsonNode tokConfig, JsonNode specialMap, String key, String def) {
    for (JsonNode src : new JsonNode[] {tokConfig, specialMap}) {
      if (src == null) {
        continue;
      }
      JsonNode n = src.get(key);
      if (n != null && n.isTextual()) {
        return n.asText();
      }
      if (n != null && n.isObject() && n.path("content").isTextual()) {
        return n.get("content").asText();
      }
    }
    return def;
  }

  private static List<SiglipSpTokenizer.SpecialSpec> siglipSpecials(
      JsonNode tokConfig, JsonNode specialMap, String eos, String unk, String pad) {
    Map<String, SiglipSpTokenizer.SpecialSpec> out = new LinkedHashMap<>();
    List<String> special = new ArrayList<>(List.of(eos, unk, pad));
    for (JsonNode src : new JsonNode[] {tokConfig, specialMap}) {
      if (src != null && src.path("additional_special_tokens").isArray()) {
        for (JsonNode a : src.get("additional_special_tokens")) {
          String c = a.isTextual() ? a.asText() : a.path("content").asText(null);
          if (c != null && !special.contains(c)) {
            special.add(c);
          }
        }
      }
    }
    JsonNode decoder = tokConfig == null ? null : tokConfig.get("added_tokens_decoder");
    if (decoder != null && decoder.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = decoder.fields();
      while (it.hasNext()) {
        JsonNode t = it.next().getValue();
        String c = t.path("content").asText(null);
        if (c == null) {
          continue;
        }
        out.put(c, new SiglipSpTokenizer.SpecialSpec(
            c, t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false), special.contains(c)));
      }
    }
    for (String c : special) {
      // SiglipTokenizer wraps eos/unk/pad strings in AddedToken(lstrip=True, rstrip=True)
      out.putIfAbsent(c, new SiglipSpTokenizer.SpecialSpec(c, true, true, true));
    }
    return new ArrayList<>(out.values());
  }

  private static long tokenId(JsonNode tokenizerJson, String token, Path file) {
    if (tokenizerJson != null) {
      for (JsonNode a : tokenizerJson.path("added_tokens")) {
        if (token.equals(a.path("content").asText(null)) && a.path("id").isIntegralNumber()) {
          return a.get("id").asLong();
        }
      }
      JsonNode vocab = tokenizerJson.path("model").path("vocab");
      if (vocab.isObject() && vocab.path(token).isIntegralNumber()) {
        return vocab.get(token).asLong();
      }
    }
    throw new ModelUnavailableException("Tokenizer " + file + " has no id for its pad token " + token);
  }

  private static JsonNode readOptional(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      if (n == null || !n.isObject()) {
        throw new FormatCorruptException("Tokenizer file " + file + " is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new FormatCorruptException("Tokenizer file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
