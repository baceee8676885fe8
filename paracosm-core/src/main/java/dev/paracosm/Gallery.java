package dev.paracosm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** An ordered collection of {@link GalleryItem}s with unique ids. */
public final class Gallery implements Iterable<GalleryItem> {
  private static final Set<String> IMAGE_EXTENSIONS =
      Set.of("png", "jpg", "jpeg", "bmp", "gif", "webp");
  /** Optional file in a gallery directory mapping item id to metadata key/values. */
  public static final String METADATA_FILE = "metadata.json";

  private final List<GalleryItem> items;

  private Gallery(List<GalleryItem> items) {
    Set<String> seen = new HashSet<>();
    for (GalleryItem item : items) {
      if (!seen.add(item.id())) {
        throw new InvalidInputException("Duplicate gallery item id '" + item.id() + "'");
      }
    }
    this.items = List.copyOf(items);
  }

  /**
   * @param items items with unique ids
   * @return the gallery
   */
  public static Gallery of(List<GalleryItem> items) {
    return new Gallery(items);
  }

  /**
   * Every image file directly in {@code dir} (png, jpg, jpeg, bmp, gif, webp), sorted by name; the
   * id is the file name without extension. If {@code dir/metadata.json} exists it maps ids to
   * metadata objects ({@code {"red-dress": {"category": "dress"}}}).
   *
   * @param dir the directory
   * @return the gallery
   * @throws InvalidInputException if the directory is missing, or metadata names unknown ids
   */
  public static Gallery fromDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException("Gallery directory " + dir + " does not exist or is not a directory");
    }
    Map<String, Map<String, String>> metadata = Map.of();
    Path metaFile = dir.resolve(METADATA_FILE);
    if (Files.exists(metaFile)) {
      try {
        metadata = new ObjectMapper().readValue(metaFile.toFile(), new TypeReference<>() {});
      } catch (IOException e) {
        throw new InvalidInputException("Cannot parse gallery metadata " + metaFile
            + " (expected {\"<id>\": {\"key\": \"value\"}}): " + e.getMessage(), e);
      }
    }
    List<GalleryItem> items = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || !IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
          continue;
        }
        String id = name.substring(0, dot);
        items.add(GalleryItem.of(id, p, metadata.getOrDefault(id, Map.of())));
      }
    } catch (IOException e) {
      throw new InvalidInputException("Cannot list gallery directory " + dir + ": " + e, e);
    }
    Set<String> ids = new HashSet<>();
    items.forEach(i -> ids.add(i.id()));
    for (String id : metadata.keySet()) {
      if (!ids.contains(id)) {
        throw new InvalidInputException("Gallery metadata " + metaFile + " names item '" + id
            + "', which has no image file in " + dir);
      }
    }
    return new Gallery(items);
  }

  /** @return number of items */
  public int size() {
    return items.size();
  }

  /** @return the items in order */
  public List<GalleryItem> items() {
    return items;
  }

  @Override
  public Iterator<GalleryItem> iterator() {
    return items.iterator();
  }
}
