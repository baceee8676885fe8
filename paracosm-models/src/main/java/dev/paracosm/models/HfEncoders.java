package dev.paracosm.models;

import dev.paracosm.ConfigurationException;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.clip.DjlClipEncoder;
import dev.paracosm.models.clip.Precision;
import dev.paracosm.models.hub.ModelSources;
import dev.paracosm.models.preprocess.ImagePreprocessor;
import dev.paracosm.models.preprocess.PreprocessOptions;
import dev.paracosm.models.tokenize.TextTokenizer;
import dev.paracosm.role.Encoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a CLIP / OpenCLIP / SigLIP encoder from a Hugging Face checkpoint spec: {@code
 * hf:org/name[@revision]} (downloaded into the shared Hugging Face cache) or {@code dir:/path}.
 *
 * <p>Options: {@code device} ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}), {@code
 * precision} ({@code fp32}, {@code fp16}, {@code bf16}; half precision only on a GPU), {@code
 * batch} (micro-batch size), {@code target_pad} ({@code true} for Paracosm's TargetPad 1.25
 * preprocessing of method.md §1.1).
 */
public final class HfEncoders {
  /** Files every checkpoint needs. */
  public static final List<String> REQUIRED_FILES =
      List.of("config.json", "model.safetensors", "preprocessor_config.json");
  /** Tokenizer files fetched when the repository has them. */
  public static final List<String> OPTIONAL_FILES = List.of("tokenizer.json", "tokenizer_config.json",
      "special_tokens_map.json", "vocab.json", "merges.txt", "spiece.model");
  private static final Set<String> OPTIONS = Set.of("device", "precision", "batch", "target_pad");

  private HfEncoders() {}

  /**
   * @param spec {@code hf:org/name[@revision]} or {@code dir:/path}
   * @return the encoder (close it)
   */
  public static Encoder load(String spec) {
    return load(spec, Map.of());
  }

  /**
   * @param spec {@code hf:org/name[@revision]} or {@code dir:/path}
   * @param options see the class documentation
   * @return the encoder (close it)
   * @throws dev.paracosm.ModelUnavailableException if the checkpoint cannot be found or downloaded
   * @throws ConfigurationException for an unknown option
   */
  public static Encoder load(String spec, Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new ConfigurationException("Unknown encoder option '" + key + "' for " + spec + "; known: "
            + OPTIONS);
      }
    }
    Path dir = ModelSources.resolve(spec, REQUIRED_FILES, OPTIONAL_FILES);
    PreprocessOptions pre = Boolean.parseBoolean(options.getOrDefault("target_pad", "false"))
        ? PreprocessOptions.withTargetPad() : PreprocessOptions.defaults();
    ImagePreprocessor preprocessor = ImagePreprocessor.fromConfig(dir.resolve("preprocessor_config.json"), pre);
    TextTokenizer tokenizer = TextTokenizer.load(dir);
    try {
      DjlClipEncoder.Builder b = DjlClipEncoder.builder(dir).imagePreprocessor(preprocessor).textTokenizer(tokenizer)
          .modelId(spec + (pre.targetPad() ? "+targetpad" : ""));
      if (options.containsKey("device")) {
        b.device(options.get("device"));
      }
      if (options.containsKey("precision")) {
        b.precision(precision(options.get("precision")));
      }
      if (options.containsKey("batch")) {
        b.microBatchSize(Integer.parseInt(options.get("batch")));
      }
      return new TokenizerOwningEncoder(b.build(), tokenizer);
    } catch (NumberFormatException e) {
      tokenizer.close();
      throw new ConfigurationException("Encoder option batch must be an integer, got '" + options.get("batch") + "'");
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  private static Precision precision(String s) {
    try {
      return Precision.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Encoder option precision must be fp32, fp16 or bf16, got '" + s + "'");
    }
  }

  /** Closes the tokenizer together with the encoder. */
  private static final class TokenizerOwningEncoder implements Encoder {
    private final DjlClipEncoder delegate;
    private final TextTokenizer tokenizer;

    TokenizerOwningEncoder(DjlClipEncoder delegate, TextTokenizer tokenizer) {
      this.delegate = delegate;
      this.tokenizer = tokenizer;
    }

    @Override
    public String modelId() {
      return delegate.modelId();
    }

    @Override
    public int dimension() {
      return delegate.dimension();
    }

    @Override
    public float[] encodeImage(ImageData image) {
      return delegate.encodeImage(image);
    }

    @Override
    public float[] encodeText(String text) {
      return delegate.encodeText(text);
    }

    @Override
    public List<float[]> encodeImages(List<ImageData> images) {
      return delegate.encodeImages(images);
    }

    @Override
    public List<float[]> encodeTexts(List<String> texts) {
      return delegate.encodeTexts(texts);
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        tokenizer.close();
      }
    }

    @Override
    public String toString() {
      return "Encoder[" + delegate.modelId() + "]";
    }
  }
}
