package dev.paracosm.eval.experiment;

import dev.paracosm.Gallery;
import dev.paracosm.Query;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One evaluable unit of a benchmark (CIRR, CIRCO, one FashionIQ category, one GeneCIS task): the
 * gallery to index, the queries and how to score rankings.
 */
interface EvalTask {

  /** Metadata key holding each gallery item's own id, used to restrict a search to candidates. */
  String ID_KEY = "_id";

  /** @return the FashionIQ category / GeneCIS task, or {@code null} */
  String subset();

  /** @return every item to index (for per-query galleries the union of all candidates) */
  Gallery gallery();

  /** @return the queries */
  List<EvalQuery> queries();

  /**
   * @param id a gallery or reference image id
   * @return its image file, or {@code null} if unknown (for the qualitative report)
   */
  Path imagePath(String id);

  /**
   * @param outcomes one outcome per query, in {@link #queries()} order
   * @return metric name → value in percent
   */
  Map<String, Double> metrics(List<QueryOutcome> outcomes);

  /**
   * A query with what the protocol and metrics need.
   *
   * @param query the pipeline query (its id is the benchmark query id)
   * @param targets ground-truth ids (empty on test splits)
   * @param candidates the per-query gallery (GeneCIS), or empty for the shared gallery
   * @param groupMembers CIRR's group (for the subset ranking), or empty
   */
  record EvalQuery(Query query, List<String> targets, List<String> candidates, List<String> groupMembers) {
    public EvalQuery {
      targets = List.copyOf(targets);
      candidates = List.copyOf(candidates);
      groupMembers = List.copyOf(groupMembers);
    }
  }

  /**
   * What one query got.
   *
   * @param query the query
   * @param ranking ranked ids after protocol post-processing (empty when the query failed)
   * @param scores scores aligned with {@code ranking}
   * @param subsetRanking CIRR subset ranking, or empty
   * @param failed whether generation or encoding failed (counted as a miss)
   */
  record QueryOutcome(EvalQuery query, List<String> ranking, List<Double> scores, List<String> subsetRanking,
      boolean failed) {
    public QueryOutcome {
      ranking = List.copyOf(ranking);
      scores = List.copyOf(scores);
      subsetRanking = List.copyOf(subsetRanking);
    }
  }

  /** Loads the tasks of an experiment (its benchmark and subsets). */
  @FunctionalInterface
  interface Source {
    /**
     * @param config the experiment (with a data root)
     * @return one task per subset, or one task
     */
    List<EvalTask> load(ExperimentConfig config);
  }
}
