package dev.paracosm.eval.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import dev.paracosm.eval.metrics.InvalidRankingException;
import dev.paracosm.eval.metrics.InvalidRankingException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared ranking checks and JSON output for the writers. */
final class Rankings {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Rankings() {}

  static List<String> require(Benchmark b, Map<String, ? extends List<String>> rankings, BenchmarkQuery q) {
    List<String> r = rankings.get(q.id());
    if (r == null) {
      throw new InvalidRankingException(
          Reason.MISSING_QUERY, "No ranking for query " + q.id() + " of " + b.name() + " (" + b.split() + "); the server needs every query");
    }
    return r;
  }

  static void writeJson(JsonNode json, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      MAPPER.writeValue(tmp.toFile(), json);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot write submission file " + file + ": " + e, e);
    }
  }
}
