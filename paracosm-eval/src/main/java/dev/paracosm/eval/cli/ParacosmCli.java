package dev.paracosm.eval.cli;

import dev.paracosm.BenchmarkDataException;
import dev.paracosm.ConfigurationException;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.GenerationFailedException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.ModelUnavailableException;
import dev.paracosm.ParacosmException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code paracosm} command line: index a gallery, search it with a composed query, evaluate on
 * the CIR benchmarks, run experiment sweeps, render reports, validate test-server submissions, and
 * run the bundled demo. Run {@code paracosm --help} or {@code paracosm <command> --help}.
 */
@Command(
    name = "paracosm",
    mixinStandardHelpOptions = true,
    versionProvider = ParacosmCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Training-free zero-shot composed image retrieval: find gallery images that look like a reference image "
          + "changed as a text says (\"the same dress but red\").",
      "",
      "New here? Run @|bold paracosm demo|@ first: it indexes a small bundled gallery and runs a few composed queries."
    },
    subcommands = {
      IndexCommand.class,
      SearchCommand.class,
      EvalCommand.class,
      SweepCommand.class,
      ReportCommand.class,
      ValidateSubmissionCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  PARACOSM_ENCODER        default --encoder, e.g. hf:openai/clip-vit-base-patch32",
      "                          or dir:/models/clip",
      "  PARACOSM_CAPTIONER      default --captioner (multimodal LLM endpoint spec)",
      "  PARACOSM_IMAGE_EDITOR   default --image-editor",
      "  PARACOSM_TEXT_TO_IMAGE  default --text-to-image",
      "  PARACOSM_INDEX_DIR      default --index-dir (./paracosm-index)",
      "  PARACOSM_CACHE_DIR      default --cache-dir (<index-dir>/artifacts)",
      "",
      "Examples:",
      "  paracosm demo",
      "  paracosm index photos/ --index-dir idx",
      "  paracosm search --index-dir idx --image ref.jpg --text \"but red\" -k 5",
      "  paracosm eval --dataset cirr --data-root /data/CIRR \\",
      "      --mode baseline_image_only",
      "  paracosm sweep lambda_sweep.yaml --data-root /data/CIRR \\",
      "      --results out/lambda.jsonl",
      "  paracosm report out/lambda.jsonl --out out/report",
      "",
      "Exit codes:",
      "  0 success             1 internal error       2 bad command-line usage",
      "  3 invalid input       4 configuration error  5 model unavailable",
      "  6 generation failed   7 corrupt file format  8 benchmark data problem",
      "  9 other Paracosm error                      10 submission has violations"
    })
public final class ParacosmCli {
  /** Exit code: success. */
  public static final int OK = 0;
  /** Exit code: an unexpected internal error (a bug; rerun with --verbose and report it). */
  public static final int INTERNAL_ERROR = 1;
  /** Exit code: bad command-line usage (unknown option, missing argument). */
  public static final int USAGE = 2;
  /** Exit code: {@link InvalidInputException}. */
  public static final int INVALID_INPUT = 3;
  /** Exit code: {@link ConfigurationException}. */
  public static final int CONFIGURATION = 4;
  /** Exit code: {@link ModelUnavailableException}. */
  public static final int MODEL_UNAVAILABLE = 5;
  /** Exit code: {@link GenerationFailedException}. */
  public static final int GENERATION_FAILED = 6;
  /** Exit code: {@link FormatCorruptException}. */
  public static final int FORMAT_CORRUPT = 7;
  /** Exit code: {@link BenchmarkDataException}. */
  public static final int BENCHMARK_DATA = 8;
  /** Exit code: another {@link ParacosmException}. */
  public static final int OTHER_PARACOSM = 9;
  /** Exit code: validate-submission found violations. */
  public static final int INVALID_SUBMISSION = 10;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Print stack traces on errors and debug details.")
  boolean verbose;

  @Option(names = "--progress", scope = ScopeType.INHERIT, paramLabel = "WHEN", defaultValue = "auto",
      description = "Progress display: auto (a bar on a terminal, periodic lines otherwise), bar, lines, none. "
          + "Default: ${DEFAULT-VALUE}.")
  String progress;

  final CliContext context;

  ParacosmCli(CliContext context) {
    this.context = context;
  }

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(execute(CliContext.system(), args));
  }

  /**
   * Runs the CLI without exiting.
   *
   * @param args command-line arguments
   * @return the exit code
   */
  public static int run(String... args) {
    return execute(CliContext.system(), args);
  }

  static int execute(CliContext context, String... args) {
    return commandLine(context).execute(args);
  }

  static CommandLine commandLine(CliContext context) {
    ParacosmCli top = new ParacosmCli(context);
    CommandLine cl = new CommandLine(top, new Factory(top));
    cl.setOut(context.out);
    cl.setErr(context.err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpWidth(120);
    cl.setExitCodeExceptionMapper(ParacosmCli::exitCode);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      context.err.println("paracosm: " + oneLine(ex.getMessage()) + " (see 'paracosm "
          + (c.getCommandName().equals("paracosm") ? "" : c.getCommandName() + " ") + "--help')");
      context.err.flush();
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      context.err.println("paracosm: " + describe(ex));
      if (top.verbose) {
        StringWriter sw = new StringWriter();
        ex.printStackTrace(new PrintWriter(sw));
        context.err.print(sw);
      }
      context.err.flush();
      return exitCode(ex);
    });
    return cl;
  }

  static String describe(Throwable ex) {
    String m = ex.getMessage();
    if (ex instanceof ParacosmException) {
      return oneLine(m == null ? ex.getClass().getSimpleName() : m);
    }
    return "internal error: " + ex.getClass().getSimpleName() + (m == null ? "" : ": " + oneLine(m))
        + " (rerun with --verbose for the stack trace)";
  }

  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof InvalidInputException) {
      return INVALID_INPUT;
    }
    if (ex instanceof ConfigurationException) {
      return CONFIGURATION;
    }
    if (ex instanceof ModelUnavailableException) {
      return MODEL_UNAVAILABLE;
    }
    if (ex instanceof GenerationFailedException) {
      return GENERATION_FAILED;
    }
    if (ex instanceof FormatCorruptException) {
      return FORMAT_CORRUPT;
    }
    if (ex instanceof BenchmarkDataException) {
      return BENCHMARK_DATA;
    }
    if (ex instanceof ParacosmException) {
      return OTHER_PARACOSM;
    }
    return INTERNAL_ERROR;
  }

  /** A progress listener per {@code --progress}, or a silent one. */
  ProgressBar progress(String label) {
    String p = progress == null ? "auto" : progress.toLowerCase(java.util.Locale.ROOT);
    boolean bar = switch (p) {
      case "bar" -> true;
      case "lines" -> false;
      case "none" -> false;
      case "auto" -> context.terminal;
      default -> throw new InvalidInputException("--progress must be auto, bar, lines or none, got '" + progress + "'");
    };
    if (p.equals("none")) {
      return new ProgressBar(new PrintWriter(java.io.Writer.nullWriter()), false, label, 1000, System::nanoTime);
    }
    return new ProgressBar(context.err, bar, label, 5000, System::nanoTime);
  }

  /** Creates subcommands with a reference to the top command (context, shared options). */
  private static final class Factory implements CommandLine.IFactory {
    private final ParacosmCli top;

    Factory(ParacosmCli top) {
      this.top = top;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (SubCommand.class.isAssignableFrom(cls)) {
        K k = cls.getDeclaredConstructor().newInstance();
        ((SubCommand) k).top = top;
        return k;
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** Base of the subcommands: access to the context and shared options. */
  abstract static class SubCommand implements java.util.concurrent.Callable<Integer> {
    ParacosmCli top;

    PrintWriter out() {
      return top.context.out;
    }

    PrintWriter err() {
      return top.context.err;
    }
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ParacosmCli.class.getPackage().getImplementationVersion();
      return new String[] {"paracosm " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
