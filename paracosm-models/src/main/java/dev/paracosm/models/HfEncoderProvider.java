package dev.paracosm.models;

import dev.paracosm.role.Encoder;
import dev.paracosm.role.EncoderProvider;
import java.util.Map;

/**
 * Provides CLIP / OpenCLIP / SigLIP encoders for the specs {@code hf:org/name[@revision]} and
 * {@code dir:/path} (see {@link HfEncoders}). Registered in {@code META-INF/services}.
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
    return HfEncoders.load(spec, options);
  }
}
