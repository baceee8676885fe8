package dev.paracosm.eval.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.BenchmarkDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Strict JSON field access for the loaders: every failure names the file and the record. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Reads a required file. */
  static JsonNode read(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new BenchmarkDataException("Missing " + what + " file: " + file);
    }
    try {
      return MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new BenchmarkDataException(
          "Malformed JSON in " + what + " file " + file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BenchmarkDataException("Cannot read " + what + " file " + file + ": " + e, e);
    }
  }

  static JsonNode array(JsonNode root, Path file) {
    if (root == null || !root.isArray()) {
      throw new BenchmarkDataException(
          "Expected a JSON array at the top level of " + file + " but found " + type(root));
    }
    return root;
  }

  static JsonNode object(JsonNode node, Path file, String record) {
    if (node == null || !node.isObject()) {
      throw new BenchmarkDataException(
          "Expected a JSON object for " + record + " in " + file + " but found " + type(node));
    }
    return node;
  }

  static JsonNode field(JsonNode obj, String name, Path file, String record) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      throw new BenchmarkDataException("Missing field '" + name + "' in " + record + " of " + file);
    }
    return v;
  }

  static String text(JsonNode obj, String name, Path file, String record) {
    JsonNode v = field(obj, name, file, record);
    if (!v.isTextual()) {
      throw new BenchmarkDataException(
          "Field '" + name + "' in " + record + " of " + file + " must be a string but is " + type(v));
    }
    return v.asText();
  }

  static long integer(JsonNode obj, String name, Path file, String record) {
    JsonNode v = field(obj, name, file, record);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new BenchmarkDataException(
          "Field '" + name + "' in " + record + " of " + file + " must be an integer but is " + v);
    }
    return v.asLong();
  }

  static double number(JsonNode v, String name, Path file, String record) {
    if (v == null || !v.isNumber()) {
      throw new BenchmarkDataException(
          "Field '" + name + "' in " + record + " of " + file + " must be a number but is " + type(v));
    }
    return v.asDouble();
  }

  static List<String> texts(JsonNode obj, String name, Path file, String record) {
    JsonNode v = field(obj, name, file, record);
    if (!v.isArray()) {
      throw new BenchmarkDataException(
          "Field '" + name + "' in " + record + " of " + file + " must be an array but is " + type(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new BenchmarkDataException(
            "Element " + i + " of '" + name + "' in " + record + " of " + file + " must be a string but is " + v.get(i));
      }
      out.add(v.get(i).asText());
    }
    return out;
  }

  static List<Long> integers(JsonNode obj, String name, Path file, String record) {
    JsonNode v = field(obj, name, file, record);
    if (!v.isArray()) {
      throw new BenchmarkDataException(
          "Field '" + name + "' in " + record + " of " + file + " must be an array but is " + type(v));
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isIntegralNumber()) {
        throw new BenchmarkDataException(
            "Element " + i + " of '" + name + "' in " + record + " of " + file + " must be an integer but is " + v.get(i));
      }
      out.add(v.get(i).asLong());
    }
    return out;
  }

  static String type(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "nothing";
    }
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
