package dev.paracosm;

import dev.paracosm.image.ImageData;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A composed query: a reference image plus a modification text, with optional dataset hints.
 *
 * @param id a query id for reports and caches ({@code null}: derived from the content)
 * @param reference the reference image
 * @param modificationText the modification text ("same dress but red")
 * @param secondCaption FashionIQ's second relative caption, or {@code null}
 * @param sharedConcept CIRCO's shared concept, or {@code null}
 * @param tmodOverride a caller-supplied text to encode as {@code t_mod} instead of the
 *     modification text (e.g. CIRCO's generated text), or {@code null}
 * @param referenceId the gallery id of the reference image (CIRR excludes it), or {@code null}
 * @param groupMembers CIRR's {@code img_set.members} for the subset ranking (empty if none)
 * @param dataset dataset hint choosing prompt templates: {@code cirr}, {@code circo}, {@code
 *     fashioniq}, {@code genecis/<task>} or {@code null} for generic
 */
public record Query(
    String id,
    ImageData reference,
    String modificationText,
    String secondCaption,
    String sharedConcept,
    String tmodOverride,
    String referenceId,
    List<String> groupMembers,
    String dataset) {

  /**

   * Validates the query.

   *

   * @param id see the record description

   * @param reference see the record description

   * @param modificationText see the record description

   * @param secondCaption see the record description

   * @param sharedConcept see the record description

   * @param tmodOverride see the record description

   * @param referenceId see the record description

   * @param groupMembers see the record description

   * @param dataset see the record description

   */

  public Query {
    Objects.requireNonNull(reference, "reference image");
    if (modificationText == null || modificationText.isBlank()) {
      throw new InvalidInputException("Query " + (id == null ? reference.source() : id)
          + " has an empty modification text");
    }
    groupMembers = groupMembers == null ? List.of() : List.copyOf(groupMembers);
  }

  /**
   * @param referenceImage path of the reference image
   * @param modificationText the modification text
   * @return a generic query
   */
  public static Query of(Path referenceImage, String modificationText) {
    return builder().reference(ImageData.read(referenceImage)).modificationText(modificationText).build();
  }

  /**
   * @param reference the reference image
   * @param modificationText the modification text
   * @return a generic query
   */
  public static Query of(ImageData reference, String modificationText) {
    return builder().reference(reference).modificationText(modificationText).build();
  }

  /** @return the query id, or a content-derived one */
  public String effectiveId() {
    return id != null ? id : reference.sha256().substring(0, 16) + ":" + Integer.toHexString(
        modificationText.hashCode());
  }

  /** @return the text to encode as {@code t_mod} when it is a single text */
  public String tmodText() {
    return tmodOverride != null ? tmodOverride : modificationText;
  }

  /** @return FashionIQ's two caption orders ("c1 and c2", "c2 and c1") if a second caption is set */
  public Optional<List<String>> fashionIqOrders() {
    if (secondCaption == null || tmodOverride != null) {
      return Optional.empty();
    }
    String c1 = stripCaption(modificationText);
    String c2 = stripCaption(secondCaption);
    return Optional.of(List.of(c1 + " and " + c2, c2 + " and " + c1));
  }

  /** Strips leading and trailing '.', '?', ',' and spaces (the FashionIQ rule of method.md §3). */
  static String stripCaption(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && ".?, ".indexOf(s.charAt(a)) >= 0) {
      a++;
    }
    while (b > a && ".?, ".indexOf(s.charAt(b - 1)) >= 0) {
      b--;
    }
    return s.substring(a, b);
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link Query}; reference and modification text are required. */
  public static final class Builder {
    private String id;
    private ImageData reference;
    private String modificationText;
    private String secondCaption;
    private String sharedConcept;
    private String tmodOverride;
    private String referenceId;
    private List<String> groupMembers;
    private String dataset;

    private Builder() {}

    /**
     * @param v id
     * @return this
     */
    public Builder id(String v) { id = v; return this; }
    /**
     * @param v reference image (required)
     * @return this
     */
    public Builder reference(ImageData v) { reference = v; return this; }
    /**
     * @param v modification text (required)
     * @return this
     */
    public Builder modificationText(String v) { modificationText = v; return this; }
    /**
     * @param v FashionIQ second caption
     * @return this
     */
    public Builder secondCaption(String v) { secondCaption = v; return this; }
    /**
     * @param v CIRCO shared concept
     * @return this
     */
    public Builder sharedConcept(String v) { sharedConcept = v; return this; }
    /**
     * @param v text encoded as t_mod instead of the modification text
     * @return this
     */
    public Builder tmodOverride(String v) { tmodOverride = v; return this; }
    /**
     * @param v gallery id of the reference
     * @return this
     */
    public Builder referenceId(String v) { referenceId = v; return this; }
    /**
     * @param v CIRR group members
     * @return this
     */
    public Builder groupMembers(List<String> v) { groupMembers = v; return this; }
    /**
     * @param v dataset hint
     * @return this
     */
    public Builder dataset(String v) { dataset = v; return this; }

    /** @return the validated query */
    public Query build() {
      return new Query(id, reference, modificationText, secondCaption, sharedConcept, tmodOverride, referenceId,
          groupMembers, dataset);
    }
  }
}
