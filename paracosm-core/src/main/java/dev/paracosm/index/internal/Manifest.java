package dev.paracosm.index.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.index.StorageType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The commit point of a {@code file} index: {@code manifest.json}, version 1.
 *
 * <pre>{@code
 * {"format_version": 1, "backend": "file", "generation": 2, "encoder_id": "...", "dimension": 512,
 *  "storage": "float32", "components": {"image": {"encoder_id": "..."}},
 *  "segments": [{"file": "seg-00000001-000.pcs", "records": 3, "bytes": 1234,
 *                "crc32c": "0a1b2c3d", "components": ["image"]}]}
 * }</pre>
 *
 * @param generation grows by one per commit
 * @param encoderId encoder of every component
 * @param dimension embedding dimension
 * @param storage storage type of every segment
 * @param components component name → encoder id tag
 * @param segments segments in merge order
 */
record Manifest(
    long generation,
    String encoderId,
    int dimension,
    StorageType storage,
    Map<String, String> components,
    List<SegmentRef> segments) {

  static final int FORMAT_VERSION = 1;
  static final String FILE = "manifest.json";
  static final Pattern SEGMENT_NAME = Pattern.compile("seg-\\d{8}-\\d{3}\\.pcs");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One segment entry. */
  record SegmentRef(String file, int records, long bytes, int crc32c, List<String> components) {}

  Manifest {
    components = new TreeMap<>(components);
    segments = List.copyOf(segments);
  }

  byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("backend", "file");
    root.put("generation", generation);
    root.put("encoder_id", encoderId);
    root.put("dimension", dimension);
    root.put("storage", storage.name().toLowerCase(Locale.ROOT));
    ObjectNode comps = root.putObject("components");
    components.forEach((name, enc) -> comps.putObject(name).put("encoder_id", enc));
    ArrayNode segs = root.putArray("segments");
    for (SegmentRef s : segments) {
      ObjectNode o = segs.addObject();
      o.put("file", s.file());
      o.put("records", s.records());
      o.put("bytes", s.bytes());
      o.put("crc32c", String.format("%08x", s.crc32c()));
      ArrayNode c = o.putArray("components");
      s.components().forEach(c::add);
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Manifest parse(byte[] json, Path path) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new FormatCorruptException("Index manifest " + path + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FormatCorruptException("Index manifest " + path + " is not a JSON object");
    }
    JsonNode v = root.get("format_version");
    if (v == null || !v.canConvertToInt()) {
      throw new FormatCorruptException("Index manifest " + path + " has no integer format_version");
    }
    if (v.asInt() != FORMAT_VERSION) {
      throw new FormatCorruptException("Index manifest " + path + " has format_version " + v.asInt()
          + "; this version of Paracosm supports format versions [" + FORMAT_VERSION + "]"
          + (v.asInt() > FORMAT_VERSION ? " (written by a newer Paracosm? upgrade to read it)" : ""));
    }
    try {
      long generation = req(root, "generation", path).asLong();
      String encoder = text(req(root, "encoder_id", path), "encoder_id", path);
      int dim = req(root, "dimension", path).asInt();
      if (dim < 1) {
        throw new FormatCorruptException("Index manifest " + path + " has dimension " + dim);
      }
      String st = text(req(root, "storage", path), "storage", path);
      StorageType storage = switch (st) {
        case "float32" -> StorageType.FLOAT32;
        case "float16" -> StorageType.FLOAT16;
        default -> throw new FormatCorruptException("Index manifest " + path + " has unknown storage '" + st
            + "' (expected float32 or float16)");
      };
      Map<String, String> comps = new TreeMap<>();
      JsonNode c = req(root, "components", path);
      c.fields().forEachRemaining(e -> comps.put(e.getKey(), text(req(e.getValue(), "encoder_id", path),
          "components." + e.getKey() + ".encoder_id", path)));
      List<SegmentRef> segs = new ArrayList<>();
      JsonNode sa = req(root, "segments", path);
      if (!sa.isArray()) {
        throw new FormatCorruptException("Index manifest " + path + ": segments is not an array");
      }
      for (JsonNode s : sa) {
        String file = text(req(s, "file", path), "segments[].file", path);
        if (!SEGMENT_NAME.matcher(file).matches()) {
          throw new FormatCorruptException("Index manifest " + path + " names an invalid segment file '" + file
              + "' (expected seg-NNNNNNNN-NNN.pcs)");
        }
        String crc = text(req(s, "crc32c", path), "segments[].crc32c", path);
        int crcValue;
        try {
          crcValue = (int) Long.parseLong(crc, 16);
        } catch (NumberFormatException e) {
          throw new FormatCorruptException("Index manifest " + path + " has a bad crc32c '" + crc + "' for " + file);
        }
        List<String> sc = new ArrayList<>();
        req(s, "components", path).forEach(x -> sc.add(x.asText()));
        segs.add(new SegmentRef(file, req(s, "records", path).asInt(), req(s, "bytes", path).asLong(), crcValue, sc));
      }
      return new Manifest(generation, encoder, dim, storage, comps, segs);
    } catch (FormatCorruptException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new FormatCorruptException("Index manifest " + path + " is malformed: " + e, e);
    }
  }

  private static JsonNode req(JsonNode node, String field, Path path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new FormatCorruptException("Index manifest " + path + " lacks the field '" + field + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String field, Path path) {
    if (!n.isTextual()) {
      throw new FormatCorruptException("Index manifest " + path + ": field '" + field + "' is not a string");
    }
    return n.asText();
  }
}
