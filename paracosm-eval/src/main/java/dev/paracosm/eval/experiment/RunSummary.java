package dev.paracosm.eval.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of {@link ExperimentRunner#run()}.
 *
 * @param points points in the grid
 * @param ran points evaluated in this run
 * @param skipped points already in the results file (resumed run)
 * @param records the records written in this run
 * @param compute the compute report of this run
 * @param resultsFile the JSONL results file
 * @param computeReportFile the compute report (Markdown; a {@code .json} twin sits next to it)
 */
public record RunSummary(int points, int ran, int skipped, List<ResultRecord> records, ComputeReport compute,
    Path resultsFile, Path computeReportFile) {
  /** Copies the list. */
  public RunSummary {
    records = List.copyOf(records);
  }
}
