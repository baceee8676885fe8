package dev.paracosm.eval.benchmark;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the standard CIR benchmarks from their official on-disk layouts (see docs/evaluation.md).
 *
 * <p>Only annotation files are read; image files are located lazily. Every problem with the data
 * (missing file, unsupported version, missing field, an image id that the split does not list)
 * raises {@link dev.paracosm.BenchmarkDataException} naming the file and record.
 */
public final class Benchmarks {
  private Benchmarks() {}

  /**
   * Loads a CIRR split (annotation version rc2).
   *
   * @param root the CIRR root: either {@code <cirr_root>} holding {@code cirr/captions}, {@code
   *     cirr/image_splits} and the image folders, or the annotation folder itself; relative image
   *     paths of the split file ({@code ./dev/...}) are resolved against {@code root}
   * @param split {@code val}, {@code test1} or {@code train}
   * @return the benchmark; queries carry {@code target_hard} on val/train only
   */
  public static Benchmark cirr(Path root, String split) {
    return CirrLoader.load(Objects.requireNonNull(root, "root"), Objects.requireNonNull(split, "split"));
  }

  /**
   * Loads a CIRCO split. The gallery is every image of {@code
   * COCO2017_unlabeled/annotations/image_info_unlabeled2017.json} in file order.
   *
   * @param root the CIRCO root holding {@code annotations/<split>.json} and {@code COCO2017_unlabeled/}
   * @param split {@code val} or {@code test}
   * @return the benchmark
   */
  public static Benchmark circo(Path root, String split) {
    return CircoLoader.load(Objects.requireNonNull(root, "root"), Objects.requireNonNull(split, "split"));
  }

  /**
   * Loads one FashionIQ category.
   *
   * @param root the FashionIQ root holding {@code captions/}, {@code image_splits/} and {@code images/}
   * @param category the category
   * @param split {@code val}, {@code test} or {@code train}
   * @return the benchmark of that category (its own gallery)
   */
  public static Benchmark fashionIq(Path root, FashionIqCategory category, String split) {
    return FashionIqLoader.load(
        Objects.requireNonNull(root, "root"), Objects.requireNonNull(category, "category"), Objects.requireNonNull(split, "split"));
  }

  /**
   * Loads all three FashionIQ categories.
   *
   * @param root the FashionIQ root
   * @param split {@code val}, {@code test} or {@code train}
   * @return one benchmark per category, in the order dress, shirt, toptee
   */
  public static Map<FashionIqCategory, Benchmark> fashionIq(Path root, String split) {
    Map<FashionIqCategory, Benchmark> out = new EnumMap<>(FashionIqCategory.class);
    for (FashionIqCategory c : FashionIqCategory.values()) {
      out.put(c, fashionIq(root, c, split));
    }
    return out;
  }

  /**
   * Loads one GeneCIS task.
   *
   * @param annotations the folder holding {@code <task>.json} (or that file itself)
   * @param task the task
   * @param imageDir COCO {@code val2017/} for object tasks, the Visual Genome image folder ({@code
   *     VG_100K_all/} or {@code VG_All/}) for attribute tasks
   * @return the benchmark; each query's {@link BenchmarkQuery#gallery()} is {@code [target,
   *     gallery...]}
   */
  public static Benchmark geneCis(Path annotations, GeneCisTask task, Path imageDir) {
    return GeneCisLoader.load(
        Objects.requireNonNull(annotations, "annotations"), Objects.requireNonNull(task, "task"), Objects.requireNonNull(imageDir, "imageDir"));
  }
}
