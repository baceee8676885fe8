package dev.paracosm.eval.cli;

import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Profile;
import picocli.CommandLine.Option;

/** Options choosing the fusion: mode, λ, profile. */
final class FusionOptions {
  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "paracosm",
      description = "Retrieval mode: paracosm, pefuse_t2i, pefuse_i2i, pefuse_t2t, pefuse_i2t, baseline_image_only, "
          + "baseline_text_only, baseline_image_text. Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = "--lambda", paramLabel = "λ", defaultValue = "0.3",
      description = "Weight of the mental-image group in [0, 1] (paracosm mode). Default: ${DEFAULT-VALUE}.")
  double lambda;

  @Option(names = "--profile", paramLabel = "PROFILE",
      description = "Normalisation profile: code, code_genecis, paper_literal. Default: code "
          + "(code_genecis on GeneCIS).")
  String profile;

  Mode mode() {
    return Mode.fromId(mode);
  }

  Profile profile(Profile fallback) {
    return profile == null ? fallback : Profile.fromId(profile);
  }

  FusionConfig fusion(Profile fallback) {
    return new FusionConfig(mode(), lambda, profile(fallback), null, null);
  }
}
