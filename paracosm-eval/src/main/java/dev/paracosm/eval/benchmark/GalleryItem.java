package dev.paracosm.eval.benchmark;

import dev.paracosm.BenchmarkDataException;
import dev.paracosm.image.ImageData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One image of a benchmark (a gallery image or a reference image): its id, where its file is
 * expected, and for GeneCIS attribute tasks the instance box to crop.
 *
 * <p>Nothing is checked on disk when the item is created; {@link #read()} reads (and crops) the
 * image and fails with {@link BenchmarkDataException} naming the path if the file is missing.
 *
 * @param id the item id used in rankings and submissions
 * @param candidatePaths the paths the image may have, in order of preference (FashionIQ images may
 *     be {@code .jpg} or {@code .png}); never empty
 * @param crop the box of a GeneCIS attribute crop, empty for whole images
 */
public record GalleryItem(String id, List<Path> candidatePaths, Optional<BoundingBox> crop) {
  /** Validates and copies. */
  public GalleryItem {
    Objects.requireNonNull(id, "id");
    candidatePaths = List.copyOf(candidatePaths);
    if (candidatePaths.isEmpty()) {
      throw new IllegalArgumentException("candidatePaths is empty for item " + id);
    }
    Objects.requireNonNull(crop, "crop");
  }

  /**
   * @return the first candidate path that exists, or the first (preferred) candidate when none
   *     exists yet
   */
  public Path path() {
    for (Path p : candidatePaths) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return candidatePaths.get(0);
  }

  /**
   * Reads the image file, applying the attribute crop when there is one.
   *
   * @return the encoded image (the original bytes for whole images, PNG for crops)
   * @throws BenchmarkDataException if no candidate file exists or it cannot be decoded
   */
  public ImageData read() {
    Path p = existingPath();
    ImageData data;
    try {
      data = ImageData.read(p);
    } catch (RuntimeException e) {
      throw new BenchmarkDataException("Cannot read image of item " + id + " at " + p + ": " + e.getMessage(), e);
    }
    if (crop.isEmpty()) {
      return data;
    }
    return ImageData.fromBufferedImage(cropped(data, p), p + "#crop[" + crop.get().compact() + "]");
  }

  /**
   * Reads and decodes the image (cropped for attribute items) as RGB pixels.
   *
   * @return the pixels
   * @throws BenchmarkDataException if no candidate file exists or it cannot be decoded
   */
  public BufferedImage readImage() {
    Path p = existingPath();
    ImageData data;
    try {
      data = ImageData.read(p);
    } catch (RuntimeException e) {
      throw new BenchmarkDataException("Cannot read image of item " + id + " at " + p + ": " + e.getMessage(), e);
    }
    return crop.isEmpty() ? AttributeCrop.toRgb(decode(data, p)) : cropped(data, p);
  }

  private BufferedImage cropped(ImageData data, Path p) {
    return AttributeCrop.apply(AttributeCrop.toRgb(decode(data, p)), crop.get(), "item " + id + " (" + p + ")");
  }

  private BufferedImage decode(ImageData data, Path p) {
    try {
      return data.decode();
    } catch (RuntimeException e) {
      throw new BenchmarkDataException("Image of item " + id + " at " + p + " cannot be decoded: " + e.getMessage(), e);
    }
  }

  private Path existingPath() {
    for (Path p : candidatePaths) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new BenchmarkDataException(
        "Image file of item " + id + " is missing: tried " + candidatePaths
            + " (download the benchmark images; see docs/evaluation.md)");
  }
}
