package dev.paracosm.eval.experiment;

import java.util.List;
import java.util.Map;

/** Receives the rankings of each evaluated point, e.g. to write test-server submission files. */
@FunctionalInterface
public interface RankingListener {
  /**
   * @param point the point
   * @param rankings query id → ranked gallery ids after protocol post-processing (CIRR: reference
   *     removed, followed by any group member outside the top-k in subset order); empty for failed queries
   */
  void onRankings(ExperimentPoint point, Map<String, List<String>> rankings);
}
