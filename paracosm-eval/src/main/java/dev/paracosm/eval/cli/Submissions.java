package dev.paracosm.eval.cli;

import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.Benchmarks;
import dev.paracosm.eval.experiment.ExperimentConfig;
import dev.paracosm.eval.experiment.ExperimentPoint;
import dev.paracosm.eval.submission.CircoSubmission;
import dev.paracosm.eval.submission.CirrSubmission;
import dev.paracosm.eval.submission.SubmissionValidator;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes (and validates) CIRR / CIRCO test-server submissions from the rankings of evaluated points. */
final class Submissions {
  private Submissions() {}

  static Benchmark benchmark(String dataset, Path root, String split) {
    if (root == null) {
      throw new ConfigurationException("No data root: pass --data-root (the benchmark's root directory)");
    }
    return switch (dataset) {
      case "cirr" -> Benchmarks.cirr(root, split);
      case "circo" -> Benchmarks.circo(root, split);
      default -> throw new InvalidInputException("Dataset " + dataset
          + " has no evaluation-server submission format (only cirr and circo do)");
    };
  }

  /**
   * @return the files written; each is validated offline and an invalid one fails with its violations
   */
  static Set<String> write(ExperimentConfig config, Map<ExperimentPoint, Map<String, List<String>>> rankings, Path dir) {
    Set<String> out = new LinkedHashSet<>();
    if (rankings.isEmpty()) {
      return out;
    }
    Benchmark b = benchmark(config.dataset(), config.dataRoot(), config.split());
    boolean several = rankings.size() > 1;
    for (Map.Entry<ExperimentPoint, Map<String, List<String>>> e : rankings.entrySet()) {
      String prefix = config.dataset() + "_" + config.split()
          + (several ? "_" + e.getKey().label().replaceAll("[^A-Za-z0-9.=_-]+", "_") : "");
      if (config.dataset().equals("cirr")) {
        Path recall = dir.resolve(prefix + "_recall.json");
        Path subset = dir.resolve(prefix + "_recall_subset.json");
        CirrSubmission.create(b, e.getValue()).write(recall, subset);
        SubmissionValidator.validate(b, recall).throwIfInvalid();
        SubmissionValidator.validate(b, subset).throwIfInvalid();
        out.add(recall.toString());
        out.add(subset.toString());
      } else {
        Path file = dir.resolve(prefix + ".json");
        CircoSubmission.create(b, e.getValue()).write(file);
        SubmissionValidator.validate(b, file).throwIfInvalid();
        out.add(file.toString());
      }
    }
    return out;
  }
}
