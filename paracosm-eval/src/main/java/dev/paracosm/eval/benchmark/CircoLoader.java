package dev.paracosm.eval.benchmark;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.paracosm.BenchmarkDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads CIRCO annotations and the COCO unlabeled2017 database (README §2). */
final class CircoLoader {
  private static final Logger LOG = LoggerFactory.getLogger(CircoLoader.class);

  private CircoLoader() {}

  static Path imageInfoFile(Path root) {
    return root.resolve("COCO2017_unlabeled").resolve("annotations").resolve("image_info_unlabeled2017.json");
  }

  static Benchmark load(Path root, String split) {
    Path annFile = root.resolve("annotations").resolve(split + ".json");
    if (!Files.isRegularFile(annFile)) {
      throw new BenchmarkDataException(
          "Missing CIRCO annotation file " + annFile
              + " (expected the layout <circo_root>/annotations/{val,test}.json from miccunifi/CIRCO)");
    }
    Path infoFile = imageInfoFile(root);
    if (!Files.isRegularFile(infoFile)) {
      throw new BenchmarkDataException(
          "Missing COCO image list " + infoFile
              + " (download image_info_unlabeled2017.json from cocodataset.org; it defines the CIRCO gallery)");
    }
    Path imageDir = root.resolve("COCO2017_unlabeled").resolve("unlabeled2017");
    List<String> gallery = new ArrayList<>();
    Map<String, GalleryItem> items = new LinkedHashMap<>();
    readImageInfo(infoFile, imageDir, gallery, items);

    JsonNode records = Json.array(Json.read(annFile, "CIRCO annotation"), annFile);
    List<BenchmarkQuery> queries = new ArrayList<>();
    int withTarget = 0;
    for (int i = 0; i < records.size(); i++) {
      String rec = "record " + i;
      JsonNode r = Json.object(records.get(i), annFile, rec);
      long id = Json.integer(r, "id", annFile, rec);
      rec = "record " + i + " (id " + id + ")";
      if (id != i) {
        throw new BenchmarkDataException(
            "CIRCO query id " + id + " of " + rec + " in " + annFile
                + " differs from its position " + i + " (the evaluation server uses the id as a list index)");
      }
      String reference = Long.toString(Json.integer(r, "reference_img_id", annFile, rec));
      requireInGallery(reference, "reference_img_id", items, infoFile, annFile, rec);
      BenchmarkQuery.Builder q = BenchmarkQuery.builder()
          .id(Long.toString(id))
          .referenceId(reference)
          .modificationText(Json.text(r, "relative_caption", annFile, rec))
          .sharedConcept(Json.text(r, "shared_concept", annFile, rec));
      boolean hasTarget = r.hasNonNull("target_img_id");
      boolean hasGt = r.hasNonNull("gt_img_ids");
      if (hasTarget != hasGt) {
        throw new BenchmarkDataException(
            rec + " in " + annFile + " has " + (hasTarget ? "target_img_id but no gt_img_ids" : "gt_img_ids but no target_img_id"));
      }
      if (hasTarget) {
        String target = Long.toString(Json.integer(r, "target_img_id", annFile, rec));
        List<String> gts = new ArrayList<>();
        for (long g : Json.integers(r, "gt_img_ids", annFile, rec)) {
          String gid = Long.toString(g);
          requireInGallery(gid, "gt_img_ids entry", items, infoFile, annFile, rec);
          if (gts.contains(gid)) {
            throw new BenchmarkDataException("gt_img_ids of " + rec + " in " + annFile + " lists " + gid + " twice");
          }
          gts.add(gid);
        }
        if (gts.isEmpty()) {
          throw new BenchmarkDataException("gt_img_ids of " + rec + " in " + annFile + " is empty");
        }
        requireInGallery(target, "target_img_id", items, infoFile, annFile, rec);
        if (!gts.contains(target)) {
          throw new BenchmarkDataException(
              "target_img_id " + target + " of " + rec + " in " + annFile + " is not among its gt_img_ids " + gts);
        }
        q.targetId(target).groundTruthIds(gts);
        withTarget++;
      }
      if (r.hasNonNull("semantic_aspects")) {
        q.semanticAspects(Json.texts(r, "semantic_aspects", annFile, rec));
      }
      queries.add(q.build());
    }
    if (withTarget != 0 && withTarget != queries.size()) {
      throw new BenchmarkDataException(
          annFile + ": " + withTarget + " of " + queries.size()
              + " records carry ground truth; a split must have it on every record (val) or on none (test)");
    }
    LOG.debug("Loaded CIRCO {}: {} queries, {} gallery images", split, queries.size(), gallery.size());
    return new Benchmark(BenchmarkKind.CIRCO, split, null, root, gallery, items, queries);
  }

  /** Streams the {@code images} array (≈123K entries) without building the whole tree. */
  private static void readImageInfo(Path infoFile, Path imageDir, List<String> gallery, Map<String, GalleryItem> items) {
    boolean sawImages = false;
    try (JsonParser p = Json.MAPPER.getFactory().createParser(infoFile.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BenchmarkDataException("Expected a JSON object at the top level of " + infoFile);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (!"images".equals(name)) {
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          throw new BenchmarkDataException("Field 'images' of " + infoFile + " must be an array");
        }
        sawImages = true;
        int i = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
          JsonNode img = p.readValueAsTree();
          String rec = "images[" + i + "]";
          long id = Json.integer(img, "id", infoFile, rec);
          String fileName = img.hasNonNull("file_name")
              ? Json.text(img, "file_name", infoFile, rec)
              : String.format(java.util.Locale.ROOT, "%012d.jpg", id);
          String key = Long.toString(id);
          if (items.containsKey(key)) {
            throw new BenchmarkDataException("Image id " + id + " is listed twice in " + infoFile + " (" + rec + ")");
          }
          gallery.add(key);
          items.put(key, new GalleryItem(key, List.of(imageDir.resolve(fileName)), Optional.empty()));
          i++;
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          throw new BenchmarkDataException("Entry " + i + " of 'images' in " + infoFile + " is not an object");
        }
      }
    } catch (IOException e) {
      throw new BenchmarkDataException("Cannot read COCO image list " + infoFile + ": " + e.getMessage(), e);
    }
    if (!sawImages) {
      throw new BenchmarkDataException("COCO image list " + infoFile + " has no 'images' array");
    }
  }

  private static void requireInGallery(
      String id, String what, Map<String, GalleryItem> items, Path infoFile, Path annFile, String rec) {
    if (!items.containsKey(id)) {
      throw new BenchmarkDataException(
          "Dangling image id: " + what + " " + id + " of " + rec + " in " + annFile + " is not listed in " + infoFile);
    }
  }
}
