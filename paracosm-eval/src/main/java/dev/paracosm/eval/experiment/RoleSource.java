package dev.paracosm.eval.experiment;

import dev.paracosm.role.Captioner;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.Providers;
import dev.paracosm.role.TextToImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the runner gets its roles: instances created once per run from spec strings (through the
 * providers on the classpath), with {@code PARACOSM_CAPTIONER}, {@code PARACOSM_IMAGE_EDITOR} and
 * {@code PARACOSM_TEXT_TO_IMAGE} as fallbacks. Closes what it created.
 */
class RoleSource implements AutoCloseable {
  private final ExperimentConfig.RoleSpecs specs;
  private final Map<String, String> options;
  private final Function<String, String> env;
  private final Map<String, Encoder> encoders = new HashMap<>();
  private final List<AutoCloseable> created = new ArrayList<>();
  private Captioner captioner;
  private ImageEditor imageEditor;
  private TextToImage textToImage;
  private boolean generativeResolved;

  RoleSource(ExperimentConfig.RoleSpecs specs, Map<String, String> options, Function<String, String> env) {
    this.specs = specs;
    this.options = options;
    this.env = env;
  }

  /** @return the encoder for a spec (one instance per spec per run) */
  synchronized Encoder encoder(String spec) {
    return encoders.computeIfAbsent(spec, s -> {
      Encoder e = createEncoder(s);
      created.add(e);
      return e;
    });
  }

  Encoder createEncoder(String spec) {
    return Providers.encoder(spec, options);
  }

  /** @return the captioner, or {@code null} if none is configured */
  synchronized Captioner captioner() {
    resolveGenerative();
    return captioner;
  }

  /** @return the image editor, or {@code null} */
  synchronized ImageEditor imageEditor() {
    resolveGenerative();
    return imageEditor;
  }

  /** @return the text-to-image model, or {@code null} */
  synchronized TextToImage textToImage() {
    resolveGenerative();
    return textToImage;
  }

  private void resolveGenerative() {
    if (generativeResolved) {
      return;
    }
    generativeResolved = true;
    String c = first(specs.captioner(), env.apply("PARACOSM_CAPTIONER"));
    String e = first(specs.imageEditor(), env.apply("PARACOSM_IMAGE_EDITOR"));
    String t = first(specs.textToImage(), env.apply("PARACOSM_TEXT_TO_IMAGE"));
    if (c != null) {
      captioner = Providers.captioner(c, options);
      created.add(captioner);
    }
    if (e != null) {
      imageEditor = Providers.imageEditor(e, options);
      created.add(imageEditor);
    }
    if (t != null) {
      textToImage = Providers.textToImage(t, options);
      created.add(textToImage);
    }
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable c : created) {
      try {
        c.close();
      } catch (Exception ex) {
        org.slf4j.LoggerFactory.getLogger(RoleSource.class).warn("Closing {} failed: {}", c, ex.toString());
      }
    }
    created.clear();
  }

  /** A source over given instances (tests, embedding); nothing is closed. */
  static RoleSource of(Function<String, Encoder> encoders, Captioner captioner, ImageEditor imageEditor,
      TextToImage textToImage) {
    return new RoleSource(new ExperimentConfig.RoleSpecs(null, null, null), Map.of(), k -> null) {
      @Override
      synchronized Encoder encoder(String spec) {
        return encoders.apply(spec);
      }

      @Override
      synchronized Captioner captioner() {
        return captioner;
      }

      @Override
      synchronized ImageEditor imageEditor() {
        return imageEditor;
      }

      @Override
      synchronized TextToImage textToImage() {
        return textToImage;
      }
    };
  }
}
