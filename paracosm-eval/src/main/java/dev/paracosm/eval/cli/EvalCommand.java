package dev.paracosm.eval.cli;

import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.experiment.ExperimentConfig;
import dev.paracosm.eval.experiment.ExperimentPoint;
import dev.paracosm.eval.experiment.ResultRecord;
import dev.paracosm.eval.experiment.ResultsLog;
import dev.paracosm.eval.experiment.RunSummary;
import dev.paracosm.eval.report.ResultTable;
import dev.paracosm.fusion.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code paracosm eval}: evaluate one benchmark point (or a config) and print its metrics. */
@Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
    header = "Evaluate on CIRR, CIRCO, FashionIQ or GeneCIS and print the metrics.",
    description = {"Evaluate on a benchmark (CIRR, CIRCO, FashionIQ, GeneCIS) with the official metrics and print them.",
        "Give --dataset and --data-root for one point, or --config for a whole experiment. On test splits (no public "
            + "ground truth) use --submission to write the test-server files."},
    footerHeading = "%nExamples:%n",
    footer = {"  paracosm eval --dataset cirr --data-root /data/CIRR --mode baseline_image_only",
        "  paracosm eval --dataset fashioniq --data-root /data/FashionIQ --subset dress --mode paracosm --lambda 0.3",
        "  paracosm eval --dataset cirr --data-root /data/CIRR --split test1 --submission out/cirr-sub",
        "  paracosm eval --config paracosm_table1_cirr.yaml --data-root /data/CIRR --limit 50"})
final class EvalCommand extends ParacosmCli.SubCommand {
  @Option(names = "--config", paramLabel = "FILE", description = "Experiment config instead of the single-point options.")
  String config;

  @Option(names = "--dataset", paramLabel = "NAME", description = "cirr, circo, fashioniq or genecis.")
  String dataset;

  @Option(names = "--split", paramLabel = "SPLIT",
      description = "Split: cirr val|test1, circo val|test, fashioniq val|test, genecis v0. Default: val (v0).")
  String split;

  @Option(names = "--subset", paramLabel = "NAME", split = ",",
      description = "FashionIQ categories or GeneCIS tasks (default: all).")
  List<String> subsets = new ArrayList<>();

  @Option(names = "-k", paramLabel = "K", defaultValue = "50", description = "Ranking depth. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--submission", paramLabel = "DIR",
      description = "Write CIRR (recall, recall_subset) or CIRCO test-server submission files into DIR.")
  Path submission;

  @Mixin FusionOptions fusion;
  @Mixin SweepCommand.ExperimentOptions experiment;
  @Mixin RoleOptions roles;

  @Override
  public Integer call() {
    ExperimentConfig c;
    if (config != null) {
      c = ExperimentConfig.resolve(config);
    } else {
      if (dataset == null) {
        throw new InvalidInputException("Give --dataset (cirr, circo, fashioniq, genecis) or --config");
      }
      String d = dataset.toLowerCase(Locale.ROOT);
      if (!ExperimentConfig.DATASETS.contains(d)) {
        throw new InvalidInputException("--dataset must be one of " + ExperimentConfig.DATASETS + ", got '" + dataset + "'");
      }
      Mode m = fusion.mode();
      c = new ExperimentConfig("eval-" + d, d, null, split != null ? split : d.equals("genecis") ? "v0" : "val",
          subsets, List.of(m), List.of(), List.of(fusion.lambda), fusion.profile == null ? null
              : fusion.profile(null), null, k, null, 0, List.of(), null, null);
    }
    c = experiment.apply(c, top.context, roles);
    Path results = experiment.results != null ? experiment.results
        : Path.of("results", c.name() + ".jsonl");
    Map<ExperimentPoint, Map<String, List<String>>> rankings = new LinkedHashMap<>();
    RunSummary s = experiment.run(top, c, results, roles, submission == null ? null : rankings::put);
    String name = c.name();
    List<ResultRecord> mine = ResultsLog.read(results).stream().filter(r -> name.equals(r.experiment())).toList();
    out().print(ResultTable.of(mine).toMarkdown());
    for (ResultRecord r : mine) {
      if (r.failedQueries() > 0) {
        err().printf("warning: %s: %d of %d queries failed and count as misses%n", r.datasetName(), r.failedQueries(),
            r.queries());
      }
    }
    if (s.skipped() > 0) {
      err().printf("note: %d point(s) were already in %s and were not rerun%n", s.skipped(), results);
    }
    if (submission != null) {
      Set<String> written = Submissions.write(c, rankings, submission);
      written.forEach(f -> out().println("Submission: " + f));
      if (written.isEmpty()) {
        err().println("note: no submission written (no point was evaluated in this run; use a fresh --results file)");
      }
    }
    out().println("Results: " + results.toAbsolutePath() + " (" + mine.stream().map(ResultRecord::key)
        .collect(Collectors.toSet()).size() + " points)");
    return ParacosmCli.OK;
  }
}
