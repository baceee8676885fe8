package dev.paracosm.eval.cli;

import dev.paracosm.eval.experiment.ExperimentConfig;
import dev.paracosm.eval.experiment.ExperimentGrid;
import dev.paracosm.eval.experiment.ExperimentPoint;
import java.util.List;
import dev.paracosm.eval.experiment.ExperimentRunner;
import dev.paracosm.eval.experiment.RunSummary;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code paracosm sweep}: run an experiment config into a JSONL results file plus a compute report. */
@Command(name = "sweep", sortOptions = false, mixinStandardHelpOptions = true,
    header = "Run an experiment config into a JSONL results file.",
    description = {"Run every point of an experiment config (modes × encoders × λ × ablations × generation settings).",
        "Each gallery is indexed once per encoder and generation setting and every query encoded once, so λ sweeps "
            + "and ablations cost no regeneration. Results are appended to a JSONL file (one line per point, fsynced);",
        "rerunning skips the points already there. A compute report (<results>.compute.md/.json) is written next to it."},
    footerHeading = "%nExamples:%n",
    footer = {"  paracosm sweep lambda_sweep.yaml --data-root /data/CIRR --results out/lambda.jsonl",
        "  paracosm sweep ablation_table5.yaml --data-root /data/CIRCO --limit 20   # a quick smoke run",
        "  paracosm sweep ablation_table5 --data-root /data/CIRCO   # a bundled config by name",
        "  paracosm sweep pefuse_table_sampling --dry-run            # list the grid without running it",
        "Bundled configs reproduce the papers' tables; docs/evaluation.md maps each table to its config."})
final class SweepCommand extends ParacosmCli.SubCommand {
  @Parameters(paramLabel = "CONFIG", description = "Experiment config file (YAML or JSON), or the name of a bundled "
      + "config: ${COMPLETION-CANDIDATES}.", completionCandidates = BundledConfigs.class)
  String config;

  @Option(names = "--dry-run", description = "List the grid's points (one key per line) without running anything.")
  boolean dryRun;

  @Mixin ExperimentOptions experiment;
  @Mixin RoleOptions roles;

  @Override
  public Integer call() {
    ExperimentConfig c = experiment.apply(ExperimentConfig.resolve(config), top.context, roles);
    if (dryRun) {
      List<String> subsets = !c.subsets().isEmpty() ? c.subsets()
          : c.dataset().equals("fashioniq") ? List.of("dress", "shirt", "toptee")
          : c.dataset().equals("genecis") ? List.of("focus_attribute", "change_attribute", "focus_object", "change_object")
          : java.util.Collections.singletonList(null);
      List<String> encoders = !c.encoders().isEmpty() ? c.encoders()
          : List.of(roles.encoderSpec(top.context, null));
      List<ExperimentPoint> points = ExperimentGrid.expand(c, subsets, encoders);
      points.forEach(p -> out().println(p.key()));
      out().printf("%d points%n", points.size());
      return ParacosmCli.OK;
    }
    Path results = experiment.results != null ? experiment.results : Path.of("results", c.name() + ".jsonl");
    RunSummary s = experiment.run(top, c, results, roles, null);
    out().printf("%d points: %d evaluated, %d already in %s%n", s.points(), s.ran(), s.skipped(), s.resultsFile());
    out().println("Compute report: " + s.computeReportFile());
    return ParacosmCli.OK;
  }

  /** Names of the bundled configs, for the help text. */
  static final class BundledConfigs implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return ExperimentConfig.bundledNames().iterator();
    }
  }

  /** Options shared by sweep and eval. */
  static final class ExperimentOptions {
    @Option(names = "--data-root", paramLabel = "DIR", description = "Benchmark root directory (overrides the config).")
    Path dataRoot;

    @Option(names = "--results", paramLabel = "FILE",
        description = "JSONL results file (appended; points already there are skipped). Default: results/<name>.jsonl.")
    Path results;

    @Option(names = "--work-dir", paramLabel = "DIR",
        description = "Indexes, artifact cache and example images. Default: <results dir>/<name>-work.")
    Path workDir;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N queries (smoke runs).")
    Integer limit;

    ExperimentConfig apply(ExperimentConfig c, CliContext ctx, RoleOptions roles) {
      ExperimentConfig out = c;
      if (dataRoot != null) {
        out = out.withDataRoot(dataRoot);
      }
      if (limit != null) {
        out = out.withLimit(limit);
      }
      if (roles.encoder != null) {
        out = out.withEncoders(java.util.List.of(roles.encoder));
      }
      return out;
    }

    RunSummary run(ParacosmCli top, ExperimentConfig c, Path resultsFile, RoleOptions roles,
        dev.paracosm.eval.experiment.RankingListener listener) {
      CliContext ctx = top.context;
      Map<String, String> opts = Map.copyOf(roles.providerOptions);
      ProgressBar points = top.progress("points");
      ProgressBar index = top.progress("index");
      ProgressBar queries = top.progress("queries");
      ExperimentConfig.RoleSpecs fromConfig = c.roles();
      RoleOptions merged = roles.withFallbacks(fromConfig);
      RoleOptions.Opened generative = merged.open(ctx);
      ExperimentRunner.Builder b = ExperimentRunner.builder().config(c).resultsFile(resultsFile).workDirectory(workDir)
          .progress(points).indexProgress(index).queryProgress(queries).providerOptions(opts)
          .generativeRoles(generative.captioner, generative.imageEditor, generative.textToImage)
          .encoderFactory(spec -> ctx.encoderFactory.apply(spec, opts))
          .indexBaseDirectory(roles.indexDirectory(ctx, null))
          .artifactDirectory(roles.cacheDirectory(ctx, null));
      if (listener != null) {
        b.rankingListener(listener);
      }
      try {
        return b.build().run();
      } finally {
        generative.close();
        points.close();
        index.close();
        queries.close();
      }
    }
  }
}
