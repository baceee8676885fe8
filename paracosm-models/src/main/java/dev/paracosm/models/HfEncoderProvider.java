package dev.paracosm.models;

import dev.paracosm.role.Encoder;
import dev.paracosm.role.EncoderProvider;
import java.util.Map;

/**
 * Provides CLIP / OpenCLIP / SigLIP encoders for the specs {@code hf:org/name[@revision]} and
 * {@code dir:/path} (see {@link HfEncoders}). Registered in {@code META-INF/services}. Options that
 * are not encoder options (e.g. HTTP client settings shared through the same map) are ignored.
 */
public final class HfEncoderProvider implements EncoderProvider {
  /** Creates the provider (ServiceLoader). */
  public HfEncoderProvider() {}

  @Override
  public String name() {
    return "hf";
  }

  @Override
  public boolean supports(String spec) {
    return spec.startsWith("hf:") || spec.startsWith("dir:");
  }

  @Override
  public Encoder create(String spec, Map<String, String> options) {
    // the pipeline passes one option map to every provider: keep only the encoder's own keys
    Map<String, String> own = new java.util.HashMap<>(options);
    own.keySet().retainAll(HfEncoders.OPTION_NAMES);
    return HfEncoders.load(spec, own);
  }
}
