package dev.paracosm;

import dev.paracosm.image.ImageData;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One gallery image to index: an id, where its pixels come from, and string metadata (category,
 * price band, ...) usable in search filters.
 *
 * @param id unique item id within the gallery
 * @param path image file, or {@code null} when {@code data} is given
 * @param data encoded image, or {@code null} when {@code path} is given
 * @param metadata string key/values
 */
public record GalleryItem(String id, Path path, ImageData data, Map<String, String> metadata) {
  /**
   * Validates the item.
   *
   * @param id see the record description
   * @param path see the record description
   * @param data see the record description
   * @param metadata see the record description
   */
  public GalleryItem {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException("Gallery item id is empty (path " + path + ")");
    }
    if ((path == null) == (data == null)) {
      throw new InvalidInputException("Gallery item " + id + " needs exactly one of path or data");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * @param id item id
   * @param path image file
   * @return the item without metadata
   */
  public static GalleryItem of(String id, Path path) {
    return new GalleryItem(id, path, null, Map.of());
  }

  /**
   * @param id item id
   * @param path image file
   * @param metadata metadata
   * @return the item
   */
  public static GalleryItem of(String id, Path path, Map<String, String> metadata) {
    return new GalleryItem(id, path, null, metadata);
  }

  /**
   * @param id item id
   * @param data encoded image
   * @param metadata metadata
   * @return the item
   */
  public static GalleryItem of(String id, ImageData data, Map<String, String> metadata) {
    return new GalleryItem(id, null, Objects.requireNonNull(data, "data"), metadata);
  }

  /**
   * @return the encoded image, read from disk if needed
   * @throws InvalidInputException if the file cannot be read
   */
  public ImageData image() {
    return data != null ? data : ImageData.read(path);
  }
}
