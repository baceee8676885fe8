package dev.paracosm.eval.experiment;

import dev.paracosm.ConfigurationException;
import java.util.List;

/** Loads {@link EvalTask}s from the official benchmark layouts (wired to the benchmark loaders). */
final class BenchmarkTasks {
  private BenchmarkTasks() {}

  static List<EvalTask> load(ExperimentConfig config) {
    if (config.dataRoot() == null) {
      throw new ConfigurationException("Experiment " + config.name()
          + " has no data root: set 'data_root' in the config or pass --data-root");
    }
    throw new ConfigurationException("Benchmark loading for " + config.dataset() + " is not wired yet");
  }
}
