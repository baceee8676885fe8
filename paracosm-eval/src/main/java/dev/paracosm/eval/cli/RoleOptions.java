package dev.paracosm.eval.cli;

import dev.paracosm.ConfigurationException;
import dev.paracosm.Paracosm;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.TextToImage;
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
   * @param config role specs of an experiment config
   * @return a copy whose unset generative specs fall back to the config's (options and environment win)
   */
  RoleOptions withFallbacks(dev.paracosm.eval.experiment.ExperimentConfig.RoleSpecs config) {
    RoleOptions r = new RoleOptions();
    r.encoder = encoder;
    r.captioner = captioner != null ? captioner : config.captioner();
    r.imageEditor = imageEditor != null ? imageEditor : config.imageEditor();
    r.textToImage = textToImage != null ? textToImage : config.textToImage();
    r.indexDir = indexDir;
    r.cacheDir = cacheDir;
    r.providerOptions = providerOptions;
    return r;
  }

  /** The generative roles named by options or environment, created once and closed together. */
  static final class Opened implements AutoCloseable {
    final Captioner captioner;
    final ImageEditor imageEditor;
    final TextToImage textToImage;

    Opened(Captioner captioner, ImageEditor imageEditor, TextToImage textToImage) {
      this.captioner = captioner;
      this.imageEditor = imageEditor;
      this.textToImage = textToImage;
    }

    @Override
    public void close() {
      for (AutoCloseable c : new AutoCloseable[] {captioner, imageEditor, textToImage}) {
        if (c != null) {
          try {
            c.close();
          } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RoleOptions.class).warn("Closing {} failed: {}", c, e.toString());
          }
        }
      }
    }
  }

  /**
   * @param ctx context
   * @return the generative roles that are configured (absent ones are {@code null})
   */
  Opened open(CliContext ctx) {
    Map<String, String> opts = Map.copyOf(providerOptions);
    Captioner c = captionerSpec(ctx) == null ? null : ctx.generative.captioner(captionerSpec(ctx), opts);
    ImageEditor e = null;
    TextToImage t = null;
    try {
      e = imageEditorSpec(ctx) == null ? null : ctx.generative.imageEditor(imageEditorSpec(ctx), opts);
      t = textToImageSpec(ctx) == null ? null : ctx.generative.textToImage(textToImageSpec(ctx), opts);
    } catch (RuntimeException ex) {
      new Opened(c, e, t).close();
      throw ex;
    }
    return new Opened(c, e, t);
  }

  /**
   * @param ctx context
   * @param encoderInstance the encoder (owned by the caller)
   * @param roles the generative roles (owned by the caller)
   * @return a pipeline builder with every role and directory set from options and environment
   */
  Paracosm.Builder builder(CliContext ctx, Encoder encoderInstance, Opened roles) {
    Path idx = indexDirectory(ctx, Path.of("paracosm-index"));
    Paracosm.Builder b = Paracosm.builder().encoder(encoderInstance).indexDirectory(idx)
        .artifactDirectory(cacheDirectory(ctx, idx.resolve("artifacts"))).providerOptions(providerOptions);
    if (roles.captioner != null) {
      b.captioner(roles.captioner);
    }
    if (roles.imageEditor != null) {
      b.imageEditor(roles.imageEditor);
    }
    if (roles.textToImage != null) {
      b.textToImage(roles.textToImage);
    }
    return b;
  }
}
