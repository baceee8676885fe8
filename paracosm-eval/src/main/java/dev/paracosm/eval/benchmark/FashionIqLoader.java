package dev.paracosm.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paracosm.BenchmarkDataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads one FashionIQ category (README §3). */
final class FashionIqLoader {
  private static final Logger LOG = LoggerFactory.getLogger(FashionIqLoader.class);

  private FashionIqLoader() {}

  static Benchmark load(Path root, FashionIqCategory category, String split) {
    String c = category.id();
    Path capFile = root.resolve("captions").resolve("cap." + c + "." + split + ".json");
    Path splitFile = root.resolve("image_splits").resolve("split." + c + "." + split + ".json");
    Path imageDir = root.resolve("images");
    JsonNode ids = Json.array(Json.read(splitFile, "FashionIQ image split"), splitFile);
    List<String> gallery = new ArrayList<>();
    Map<String, GalleryItem> items = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      JsonNode v = ids.get(i);
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new BenchmarkDataException("Entry " + i + " of " + splitFile + " must be an ASIN string but is " + v);
      }
      String asin = v.asText();
      if (items.containsKey(asin)) {
        throw new BenchmarkDataException("ASIN " + asin + " is listed twice in " + splitFile + " (entry " + i + ")");
      }
      gallery.add(asin);
      items.put(asin, new GalleryItem(
          asin, List.of(imageDir.resolve(asin + ".jpg"), imageDir.resolve(asin + ".png")), Optional.empty()));
    }
    JsonNode records = Json.array(Json.read(capFile, "FashionIQ captions"), capFile);
    List<BenchmarkQuery> queries = new ArrayList<>();
    int withTarget = 0;
    for (int i = 0; i < records.size(); i++) {
      String rec = "record " + i;
      JsonNode r = Json.object(records.get(i), capFile, rec);
      String candidate = Json.text(r, "candidate", capFile, rec);
      requireInGallery(candidate, "candidate", items, splitFile, capFile, rec);
      List<String> captions = Json.texts(r, "captions", capFile, rec);
      if (captions.isEmpty()) {
        throw new BenchmarkDataException("Field 'captions' of " + rec + " in " + capFile + " is empty");
      }
      if (captions.size() != 2) {
        LOG.warn("{} in {} has {} captions (FashionIQ records have two)", rec, capFile, captions.size());
      }
      BenchmarkQuery.Builder q = BenchmarkQuery.builder().id(Integer.toString(i)).referenceId(candidate).task(c);
      captions.forEach(q::modificationText);
      if (r.hasNonNull("target")) {
        String target = Json.text(r, "target", capFile, rec);
        requireInGallery(target, "target", items, splitFile, capFile, rec);
        q.targetId(target);
        withTarget++;
      }
      queries.add(q.build());
    }
    if (withTarget != 0 && withTarget != queries.size()) {
      throw new BenchmarkDataException(
          capFile + ": " + withTarget + " of " + queries.size()
              + " records carry a target; a split must have it on every record (val/train) or on none (test)");
    }
    LOG.debug("Loaded FashionIQ {} {}: {} queries, {} images", c, split, queries.size(), gallery.size());
    return new Benchmark(BenchmarkKind.FASHIONIQ, split, c, root, gallery, items, queries);
  }

  private static void requireInGallery(
      String id, String what, Map<String, GalleryItem> items, Path splitFile, Path capFile, String rec) {
    if (!items.containsKey(id)) {
      throw new BenchmarkDataException(
          "Dangling image id: " + what + " '" + id + "' of " + rec + " in " + capFile + " is not listed in " + splitFile);
    }
  }
}
