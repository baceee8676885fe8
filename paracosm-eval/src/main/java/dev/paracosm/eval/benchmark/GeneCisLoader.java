package dev.paracosm.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paracosm.BenchmarkDataException;
import dev.paracosm.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads one GeneCIS task file (README §4). */
final class GeneCisLoader {
  private static final Logger LOG = LoggerFactory.getLogger(GeneCisLoader.class);
  static final String SPLIT = "v0";

  private GeneCisLoader() {}

  static Benchmark load(Path annotations, GeneCisTask task, Path imageDir) {
    Path file = Files.isDirectory(annotations) ? annotations.resolve(task.id() + ".json") : annotations;
    JsonNode records = Json.array(Json.read(file, "GeneCIS " + task.id() + " annotation"), file);
    Map<String, GalleryItem> items = new LinkedHashMap<>();
    Set<String> candidatesSeen = new LinkedHashSet<>();
    List<BenchmarkQuery> queries = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      String rec = "template " + i;
      JsonNode r = Json.object(records.get(i), file, rec);
      String condition = Json.text(r, "condition", file, rec);
      String reference = image(r.get("reference"), "reference", task, imageDir, items, file, rec);
      String target = image(r.get("target"), "target", task, imageDir, items, file, rec);
      JsonNode gal = Json.field(r, "gallery", file, rec);
      if (!gal.isArray() || gal.isEmpty()) {
        throw new BenchmarkDataException("Field 'gallery' of " + rec + " in " + file + " must be a non-empty array");
      }
      List<String> candidates = new ArrayList<>();
      candidates.add(target);
      for (int j = 0; j < gal.size(); j++) {
        candidates.add(image(gal.get(j), "gallery[" + j + "]", task, imageDir, items, file, rec));
      }
      candidatesSeen.addAll(candidates);
      queries.add(BenchmarkQuery.builder()
          .id(Integer.toString(i))
          .referenceId(reference)
          .modificationText(condition)
          .targetId(target)
          .gallery(candidates)
          .task(task.id())
          .build());
    }
    LOG.debug("Loaded GeneCIS {}: {} templates, {} distinct candidates", task.id(), queries.size(), candidatesSeen.size());
    return new Benchmark(BenchmarkKind.GENECIS, SPLIT, task.id(), file, new ArrayList<>(candidatesSeen), items, queries);
  }

  /** Parses one image object, registers its item and returns its id. */
  private static String image(
      JsonNode node, String what, GeneCisTask task, Path imageDir, Map<String, GalleryItem> items, Path file, String rec) {
    String where = what + " of " + rec;
    if (node == null || !node.isObject()) {
      throw new BenchmarkDataException("Field '" + what + "' of " + rec + " in " + file + " must be an image object but is " + Json.type(node));
    }
    if (!task.isAttributeTask()) {
      if (!node.has("val_image_id")) {
        throw new BenchmarkDataException(
            "Unexpected image object in " + where + " of " + file + ": object task " + task.id()
                + " needs 'val_image_id' (COCO val2017), found fields " + fieldNames(node));
      }
      long id = Json.integer(node, "val_image_id", file, where);
      String key = Long.toString(id);
      items.computeIfAbsent(key, k -> new GalleryItem(
          k, List.of(imageDir.resolve(String.format(Locale.ROOT, "%012d.jpg", id))), Optional.empty()));
      return key;
    }
    if (!node.has("image_id") || !node.has("instance_bbox")) {
      throw new BenchmarkDataException(
          "Unexpected image object in " + where + " of " + file + ": attribute task " + task.id()
              + " needs 'image_id' and 'instance_bbox' (Visual Genome), found fields " + fieldNames(node));
    }
    long id = Json.integer(node, "image_id", file, where);
    JsonNode b = Json.field(node, "instance_bbox", file, where);
    if (!b.isArray() || b.size() != 4) {
      throw new BenchmarkDataException("instance_bbox of " + where + " in " + file + " must be [x, y, w, h] but is " + b);
    }
    double[] v = new double[4];
    for (int k = 0; k < 4; k++) {
      v[k] = Json.number(b.get(k), "instance_bbox[" + k + "]", file, where);
    }
    BoundingBox box;
    try {
      box = new BoundingBox(v[0], v[1], v[2], v[3]);
    } catch (InvalidInputException e) {
      throw new BenchmarkDataException(e.getMessage() + " (" + where + " in " + file + ")", e);
    }
    String key = id + ":" + box.compact();
    items.computeIfAbsent(key, k -> new GalleryItem(k, List.of(imageDir.resolve(id + ".jpg")), Optional.of(box)));
    return key;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
