package dev.paracosm.fusion;

import java.util.Locale;

/** Raw gallery-side component embeddings stored per item in the gallery index. */
public enum GalleryComponent {
  /** V(I), the gallery image. */
  IMAGE,
  /** V(I_syn), its synthetic counterpart. */
  SYN_IMAGE,
  /** T(t_detailed). */
  T_DETAILED,
  /** T(t_brief). */
  T_BRIEF,
  /** PEFUSE: T(T_f^j), the database caption. */
  PEFUSE_CAPTION;

  /** @return the lowercase name used in the index and golden files, e.g. {@code syn_image} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param id a component name
   * @return the component
   */
  public static GalleryComponent fromId(String id) {
    return Names.parse(GalleryComponent.class, "gallery component", id, GalleryComponent::id);
  }
}
