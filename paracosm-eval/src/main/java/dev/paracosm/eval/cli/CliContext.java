package dev.paracosm.eval.cli;

import dev.paracosm.role.Captioner;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.TextToImage;
import dev.paracosm.role.Providers;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the commands read from and write to: output streams, the environment, whether stderr is a
 * terminal, and how encoders are created (a seam so tests can inject an in-process encoder).
 */
final class CliContext {
  final PrintWriter out;
  final PrintWriter err;
  final Function<String, String> env;
  final boolean terminal;
  final BiFunction<String, Map<String, String>, Encoder> encoderFactory;
  final GenerativeFactory generative;

  /** Creates generative roles from spec strings (the providers on the classpath, or test doubles). */
  interface GenerativeFactory {
    Captioner captioner(String spec, Map<String, String> options);

    ImageEditor imageEditor(String spec, Map<String, String> options);

    TextToImage textToImage(String spec, Map<String, String> options);
  }

  /** The providers on the classpath. */
  static final GenerativeFactory PROVIDERS = new GenerativeFactory() {
    @Override
    public Captioner captioner(String spec, Map<String, String> options) {
      return Providers.captioner(spec, options);
    }

    @Override
    public ImageEditor imageEditor(String spec, Map<String, String> options) {
      return Providers.imageEditor(spec, options);
    }

    @Override
    public TextToImage textToImage(String spec, Map<String, String> options) {
      return Providers.textToImage(spec, options);
    }
  };

  CliContext(PrintWriter out, PrintWriter err, Function<String, String> env, boolean terminal,
      BiFunction<String, Map<String, String>, Encoder> encoderFactory, GenerativeFactory generative) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.terminal = terminal;
    this.encoderFactory = encoderFactory;
    this.generative = generative;
  }

  static CliContext system() {
    return new CliContext(new PrintWriter(System.out, true), new PrintWriter(System.err, true), CliContext::setting,
        System.console() != null, Providers::encoder, PROVIDERS);
  }

  /** Reads {@code paracosm.x.y} system property, then {@code PARACOSM_X_Y} env. */
  static String setting(String envName) {
    String prop = envName.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    String v = System.getProperty(prop);
    if (v == null || v.isBlank()) {
      v = System.getenv(envName);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }
}
