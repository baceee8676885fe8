package dev.paracosm.eval.cli;

import dev.paracosm.role.Encoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** Runs the CLI in process with captured output, a fake environment and an injectable encoder. */
final class CliHarness {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final Map<String, String> env = new HashMap<>();
  BiFunction<String, Map<String, String>, Encoder> encoders =
      (spec, opts) -> { throw new dev.paracosm.ConfigurationException("no encoder in this test: " + spec); };
  boolean terminal;
  CliContext.GenerativeFactory generative = CliContext.PROVIDERS;

  int run(String... args) {
    CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env::get, terminal,
        (spec, opts) -> encoders.apply(spec, opts), generative);
    return ParacosmCli.execute(ctx, args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }
}
