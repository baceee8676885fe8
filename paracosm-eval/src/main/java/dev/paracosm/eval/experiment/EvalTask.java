package dev.paracosm.eval.experiment;

import dev.paracosm.Gallery;
import dev.paracosm.Query;
import dev.paracosm.image.ImageData;
import java.util.function.Supplier;
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
   * A query with what the protocol and metrics need. The reference image is read only when the
   * query is encoded ({@link #load()}), so thousands of queries do not hold their pixels at once.
   *
   * @param query the pipeline query with a placeholder reference image (id, texts, reference id and
   *     group members are real): the protocol context passed to ranking
   * @param reference reads the real reference image
   * @param targets ground-truth ids (empty on test splits)
   * @param candidates the per-query gallery (GeneCIS), or empty for the shared gallery
   * @param groupMembers CIRR's group (for the subset ranking), or empty
   */
  record EvalQuery(Query query, Supplier<ImageData> reference, List<String> targets, List<String> candidates,
      List<String> groupMembers) {
    public EvalQuery {
      targets = List.copyOf(targets);
      candidates = List.copyOf(candidates);
      groupMembers = List.copyOf(groupMembers);
    }

    /** @return the query with its real reference image */
    public Query load() {
      Query c = query;
      return new Query(c.id(), reference.get(), c.modificationText(), c.secondCaption(), c.sharedConcept(),
          c.tmodOverride(), c.referenceId(), c.groupMembers(), c.dataset());
    }
  }

  /** A 1×1 PNG standing in for reference pixels in protocol-context queries. */
  ImageData PLACEHOLDER = placeholder();

  private static ImageData placeholder() {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
    return ImageData.fromBufferedImage(img, "placeholder");
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

    /**
     * @return the ranking followed by the subset-ranked ids it does not contain: a truncated ranking
     *     that still orders every CIRR group member correctly (absent ids rank below listed ones)
     */
    public List<String> mergedRanking() {
      if (subsetRanking.isEmpty()) {
        return ranking;
      }
      java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(ranking);
      out.addAll(subsetRanking);
      return List.copyOf(out);
    }
  }

  /** Loads the tasks of an experiment (its benchmark and subsets). */
  @FunctionalInterface
  interface Source {
    /**
     * @param config the experiment (with a data root)
     * @param workDirectory the run's work directory (for derived files such as GeneCIS crops)
     * @return one task per subset, or one task
     */
    List<EvalTask> load(ExperimentConfig config, Path workDirectory);
  }
}
