package dev.paracosm.fusion;

import java.util.Locale;
import java.util.Set;

/** Retrieval modes of method.md: Paracosm, the four PEFUSE pseudo-fusions and three baselines. */
public enum Mode {
  /** Mental image + its description + modification text against image + synthetic counterpart. */
  PARACOSM,
  /** PEFUSE uni-directional: composed text T(T_f) against gallery images. */
  PEFUSE_T2I,
  /** PEFUSE uni-directional: edited image V(I_g) against gallery images. */
  PEFUSE_I2I,
  /** PEFUSE bi-directional: composed text against gallery captions. */
  PEFUSE_T2T,
  /** PEFUSE bi-directional: edited image against gallery captions. */
  PEFUSE_I2T,
  /** Reference image against gallery images. */
  BASELINE_IMAGE_ONLY,
  /** Modification text against gallery images. */
  BASELINE_TEXT_ONLY,
  /** Raw sum of reference image and modification text against gallery images. */
  BASELINE_IMAGE_TEXT;

  /** @return the lowercase id used in configs and golden files, e.g. {@code pefuse_t2i} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param id a mode id such as {@code paracosm} or {@code baseline_image_only}
   * @return the mode
   * @throws dev.paracosm.InvalidInputException naming the string and the valid ids
   */
  public static Mode fromId(String id) {
    return Names.parse(Mode.class, "mode", id, Mode::id);
  }

  /** @return the default query components of this mode (method.md §4, §6, §7) */
  public Set<QueryComponent> defaultQueryParts() {
    return switch (this) {
      case PARACOSM -> Set.of(QueryComponent.MENTAL_IMAGE, QueryComponent.T_QUERY, QueryComponent.T_MOD);
      case PEFUSE_T2I, PEFUSE_T2T -> Set.of(QueryComponent.PEFUSE_TEXT);
      case PEFUSE_I2I, PEFUSE_I2T -> Set.of(QueryComponent.PEFUSE_IMAGE);
      case BASELINE_IMAGE_ONLY -> Set.of(QueryComponent.REF_IMAGE);
      case BASELINE_TEXT_ONLY -> Set.of(QueryComponent.T_MOD);
      case BASELINE_IMAGE_TEXT -> Set.of(QueryComponent.REF_IMAGE, QueryComponent.T_MOD);
    };
  }

  /** @return the default gallery components of this mode */
  public Set<GalleryComponent> defaultGalleryParts() {
    return switch (this) {
      case PARACOSM -> Set.of(GalleryComponent.IMAGE, GalleryComponent.SYN_IMAGE);
      case PEFUSE_T2T, PEFUSE_I2T -> Set.of(GalleryComponent.PEFUSE_CAPTION);
      default -> Set.of(GalleryComponent.IMAGE);
    };
  }

  /** @return whether the mode has ablation switches and a λ (only {@link #PARACOSM}) */
  public boolean isParacosm() {
    return this == PARACOSM;
  }
}
