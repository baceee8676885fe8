package dev.paracosm.eval.experiment;

import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Protocol;
import dev.paracosm.fusion.QueryComponent;
import java.util.Locale;
import java.util.Objects;

/**
 * One point of an experiment grid: a dataset (and FashionIQ category / GeneCIS task), an encoder, a
 * generation setting and a fusion choice. Its {@link #key()} is stable across runs and identifies
 * the point in the results file (a rerun skips points whose key is already there).
 *
 * @param experiment the experiment name
 * @param dataset the dataset id
 * @param split the split
 * @param subset FashionIQ category or GeneCIS task, or {@code null}
 * @param encoder the encoder spec
 * @param generation the generation settings that matter to this point's mode
 * @param groupVariant the full generation variant of the pipeline this point is ranked on
 * @param fusion mode, λ, profile and part sets
 * @param ablation the ablation's name, or {@code null} for the mode's default parts
 * @param protocol the ranking protocol
 * @param k ranking depth
 */
public record ExperimentPoint(
    String experiment,
    String dataset,
    String split,
    String subset,
    String encoder,
    GenerationVariant generation,
    GenerationVariant groupVariant,
    FusionConfig fusion,
    String ablation,
    Protocol protocol,
    int k) {

  /** Validates. */
  public ExperimentPoint {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(groupVariant, "groupVariant");
    Objects.requireNonNull(fusion, "fusion");
    Objects.requireNonNull(protocol, "protocol");
  }

  /** @return the mode */
  public Mode mode() {
    return fusion.mode();
  }

  /** @return {@code dataset} or {@code dataset-subset} (e.g. {@code fashioniq-dress}) */
  public String datasetName() {
    return subset == null ? dataset : dataset + "-" + subset;
  }

  /**
   * @return a stable key, e.g. {@code cirr/val|hf:openai/clip-vit-base-patch32|paracosm|lambda=0.30|profile=code|
   *     q=mental_image+t_mod+t_query|d=image+syn_image|gen=default|k=50}
   */
  public String key() {
    StringBuilder sb = new StringBuilder();
    sb.append(dataset).append('/').append(split);
    if (subset != null) {
      sb.append('/').append(subset);
    }
    sb.append('|').append(encoder).append('|').append(fusion.mode().id());
    if (fusion.mode().isParacosm()) {
      sb.append("|lambda=").append(String.format(Locale.ROOT, "%.4f", fusion.lambda()).replaceAll("0+$", "0"));
      sb.append("|q=").append(String.join("+", fusion.queryParts().stream().map(QueryComponent::id).sorted().toList()));
      sb.append("|d=").append(String.join("+", fusion.galleryParts().stream().map(GalleryComponent::id).sorted().toList()));
    }
    sb.append("|profile=").append(fusion.profile().id());
    sb.append("|protocol=").append(protocol.id());
    sb.append("|gen=").append(generation.key());
    sb.append("|k=").append(k);
    return sb.toString();
  }

  /** @return a short row label for reports: mode, λ and ablation */
  public String label() {
    StringBuilder sb = new StringBuilder(fusion.mode().id());
    if (fusion.mode().isParacosm()) {
      sb.append(String.format(Locale.ROOT, " λ=%.2f", fusion.lambda()));
      if (ablation != null) {
        sb.append(" [").append(ablation).append(']');
      }
    }
    return sb.toString();
  }
}
