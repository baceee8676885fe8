package dev.paracosm.eval.experiment;

import dev.paracosm.ConfigurationException;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Profile;
import dev.paracosm.fusion.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Expands an {@link ExperimentConfig} into its grid of {@link ExperimentPoint}s. */
public final class ExperimentGrid {
  private ExperimentGrid() {}

  /**
   * Expands subsets × encoders × generation variants × modes × (Paracosm: λ × ablations). A
   * generation parameter that a mode does not use is dropped from that point, so a baseline or a
   * Paracosm point is not repeated for every PEFUSE sampling value; duplicates (same key) are kept
   * once, on the first generation variant that produces them.
   *
   * @param config the experiment
   * @param subsets the subsets to expand over (the config's, or every subset the dataset has); a
   *     single {@code null} for datasets without subsets
   * @param encoders encoder specs (the config's, or the resolved default)
   * @return the points in a deterministic order, unique by key
   * @throws ConfigurationException if no encoder is given
   */
  public static List<ExperimentPoint> expand(ExperimentConfig config, List<String> subsets, List<String> encoders) {
    if (encoders.isEmpty()) {
      throw new ConfigurationException("Experiment " + config.name()
          + " names no encoder: set 'encoders' in the config, pass --encoder, or set PARACOSM_ENCODER");
    }
    Profile profile = config.effectiveProfile();
    Protocol protocol = config.effectiveProtocol();
    Map<String, ExperimentPoint> out = new LinkedHashMap<>();
    for (String subset : subsets) {
      for (String encoder : encoders) {
        for (GenerationVariant full : config.generation().variants()) {
          for (Mode mode : config.modes()) {
            GenerationVariant used = relevant(full, mode);
            for (FusionChoice f : fusions(config, mode, profile)) {
              ExperimentPoint p = new ExperimentPoint(config.name(), config.dataset(), config.split(), subset, encoder,
                  used, full, f.fusion(), f.ablation(), protocol, config.k());
              out.putIfAbsent(p.key(), p);
            }
          }
        }
      }
    }
    return List.copyOf(out.values());
  }

  /** @return the generation fields a mode depends on (method.md §6) */
  static GenerationVariant relevant(GenerationVariant v, Mode mode) {
    return switch (mode) {
      case PEFUSE_T2I -> v.restrictTo(true, false, false);
      case PEFUSE_T2T -> v.restrictTo(true, false, true);
      case PEFUSE_I2I -> v.restrictTo(true, true, false);
      case PEFUSE_I2T -> v.restrictTo(true, true, true);
      default -> GenerationVariant.defaults();
    };
  }

  private record FusionChoice(FusionConfig fusion, String ablation) {}

  private static List<FusionChoice> fusions(ExperimentConfig config, Mode mode, Profile profile) {
    List<FusionChoice> out = new ArrayList<>();
    if (!mode.isParacosm()) {
      out.add(new FusionChoice(new FusionConfig(mode, FusionConfig.DEFAULT_LAMBDA, profile, null, null), null));
      return out;
    }
    for (double lambda : config.lambdas()) {
      if (config.ablations().isEmpty()) {
        out.add(new FusionChoice(new FusionConfig(mode, lambda, profile, null, null), null));
      }
      for (ExperimentConfig.Ablation a : config.ablations()) {
        out.add(new FusionChoice(new FusionConfig(mode, lambda, profile, a.queryParts(), a.dbParts()), a.name()));
      }
    }
    return out;
  }
}
