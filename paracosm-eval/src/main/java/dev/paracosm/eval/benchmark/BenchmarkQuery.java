package dev.paracosm.eval.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One benchmark query: a reference image plus modification text(s), with whatever ground truth the
 * split carries. Fields that a benchmark does not have are empty.
 *
 * @param id the query id, unique in its benchmark: CIRR {@code pairid}, CIRCO {@code id},
 *     FashionIQ and GeneCIS the record's position in its file
 * @param referenceId the gallery item id of the reference image
 * @param modificationTexts the modification text(s): CIRR {@code caption}, CIRCO {@code
 *     relative_caption}, FashionIQ the two {@code captions} (as in the file, not stripped), GeneCIS
 *     {@code condition}
 * @param sharedConcept CIRCO {@code shared_concept}
 * @param targetIds the target(s) that Recall counts: CIRR {@code target_hard}, CIRCO {@code
 *     target_img_id}, FashionIQ {@code target}, GeneCIS {@code target}; empty on splits without
 *     ground truth (CIRR test1, CIRCO test, FashionIQ test)
 * @param groundTruthIds every relevant image: CIRCO {@code gt_img_ids}; otherwise equal to {@code
 *     targetIds}
 * @param softTargets CIRR {@code target_soft} labels (only the CIRPLANT soft metric reads them)
 * @param groupMembers CIRR {@code img_set.members} (the six images of the group, reference included)
 * @param gallery GeneCIS per-query candidates, the target first: {@code [target, gallery...]}
 * @param task FashionIQ category or GeneCIS task id
 * @param semanticAspects CIRCO {@code semantic_aspects}
 * @param auxiliaryTexts CIRR {@code caption_extend} texts from {@code captions_ext} (keys in order),
 *     when that optional file is present
 */
public record BenchmarkQuery(
    String id,
    String referenceId,
    List<String> modificationTexts,
    Optional<String> sharedConcept,
    List<String> targetIds,
    List<String> groundTruthIds,
    Map<String, Double> softTargets,
    List<String> groupMembers,
    List<String> gallery,
    Optional<String> task,
    List<String> semanticAspects,
    List<String> auxiliaryTexts) {

  /** Validates required fields and makes every collection immutable. */
  public BenchmarkQuery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(referenceId, "referenceId");
    modificationTexts = List.copyOf(modificationTexts);
    Objects.requireNonNull(sharedConcept, "sharedConcept");
    targetIds = List.copyOf(targetIds);
    groundTruthIds = List.copyOf(groundTruthIds);
    softTargets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(softTargets));
    groupMembers = List.copyOf(groupMembers);
    gallery = List.copyOf(gallery);
    Objects.requireNonNull(task, "task");
    semanticAspects = List.copyOf(semanticAspects);
    auxiliaryTexts = List.copyOf(auxiliaryTexts);
  }

  /** @return the first target id, empty on splits without ground truth */
  public Optional<String> target() {
    return targetIds.isEmpty() ? Optional.empty() : Optional.of(targetIds.get(0));
  }

  /** @return the single modification text, or the texts joined with {@code " and "} */
  public String modificationText() {
    return String.join(" and ", modificationTexts);
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link BenchmarkQuery}; {@code id} and {@code referenceId} are required. */
  public static final class Builder {
    private String id;
    private String referenceId;
    private final List<String> modificationTexts = new ArrayList<>();
    private String sharedConcept;
    private final List<String> targetIds = new ArrayList<>();
    private List<String> groundTruthIds;
    private final Map<String, Double> softTargets = new LinkedHashMap<>();
    private final List<String> groupMembers = new ArrayList<>();
    private final List<String> gallery = new ArrayList<>();
    private String task;
    private final List<String> semanticAspects = new ArrayList<>();
    private final List<String> auxiliaryTexts = new ArrayList<>();

    private Builder() {}

    /**
     * @param v the query id
     * @return this
     */
    public Builder id(String v) {
      id = v;
      return this;
    }

    /**
     * @param v the reference item id
     * @return this
     */
    public Builder referenceId(String v) {
      referenceId = v;
      return this;
    }

    /**
     * @param v one modification text, appended
     * @return this
     */
    public Builder modificationText(String v) {
      modificationTexts.add(Objects.requireNonNull(v));
      return this;
    }

    /**
     * @param v the shared concept (CIRCO)
     * @return this
     */
    public Builder sharedConcept(String v) {
      sharedConcept = v;
      return this;
    }

    /**
     * @param v one target id, appended
     * @return this
     */
    public Builder targetId(String v) {
      targetIds.add(Objects.requireNonNull(v));
      return this;
    }

    /**
     * @param v all ground-truth ids (defaults to the targets)
     * @return this
     */
    public Builder groundTruthIds(List<String> v) {
      groundTruthIds = List.copyOf(v);
      return this;
    }

    /**
     * @param v CIRR soft labels
     * @return this
     */
    public Builder softTargets(Map<String, Double> v) {
      softTargets.putAll(v);
      return this;
    }

    /**
     * @param v CIRR group members
     * @return this
     */
    public Builder groupMembers(List<String> v) {
      groupMembers.addAll(v);
      return this;
    }

    /**
     * @param v GeneCIS candidates, the target first
     * @return this
     */
    public Builder gallery(List<String> v) {
      gallery.addAll(v);
      return this;
    }

    /**
     * @param v FashionIQ category or GeneCIS task
     * @return this
     */
    public Builder task(String v) {
      task = v;
      return this;
    }

    /**
     * @param v CIRCO semantic aspects
     * @return this
     */
    public Builder semanticAspects(List<String> v) {
      semanticAspects.addAll(v);
      return this;
    }

    /**
     * @param v auxiliary texts (CIRR caption_extend)
     * @return this
     */
    public Builder auxiliaryTexts(List<String> v) {
      auxiliaryTexts.addAll(v);
      return this;
    }

    /** @return the query */
    public BenchmarkQuery build() {
      return new BenchmarkQuery(
          id,
          referenceId,
          modificationTexts,
          Optional.ofNullable(sharedConcept),
          targetIds,
          groundTruthIds == null ? targetIds : groundTruthIds,
          softTargets,
          groupMembers,
          gallery,
          Optional.ofNullable(task),
          semanticAspects,
          auxiliaryTexts);
    }
  }
}
