package dev.paracosm.fusion;

import java.util.Locale;

/**
 * Normalisation profiles of method.md §4.4. The flags are data: {@code query_part_norm} is raw in
 * every profile.
 */
public enum Profile {
  /** What the Paracosm repository computes (default). */
  CODE(true, true, true),
  /** The repository's GeneCIS path: raw sum of database parts. */
  CODE_GENECIS(true, true, false),
  /** Eq. (1) read literally: raw vectors throughout, cosine at the end. */
  PAPER_LITERAL(false, false, false);

  private final boolean queryGroupNorm;
  private final boolean tmodNorm;
  private final boolean dbPartNorm;

  Profile(boolean queryGroupNorm, boolean tmodNorm, boolean dbPartNorm) {
    this.queryGroupNorm = queryGroupNorm;
    this.tmodNorm = tmodNorm;
    this.dbPartNorm = dbPartNorm;
  }

  /** @return whether the raw sum of V(I_mental) and T(t_query) is normalised */
  public boolean queryGroupNorm() {
    return queryGroupNorm;
  }

  /** @return whether T(t_mod) is normalised on its own */
  public boolean tmodNorm() {
    return tmodNorm;
  }

  /** @return whether each database part is normalised before summing ({@code unit}) or not ({@code raw}) */
  public boolean dbPartNorm() {
    return dbPartNorm;
  }

  /** @return the lowercase id, e.g. {@code code_genecis} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param id a profile id
   * @return the profile
   * @throws dev.paracosm.InvalidInputException for an unknown id
   */
  public static Profile fromId(String id) {
    return Names.parse(Profile.class, "profile", id, Profile::id);
  }
}
