package dev.paracosm.fusion;

import dev.paracosm.InvalidInputException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A query-time fusion choice over one gallery index: mode, λ, normalisation profile and the
 * ablation part sets (method.md §4.2). Switching any of these never regenerates or re-encodes.
 *
 * @param mode the retrieval mode
 * @param lambda the weight of the mental-image group, in [0, 1] (Paracosm only)
 * @param profile the normalisation profile
 * @param queryParts query components used (Paracosm ablations); defaults per mode
 * @param galleryParts gallery components used (Paracosm ablations); defaults per mode
 */
public record FusionConfig(
    Mode mode, double lambda, Profile profile, Set<QueryComponent> queryParts, Set<GalleryComponent> galleryParts) {

  /** The paper's default λ. */
  public static final double DEFAULT_LAMBDA = 0.3;

  /**

   * Validates and copies.

   *

   * @param mode see the record description

   * @param lambda see the record description

   * @param profile see the record description

   * @param queryParts see the record description

   * @param galleryParts see the record description

   */

  public FusionConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(profile, "profile");
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new InvalidInputException("lambda must be in [0, 1], got " + lambda);
    }
    queryParts = queryParts == null || queryParts.isEmpty() ? mode.defaultQueryParts() : Set.copyOf(queryParts);
    galleryParts =
        galleryParts == null || galleryParts.isEmpty() ? mode.defaultGalleryParts() : Set.copyOf(galleryParts);
    if (mode == Mode.PARACOSM) {
      Set<QueryComponent> allowed =
          EnumSet.of(QueryComponent.MENTAL_IMAGE, QueryComponent.T_QUERY, QueryComponent.T_MOD);
      for (QueryComponent q : queryParts) {
        if (!allowed.contains(q)) {
          throw new InvalidInputException(
              "Query part '" + q.id() + "' is not a Paracosm query part; use mental_image, t_query, t_mod");
        }
      }
      if (galleryParts.contains(GalleryComponent.PEFUSE_CAPTION)) {
        throw new InvalidInputException("Gallery part 'pefuse_caption' is not a Paracosm gallery part");
      }
    } else if (!queryParts.equals(mode.defaultQueryParts()) || !galleryParts.equals(mode.defaultGalleryParts())) {
      throw new InvalidInputException("Mode " + mode.id() + " has fixed parts " + mode.defaultQueryParts()
          + " | " + mode.defaultGalleryParts() + "; ablation part sets apply to paracosm only");
    }
  }

  /**
   * @param mode a mode
   * @return the mode with λ = 0.3, profile {@code code} and its default parts
   */
  public static FusionConfig of(Mode mode) {
    return new FusionConfig(mode, DEFAULT_LAMBDA, Profile.CODE, null, null);
  }

  /** @return a builder starting from Paracosm defaults */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param lambda new λ
   * @return a copy with that λ
   */
  public FusionConfig withLambda(double lambda) {
    return new FusionConfig(mode, lambda, profile, queryParts, galleryParts);
  }

  /**
   * @param profile new profile
   * @return a copy with that profile
   */
  public FusionConfig withProfile(Profile profile) {
    return new FusionConfig(mode, lambda, profile, queryParts, galleryParts);
  }

  /** @return a stable string key of this configuration (for caches of fused matrices) */
  public String key() {
    return mode.id() + "|" + profile.id() + "|" + galleryParts.stream().map(GalleryComponent::id).sorted().toList();
  }

  /** Builder for {@link FusionConfig}. */
  public static final class Builder {
    private Mode mode = Mode.PARACOSM;
    private double lambda = DEFAULT_LAMBDA;
    private Profile profile = Profile.CODE;
    private Set<QueryComponent> queryParts;
    private Set<GalleryComponent> galleryParts;

    private Builder() {}

    /**
     * @param v mode
     * @return this
     */
    public Builder mode(Mode v) { mode = v; return this; }
    /**
     * @param v λ
     * @return this
     */
    public Builder lambda(double v) { lambda = v; return this; }
    /**
     * @param v profile
     * @return this
     */
    public Builder profile(Profile v) { profile = v; return this; }
    /**
     * @param v query parts
     * @return this
     */
    public Builder queryParts(Set<QueryComponent> v) { queryParts = v; return this; }
    /**
     * @param v gallery parts
     * @return this
     */
    public Builder galleryParts(Set<GalleryComponent> v) { galleryParts = v; return this; }

    /** @return the validated config */
    public FusionConfig build() {
      return new FusionConfig(mode, lambda, profile, queryParts, galleryParts);
    }
  }
}
