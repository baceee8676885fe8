package dev.paracosm.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paracosm.BenchmarkDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads CIRR rc2 annotations (README §1). */
final class CirrLoader {
  private static final Logger LOG = LoggerFactory.getLogger(CirrLoader.class);
  static final String VERSION = "rc2";

  private CirrLoader() {}

  static Benchmark load(Path root, String split) {
    Path annotations = Files.isDirectory(root.resolve("cirr").resolve("captions")) ? root.resolve("cirr") : root;
    Path captions = annotations.resolve("captions").resolve("cap." + VERSION + "." + split + ".json");
    Path splitFile = annotations.resolve("image_splits").resolve("split." + VERSION + "." + split + ".json");
    requireVersion(captions, annotations.resolve("captions"), "cap.", split);
    requireVersion(splitFile, annotations.resolve("image_splits"), "split.", split);

    JsonNode splitRoot = Json.read(splitFile, "CIRR image split");
    if (!splitRoot.isObject()) {
      throw new BenchmarkDataException(
          "Expected a JSON object (image name -> relative path) in " + splitFile + " but found " + Json.type(splitRoot));
    }
    List<String> gallery = new ArrayList<>();
    Map<String, GalleryItem> items = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = splitRoot.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new BenchmarkDataException(
            "Image '" + e.getKey() + "' in " + splitFile + " must map to a relative path string but maps to " + e.getValue());
      }
      String rel = e.getValue().asText();
      Path p = root.resolve(rel.startsWith("./") ? rel.substring(2) : rel).normalize();
      gallery.add(e.getKey());
      items.put(e.getKey(), new GalleryItem(e.getKey(), List.of(p), java.util.Optional.empty()));
    }

    Map<Long, List<String>> ext = loadExtended(annotations, split);
    JsonNode records = Json.array(Json.read(captions, "CIRR captions"), captions);
    List<BenchmarkQuery> queries = new ArrayList<>();
    Set<Long> pairIds = new HashSet<>();
    int withTarget = 0;
    for (int i = 0; i < records.size(); i++) {
      String rec = "record " + i;
      JsonNode r = Json.object(records.get(i), captions, rec);
      long pairId = Json.integer(r, "pairid", captions, rec);
      rec = "record " + i + " (pairid " + pairId + ")";
      if (!pairIds.add(pairId)) {
        throw new BenchmarkDataException("Duplicate pairid " + pairId + " in " + rec + " of " + captions);
      }
      String reference = Json.text(r, "reference", captions, rec);
      String caption = Json.text(r, "caption", captions, rec);
      JsonNode imgSet = Json.object(Json.field(r, "img_set", captions, rec), captions, rec + " img_set");
      List<String> members = Json.texts(imgSet, "members", captions, rec + " img_set");
      requireInGallery(reference, "reference", items, splitFile, captions, rec);
      for (String m : members) {
        requireInGallery(m, "img_set member", items, splitFile, captions, rec);
      }
      if (!members.contains(reference)) {
        throw new BenchmarkDataException(
            "Reference '" + reference + "' of " + rec + " in " + captions + " is not one of its img_set.members " + members);
      }
      BenchmarkQuery.Builder q =
          BenchmarkQuery.builder().id(Long.toString(pairId)).referenceId(reference).modificationText(caption).groupMembers(members);
      if (r.hasNonNull("target_hard")) {
        String target = Json.text(r, "target_hard", captions, rec);
        requireInGallery(target, "target_hard", items, splitFile, captions, rec);
        if (!members.contains(target)) {
          throw new BenchmarkDataException(
              "target_hard '" + target + "' of " + rec + " in " + captions + " is not one of its img_set.members " + members);
        }
        if (target.equals(reference)) {
          throw new BenchmarkDataException("target_hard of " + rec + " in " + captions + " equals the reference '" + reference + "'");
        }
        q.targetId(target);
        withTarget++;
      }
      if (r.hasNonNull("target_soft")) {
        JsonNode soft = Json.object(r.get("target_soft"), captions, rec + " target_soft");
        Map<String, Double> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = soft.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          labels.put(e.getKey(), Json.number(e.getValue(), "target_soft." + e.getKey(), captions, rec));
        }
        q.softTargets(labels);
      }
      List<String> aux = ext.remove(pairId);
      if (aux != null) {
        q.auxiliaryTexts(aux);
      }
      queries.add(q.build());
    }
    if (withTarget != 0 && withTarget != queries.size()) {
      throw new BenchmarkDataException(
          captions + ": " + withTarget + " of " + queries.size()
              + " records carry target_hard; a split must have it on every record (val/train) or on none (test1)");
    }
    if (!ext.isEmpty()) {
      throw new BenchmarkDataException(
          "captions_ext file for split " + split + " under " + annotations.resolve("captions_ext")
              + " has pairids absent from " + captions + ": " + ext.keySet().stream().limit(10).toList());
    }
    LOG.debug("Loaded CIRR {}: {} queries, {} images", split, queries.size(), gallery.size());
    return new Benchmark(BenchmarkKind.CIRR, split, null, root, gallery, items, queries);
  }

  private static Map<Long, List<String>> loadExtended(Path annotations, String split) {
    Path file = annotations.resolve("captions_ext").resolve("cap.ext." + VERSION + "." + split + ".json");
    Map<Long, List<String>> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    JsonNode records = Json.array(Json.read(file, "CIRR extended captions"), file);
    for (int i = 0; i < records.size(); i++) {
      String rec = "record " + i;
      JsonNode r = Json.object(records.get(i), file, rec);
      long pairId = Json.integer(r, "pairid", file, rec);
      JsonNode ce = Json.object(Json.field(r, "caption_extend", file, rec), file, rec + " caption_extend");
      List<String> texts = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = ce.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new BenchmarkDataException(
              "caption_extend." + e.getKey() + " of record " + i + " (pairid " + pairId + ") in " + file + " must be a string");
        }
        texts.add(e.getValue().asText());
      }
      out.put(pairId, texts);
    }
    return out;
  }

  private static void requireInGallery(
      String id, String what, Map<String, GalleryItem> items, Path splitFile, Path captions, String rec) {
    if (!items.containsKey(id)) {
      throw new BenchmarkDataException(
          "Dangling image id: " + what + " '" + id + "' of " + rec + " in " + captions + " is not listed in " + splitFile);
    }
  }

  /** Fails with a version hint when the rc2 file is missing but another version is present. */
  private static void requireVersion(Path expected, Path dir, String prefix, String split) {
    if (Files.isRegularFile(expected)) {
      return;
    }
    List<String> others = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.map(p -> p.getFileName().toString())
            .filter(n -> n.startsWith(prefix) && n.endsWith("." + split + ".json"))
            .sorted()
            .forEach(others::add);
      } catch (IOException e) {
        throw new BenchmarkDataException("Cannot list " + dir + ": " + e, e);
      }
    }
    String hint = others.isEmpty()
        ? " (expected the layout <cirr_root>/cirr/captions/cap.rc2.<split>.json and image_splits/split.rc2.<split>.json)"
        : "; found " + others + " but only CIRR version " + VERSION + " is supported";
    throw new BenchmarkDataException("Missing CIRR " + split + " file " + expected + hint);
  }
}
