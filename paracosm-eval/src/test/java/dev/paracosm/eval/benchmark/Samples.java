package dev.paracosm.eval.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The vendored real-format samples (spec/benchmarks/samples) and helpers to break copies of them. */
public final class Samples {
  /** Root of the vendored samples, relative to the module directory (surefire's working dir). */
  public static final Path ROOT = Path.of("src/test/resources/benchmarks/samples");

  private Samples() {}

  /**
   * @param name sample folder ({@code cirr}, {@code circo}, {@code fashioniq}, {@code genecis})
   * @param dest where to copy it
   * @return {@code dest}
   */
  public static Path copy(String name, Path dest) {
    Path src = ROOT.resolve(name);
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = dest.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.createDirectories(t.getParent());
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dest;
  }

  /** Replaces the first occurrence of {@code from} in a file. */
  public static void replace(Path file, String from, String to) {
    try {
      String s = Files.readString(file);
      if (!s.contains(from)) {
        throw new IllegalStateException(from + " not in " + file);
      }
      Files.writeString(file, s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the CIRCO sample and writes a COCO image list naming every image its annotations (and
   * submission examples) mention, followed by {@code extra}.
   *
   * @param dest the new CIRCO root
   * @param extra further gallery ids
   * @return {@code dest}
   */
  public static Path circoRoot(Path dest, long... extra) {
    copy("circo", dest);
    java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      for (String split : new String[] {"val", "test"}) {
        for (var q : mapper.readTree(dest.resolve("annotations/" + split + ".json").toFile())) {
          ids.add(q.get("reference_img_id").asLong());
          q.path("gt_img_ids").forEach(g -> ids.add(g.asLong()));
        }
        for (var list : mapper.readTree(dest.resolve("submission_examples/submission_" + split + ".json").toFile())) {
          list.forEach(id -> ids.add(id.asLong()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (long e : extra) {
      ids.add(e);
    }
    writeImageInfo(dest, ids.stream().mapToLong(Long::longValue).toArray());
    return dest;
  }

  /**
   * Writes a COCO {@code image_info_unlabeled2017.json} listing the given ids, in order.
   *
   * @param circoRoot the CIRCO root
   * @param ids image ids
   */
  public static void writeImageInfo(Path circoRoot, long... ids) {
    StringBuilder sb = new StringBuilder("{\"info\": {\"year\": 2017}, \"images\": [");
    for (int i = 0; i < ids.length; i++) {
      sb.append(i == 0 ? "" : ", ")
          .append(String.format("{\"license\": 1, \"file_name\": \"%012d.jpg\", \"height\": 480, \"width\": 640, \"id\": %d}", ids[i], ids[i]));
    }
    sb.append("]}");
    Path f = circoRoot.resolve("COCO2017_unlabeled/annotations/image_info_unlabeled2017.json");
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
