package dev.paracosm.role;

import java.util.Map;

/**
 * Creates a role implementation from a spec string such as {@code hf:openai/clip-vit-base-patch32},
 * {@code dir:/models/clip} or {@code myorg:thing}. Found with {@link java.util.ServiceLoader} through
 * the role-specific sub-interfaces ({@link EncoderProvider}, ...).
 *
 * @param <T> the role
 */
public interface RoleProvider<T> {

  /** @return a short name for listings and error messages */
  String name();

  /**
   * @param spec a spec string
   * @return whether this provider can create a role from it
   */
  boolean supports(String spec);

  /**
   * @param spec a spec string this provider {@link #supports supports}
   * @param options free-form options (e.g. {@code device=cpu}, {@code api_key_env=...})
   * @return a new instance; the caller closes it
   */
  T create(String spec, Map<String, String> options);
}
