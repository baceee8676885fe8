package dev.paracosm.models.clip.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.ConfigurationException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The architecture of a two-tower checkpoint, read from a Hugging Face {@code config.json}
 * ({@code CLIPModel} or {@code SiglipModel}), with the transformers v4.41.2 class defaults filled in
 * for the keys that {@code save_pretrained} omits.
 *
 * @param file the config file it was read from (for messages)
 * @param family CLIP or SigLIP
 * @param nameOrPath {@code _name_or_path} when present, else {@code null}
 * @param text text tower
 * @param vision vision tower
 * @param projectionDim embedding dimension of both towers (CLIP: {@code projection_dim}; SigLIP:
 *     the hidden size)
 */
public record ModelConfig(
    Path file, Family family, String nameOrPath, TextConfig text, VisionConfig vision, int projectionDim) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Activations the towers implement ({@code hidden_act}). */
  public static final Set<String> ACTIVATIONS = Set.of("quick_gelu", "gelu", "gelu_pytorch_tanh", "gelu_new");

  /** Model families. */
  public enum Family {
    /** HF {@code CLIPModel} (OpenAI CLIP, LAION OpenCLIP HF exports). */
    CLIP,
    /** HF {@code SiglipModel} (SigLIP, fixed-resolution SigLIP2 exports). */
    SIGLIP
  }

  /**
   * Transformer encoder hyper-parameters shared by both towers.
   *
   * @param hiddenSize model width
   * @param intermediateSize MLP width
   * @param numLayers number of layers
   * @param numHeads attention heads
   * @param hiddenAct activation name
   * @param layerNormEps LayerNorm epsilon
   */
  public record Encoder(
      int hiddenSize, int intermediateSize, int numLayers, int numHeads, String hiddenAct, double layerNormEps) {
    /** @return per-head width */
    public int headDim() {
      return hiddenSize / numHeads;
    }
  }

  /**
   * Text tower.
   *
   * @param encoder transformer sizes
   * @param vocabSize token vocabulary size
   * @param maxPositions number of position embeddings (context length)
   * @param eosTokenId {@code eos_token_id} (CLIP pooling: 2 selects the legacy argmax rule)
   */
  public record TextConfig(Encoder encoder, int vocabSize, int maxPositions, long eosTokenId) {}

  /**
   * Vision tower.
   *
   * @param encoder transformer sizes
   * @param imageSize input resolution (square)
   * @param patchSize patch size
   * @param numChannels input channels
   */
  public record VisionConfig(Encoder encoder, int imageSize, int patchSize, int numChannels) {
    /** @return patches per side */
    public int gridSize() {
      return imageSize / patchSize;
    }

    /** @return number of patches */
    public int numPatches() {
      return gridSize() * gridSize();
    }
  }

  /**
   * Reads {@code config.json} from a checkpoint directory.
   *
   * @param dir checkpoint directory
   * @return the configuration
   * @throws ModelUnavailableException naming the file if it is missing or unreadable
   * @throws ConfigurationException naming the file if the architecture is unsupported or a value is
   *     invalid
   */
  public static ModelConfig read(Path dir) {
    Path file = dir.resolve("config.json");
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ModelUnavailableException("Checkpoint config " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigurationException("Checkpoint config " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    return parse(file, root);
  }

  /**
   * @param file where the JSON came from (for messages)
   * @param root the parsed {@code config.json}
   * @return the configuration
   */
  public static ModelConfig parse(Path file, JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new ConfigurationException("Checkpoint config " + file + " is not a JSON object");
    }
    Family family = family(file, root);
    JsonNode t = root.path("text_config");
    JsonNode v = root.path("vision_config");
    String nameOrPath = root.hasNonNull("_name_or_path") && !root.get("_name_or_path").asText().isBlank()
        ? root.get("_name_or_path").asText()
        : null;
    if (family == Family.CLIP) {
      Encoder te = encoder(file, "text_config", t, 512, 2048, 12, 8, "quick_gelu", 1e-5);
      Encoder ve = encoder(file, "vision_config", v, 768, 3072, 12, 12, "quick_gelu", 1e-5);
      TextConfig text = new TextConfig(
          te, positive(file, "text_config.vocab_size", t, 49408), positive(file, "text_config.max_position_embeddings", t, 77),
          t.path("eos_token_id").isNumber() ? t.get("eos_token_id").asLong() : 49407L);
      VisionConfig vision = vision(file, v, ve, 224, 32);
      int proj = positive(file, "projection_dim", root, 512);
      return new ModelConfig(file, family, nameOrPath, text, vision, proj);
    }
    Encoder te = encoder(file, "text_config", t, 768, 3072, 12, 12, "gelu_pytorch_tanh", 1e-6);
    Encoder ve = encoder(file, "vision_config", v, 768, 3072, 12, 12, "gelu_pytorch_tanh", 1e-6);
    TextConfig text = new TextConfig(
        te, positive(file, "text_config.vocab_size", t, 32000), positive(file, "text_config.max_position_embeddings", t, 64),
        t.path("eos_token_id").isNumber() ? t.get("eos_token_id").asLong() : 49407L);
    VisionConfig vision = vision(file, v, ve, 224, 16);
    if (te.hiddenSize() != ve.hiddenSize()) {
      throw new ConfigurationException(
          "Checkpoint config " + file + ": SigLIP text hidden_size " + te.hiddenSize()
              + " differs from vision hidden_size " + ve.hiddenSize() + "; the towers must share one embedding space");
    }
    return new ModelConfig(file, family, nameOrPath, text, vision, ve.hiddenSize());
  }

  private static Family family(Path file, JsonNode root) {
    StringBuilder found = new StringBuilder();
    if (root.path("architectures").isArray()) {
      for (JsonNode a : root.get("architectures")) {
        String s = a.asText();
        if (found.length() > 0) {
          found.append(", ");
        }
        found.append(s);
        if (s.equals("CLIPModel")) {
          return Family.CLIP;
        }
        if (s.equals("SiglipModel")) {
          return Family.SIGLIP;
        }
      }
    }
    String modelType = root.path("model_type").asText("");
    if (!root.path("architectures").isArray() || root.get("architectures").isEmpty()) {
      if (modelType.equals("clip")) {
        return Family.CLIP;
      }
      if (modelType.equals("siglip")) {
        return Family.SIGLIP;
      }
    }
    throw new ConfigurationException(
        "Checkpoint config " + file + " describes an unsupported model (architectures [" + found
            + "], model_type '" + modelType + "'); supported: CLIPModel (model_type clip) and SiglipModel"
            + " (model_type siglip)");
  }

  private static Encoder encoder(
      Path file, String where, JsonNode n, int hidden, int inter, int layers, int heads, String act, double eps) {
    int h = positive(file, where + ".hidden_size", n, hidden);
    int nh = positive(file, where + ".num_attention_heads", n, heads);
    if (h % nh != 0) {
      throw new ConfigurationException(
          "Checkpoint config " + file + ": " + where + ".hidden_size " + h + " is not divisible by num_attention_heads "
              + nh);
    }
    String a = n.path("hidden_act").isTextual() ? n.get("hidden_act").asText() : act;
    if (!ACTIVATIONS.contains(a.toLowerCase(Locale.ROOT))) {
      throw new ConfigurationException(
          "Checkpoint config " + file + ": " + where + ".hidden_act '" + a + "' is not supported (supported: "
              + ACTIVATIONS + ")");
    }
    double e = n.path("layer_norm_eps").isNumber() ? n.get("layer_norm_eps").asDouble() : eps;
    if (!(e > 0)) {
      throw new ConfigurationException("Checkpoint config " + file + ": " + where + ".layer_norm_eps must be > 0, got " + e);
    }
    return new Encoder(
        h, positive(file, where + ".intermediate_size", n, inter), positive(file, where + ".num_hidden_layers", n, layers),
        nh, a.toLowerCase(Locale.ROOT), e);
  }

  private static VisionConfig vision(Path file, JsonNode v, Encoder enc, int imageSize, int patchSize) {
    int img = positive(file, "vision_config.image_size", v, imageSize);
    int patch = positive(file, "vision_config.patch_size", v, patchSize);
    if (img % patch != 0) {
      throw new ConfigurationException(
          "Checkpoint config " + file + ": vision_config.image_size " + img + " is not a multiple of patch_size " + patch);
    }
    return new VisionConfig(enc, img, patch, positive(file, "vision_config.num_channels", v, 3));
  }

  private static int positive(Path file, String key, JsonNode n, int def) {
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    JsonNode x = n.path(leaf);
    if (x.isMissingNode() || x.isNull()) {
      return def;
    }
    if (!x.canConvertToInt() || x.asInt() <= 0) {
      throw new ConfigurationException("Checkpoint config " + file + ": " + key + " must be a positive integer, got " + x);
    }
    return x.asInt();
  }
}
