package dev.paracosm.eval.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a results file: an experiment point, its metrics and how they were obtained.
 *
 * @param key the point's stable key ({@link ExperimentPoint#key()})
 * @param experiment experiment name
 * @param dataset dataset id
 * @param split split
 * @param subset FashionIQ category / GeneCIS task, or {@code null}
 * @param encoder encoder spec
 * @param mode mode id
 * @param lambda λ (Paracosm) or the unused default
 * @param profile profile id
 * @param protocol protocol id
 * @param queryParts query components fused
 * @param dbParts gallery components fused
 * @param ablation ablation name, or {@code null}
 * @param generation generation parameters that matter to the mode
 * @param k ranking depth
 * @param queries queries evaluated
 * @param failedQueries queries whose generation or encoding failed (counted as misses)
 * @param metrics metric name → value in percent ({@code R@1}, {@code Rs@1}, {@code mAP@5}, ...)
 * @param startedAt ISO-8601 start
 * @param finishedAt ISO-8601 end
 * @param provenance versions, model ids, generation settings
 * @param examples example queries for the qualitative report (may be empty)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultRecord(
    String key,
    String experiment,
    String dataset,
    String split,
    String subset,
    String encoder,
    String mode,
    double lambda,
    String profile,
    String protocol,
    List<String> queryParts,
    List<String> dbParts,
    String ablation,
    Map<String, Object> generation,
    int k,
    int queries,
    int failedQueries,
    Map<String, Double> metrics,
    String startedAt,
    String finishedAt,
    Map<String, Object> provenance,
    List<Example> examples) {

  /** Copies collections. */
  public ResultRecord {
    queryParts = queryParts == null ? List.of() : List.copyOf(queryParts);
    dbParts = dbParts == null ? List.of() : List.copyOf(dbParts);
    generation = generation == null ? Map.of() : new LinkedHashMap<>(generation);
    metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
    provenance = provenance == null ? Map.of() : new LinkedHashMap<>(provenance);
    examples = examples == null ? List.of() : List.copyOf(examples);
  }

  /** @return {@code dataset} or {@code dataset-subset} */
  public String datasetName() {
    return subset == null ? dataset : dataset + "-" + subset;
  }

  /**
   * @return the report row label: mode, λ and ablation (Paracosm), generation parameters (PEFUSE)
   *     and encoder
   */
  public String methodLabel() {
    StringBuilder sb = new StringBuilder(mode);
    if ("paracosm".equals(mode)) {
      sb.append(String.format(java.util.Locale.ROOT, " λ=%.2f", lambda));
      if (ablation != null) {
        sb.append(" [").append(ablation).append(']');
      }
    }
    if (!generation.isEmpty()) {
      generation.forEach((k, v) -> {
        if (!k.equals("pefuse_database_prompt")) {
          sb.append(' ').append(k).append('=').append(v);
        }
      });
    }
    sb.append(" (").append(encoder).append(')');
    return sb.toString();
  }

  /**
   * One example query for the qualitative report.
   *
   * @param queryId query id
   * @param referenceId reference image id, or {@code null}
   * @param referencePath reference image file
   * @param modificationText the modification text
   * @param texts generated texts by name ({@code t_query}, {@code pefuse_text})
   * @param imagePaths generated images by name, saved as files ({@code mental_image}, {@code pefuse_image})
   * @param ranked the top ranked gallery ids
   * @param scores their scores
   * @param rankedPaths image file per ranked id
   * @param targets ground-truth ids (empty on test splits)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Example(
      String queryId,
      String referenceId,
      String referencePath,
      String modificationText,
      Map<String, String> texts,
      Map<String, String> imagePaths,
      List<String> ranked,
      List<Double> scores,
      Map<String, String> rankedPaths,
      List<String> targets) {
    /** Copies collections. */
    public Example {
      texts = texts == null ? Map.of() : new LinkedHashMap<>(texts);
      imagePaths = imagePaths == null ? Map.of() : new LinkedHashMap<>(imagePaths);
      ranked = ranked == null ? List.of() : List.copyOf(ranked);
      scores = scores == null ? List.of() : List.copyOf(scores);
      rankedPaths = rankedPaths == null ? Map.of() : new LinkedHashMap<>(rankedPaths);
      targets = targets == null ? List.of() : List.copyOf(targets);
    }
  }
}
