package dev.paracosm.fusion;

import java.util.Locale;

/** Raw query-side embeddings (method.md §9 names). */
public enum QueryComponent {
  /** V(I_mental). */
  MENTAL_IMAGE,
  /** T(t_query), the description of the mental image. */
  T_QUERY,
  /** T(t_mod). */
  T_MOD,
  /** FashionIQ: T("c1 and c2"). */
  T_MOD_FWD,
  /** FashionIQ: T("c2 and c1"). */
  T_MOD_REV,
  /** V(I_ref). */
  REF_IMAGE,
  /** PEFUSE: T(T_f). */
  PEFUSE_TEXT,
  /** PEFUSE: V(I_g). */
  PEFUSE_IMAGE;

  /** @return the lowercase name, e.g. {@code mental_image} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param id a component name
   * @return the component
   */
  public static QueryComponent fromId(String id) {
    return Names.parse(QueryComponent.class, "query component", id, QueryComponent::id);
  }
}
