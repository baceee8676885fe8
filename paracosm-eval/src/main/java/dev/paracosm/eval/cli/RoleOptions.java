package dev.paracosm.eval.cli;

import dev.paracosm.ConfigurationException;
import dev.paracosm.Paracosm;
import dev.paracosm.role.Encoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that build a pipeline: role specs, index and cache directories. */
final class RoleOptions {
  @Option(names = "--encoder", paramLabel = "SPEC",
      description = "Encoder spec: hf:<repo> (Hugging Face, cached), dir:<folder> (local checkpoint). "
          + "Default: $PARACOSM_ENCODER.")
  String encoder;

  @Option(names = "--captioner", paramLabel = "SPEC",
      description = "Multimodal LLM spec (descriptions, PEFUSE composition). Default: $PARACOSM_CAPTIONER.")
  String captioner;

  @Option(names = "--image-editor", paramLabel = "SPEC",
      description = "Image editor spec (mental image, PEFUSE edit). Default: $PARACOSM_IMAGE_EDITOR.")
  String imageEditor;

  @Option(names = "--text-to-image", paramLabel = "SPEC",
      description = "Text-to-image spec (synthetic counterparts). Default: $PARACOSM_TEXT_TO_IMAGE.")
  String textToImage;

  @Option(names = "--index-dir", paramLabel = "DIR",
      description = "Gallery index directory. Default: $PARACOSM_INDEX_DIR or ./paracosm-index.")
  Path indexDir;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Cache of generated artifacts. Default: $PARACOSM_CACHE_DIR or <index-dir>/artifacts.")
  Path cacheDir;

  @Option(names = "--provider-option", paramLabel = "KEY=VALUE",
      description = "Option passed to role providers (repeatable), e.g. device=cpu.")
  Map<String, String> providerOptions = new LinkedHashMap<>();

  /**
   * @param ctx context (for the environment)
   * @param fallback spec used when neither the option nor the environment names one, or {@code null}
   * @return the encoder spec
   * @throws ConfigurationException if there is none
   */
  String encoderSpec(CliContext ctx, String fallback) {
    String spec = encoder != null ? encoder : ctx.env.apply("PARACOSM_ENCODER");
    if (spec == null) {
      spec = fallback;
    }
    if (spec == null) {
      throw new ConfigurationException("No encoder configured: pass --encoder SPEC or set PARACOSM_ENCODER "
          + "(e.g. hf:openai/clip-vit-base-patch32 or dir:/path/to/clip)");
    }
    return spec;
  }

  String captionerSpec(CliContext ctx) {
    return captioner != null ? captioner : ctx.env.apply("PARACOSM_CAPTIONER");
  }

  String imageEditorSpec(CliContext ctx) {
    return imageEditor != null ? imageEditor : ctx.env.apply("PARACOSM_IMAGE_EDITOR");
  }

  String textToImageSpec(CliContext ctx) {
    return textToImage != null ? textToImage : ctx.env.apply("PARACOSM_TEXT_TO_IMAGE");
  }

  Path indexDirectory(CliContext ctx, Path fallback) {
    if (indexDir != null) {
      return indexDir;
    }
    String e = ctx.env.apply("PARACOSM_INDEX_DIR");
    return e != null ? Path.of(e) : fallback;
  }

  Path cacheDirectory(CliContext ctx, Path fallback) {
    if (cacheDir != null) {
      return cacheDir;
    }
    String e = ctx.env.apply("PARACOSM_CACHE_DIR");
    return e != null ? Path.of(e) : fallback;
  }

  /**
   * @param ctx context
   * @param encoderInstance the encoder (owned by the caller)
   * @return a pipeline builder with every role and directory set from options and environment
   */
  Paracosm.Builder builder(CliContext ctx, Encoder encoderInstance) {
    Path idx = indexDirectory(ctx, Path.of("paracosm-index"));
    Paracosm.Builder b = Paracosm.builder().encoder(encoderInstance).indexDirectory(idx)
        .artifactDirectory(cacheDirectory(ctx, idx.resolve("artifacts"))).providerOptions(providerOptions);
    if (captionerSpec(ctx) != null) {
      b.captioner(captionerSpec(ctx));
    }
    if (imageEditorSpec(ctx) != null) {
      b.imageEditor(imageEditorSpec(ctx));
    }
    if (textToImageSpec(ctx) != null) {
      b.textToImage(textToImageSpec(ctx));
    }
    return b;
  }
}
