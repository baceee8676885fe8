package dev.paracosm.index;

import dev.paracosm.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gallery item as handed to {@link GalleryIndex#add}: an id, metadata and raw component
 * embeddings by component name ({@code image}, {@code syn_image}, {@code t_detailed}, {@code
 * t_brief}, {@code pefuse_caption} or any other name).
 *
 * <p>An item may carry only some components: adding the same id again later extends or overwrites
 * it (see {@link GalleryIndex#add}). Vectors are copied on construction and on access.
 *
 * @param id the gallery item id (non-blank)
 * @param metadata string metadata used by {@link MetadataFilter}s (may be empty)
 * @param components raw embeddings by component name (may be empty for a metadata-only update)
 */
public record IndexedItem(String id, Map<String, String> metadata, Map<String, float[]> components) {
  /**
   * Validates and copies.
   *
   * @param id see the record description
   * @param metadata see the record description
   * @param components see the record description
   */
  public IndexedItem {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException("Indexed item id must be non-blank, got " + (id == null ? "null" : "'" + id + "'"));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    if (metadata != null) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
          throw new InvalidInputException("Item '" + id + "' has a null/empty metadata key or null value: " + e);
        }
        meta.put(e.getKey(), e.getValue());
      }
    }
    metadata = Collections.unmodifiableMap(meta);
    Map<String, float[]> comps = new LinkedHashMap<>();
    if (components != null) {
      for (Map.Entry<String, float[]> e : components.entrySet()) {
        String name = e.getKey();
        if (name == null || name.isBlank() || name.length() > 200 || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
          throw new InvalidInputException("Item '" + id + "' has an invalid component name '" + name
              + "': use 1-200 printable ASCII characters without spaces");
        }
        if (e.getValue() == null) {
          throw new InvalidInputException("Item '" + id + "' component '" + name + "' has a null vector");
        }
        comps.put(name, e.getValue().clone());
      }
    }
    components = Collections.unmodifiableMap(comps);
  }

  /**
   * @param id the item id
   * @param metadata its metadata
   * @return an item without components (metadata-only update)
   */
  public static IndexedItem of(String id, Map<String, String> metadata) {
    return new IndexedItem(id, metadata, Map.of());
  }

  /**
   * @param id the item id
   * @param component a component name
   * @param vector its raw embedding
   * @return an item with one component and no metadata
   */
  public static IndexedItem of(String id, String component, float[] vector) {
    return new IndexedItem(id, Map.of(), Map.of(component, vector));
  }

  /** @return the components; each access returns fresh copies of the vectors */
  @Override
  public Map<String, float[]> components() {
    Map<String, float[]> copy = new LinkedHashMap<>();
    components.forEach((k, v) -> copy.put(k, v.clone()));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * @param name a component name
   * @return a copy of that vector, or {@code null} if the item does not carry it
   */
  public float[] component(String name) {
    float[] v = components.get(name);
    return v == null ? null : v.clone();
  }

  /** @return the component names carried, in insertion order */
  public java.util.Set<String> componentNames() {
    return components.keySet();
  }
}
