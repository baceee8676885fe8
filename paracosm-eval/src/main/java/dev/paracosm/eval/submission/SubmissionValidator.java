package dev.paracosm.eval.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.paracosm.InvalidInputException;
import dev.paracosm.eval.benchmark.Benchmark;
import dev.paracosm.eval.benchmark.BenchmarkKind;
import dev.paracosm.eval.benchmark.BenchmarkQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Offline checks of a submission file against the split it is for, before uploading it. Every
 * violation is collected (not just the first), each with its query id.
 *
 * <p>CIRR (either upload; the {@code metric} header says which): size at most {@link
 * #CIRR_MAX_BYTES}; {@code version} = rc2; {@code metric} = recall or recall_subset; every pairid of
 * the split present and no other key; per query exactly 50 (recall) or 3 (recall_subset) distinct
 * names (fewer only when the gallery is too small to have them), all in the split's gallery, never
 * the reference; recall_subset names drawn from the group members.
 *
 * <p>CIRCO: every query id ({@code "0"}..{@code "N-1"}) present and no other key; per query exactly
 * 50 distinct integer ids (ints or integer strings), all in the gallery. The CIRCO server publishes
 * no size limit, so none is checked.
 */
public final class SubmissionValidator {
  /** The CIRR server's upload limit ("max 5 MB"), taken as 5,000,000 bytes to be safe. */
  public static final long CIRR_MAX_BYTES = 5_000_000L;

  private SubmissionValidator() {}

  /**
   * Validates a CIRR or CIRCO submission file, depending on the benchmark.
   *
   * @param benchmark the split the file is for
   * @param file the submission file
   * @return the report (check {@link ValidationReport#isValid()} or call {@link
   *     ValidationReport#throwIfInvalid()})
   * @throws InvalidInputException if the benchmark has no test-server format
   */
  public static ValidationReport validate(Benchmark benchmark, Path file) {
    return switch (benchmark.kind()) {
      case CIRR -> validateCirr(benchmark, file);
      case CIRCO -> validateCirco(benchmark, file);
      default -> throw new InvalidInputException(
          "Benchmark " + benchmark.name() + " has no evaluation-server submission format (only CIRR and CIRCO do)");
    };
  }

  /**
   * @param benchmark a CIRR split
   * @param file a recall or recall_subset upload
   * @return the report
   */
  public static ValidationReport validateCirr(Benchmark benchmark, Path file) {
    requireKind(benchmark, BenchmarkKind.CIRR);
    List<Violation> out = new ArrayList<>();
    JsonNode root = read(file, out);
    try {
      long size = Files.size(file);
      if (size > CIRR_MAX_BYTES) {
        out.add(Violation.file("File is " + size + " bytes; the CIRR server accepts at most " + CIRR_MAX_BYTES));
      }
    } catch (IOException e) {
      // already reported by read()
    }
    if (root != null) {
      checkCirr(benchmark, root, out);
    }
    return new ValidationReport(file.toString(), out);
  }

  /**
   * @param benchmark a CIRCO split
   * @param file the upload
   * @return the report
   */
  public static ValidationReport validateCirco(Benchmark benchmark, Path file) {
    requireKind(benchmark, BenchmarkKind.CIRCO);
    List<Violation> out = new ArrayList<>();
    JsonNode root = read(file, out);
    if (root != null) {
      checkCirco(benchmark, root, out);
    }
    return new ValidationReport(file.toString(), out);
  }

  private static void checkCirr(Benchmark b, JsonNode root, List<Violation> out) {
    JsonNode version = root.get("version");
    if (version == null || !version.isTextual() || !CirrSubmission.VERSION.equals(version.asText())) {
      out.add(Violation.file("Header field \"version\" must be \"" + CirrSubmission.VERSION + "\" but is " + version));
    }
    JsonNode metric = root.get("metric");
    boolean subset;
    if (metric != null && metric.isTextual() && metric.asText().equals("recall")) {
      subset = false;
    } else if (metric != null && metric.isTextual() && metric.asText().equals("recall_subset")) {
      subset = true;
    } else {
      out.add(Violation.file("Header field \"metric\" must be \"recall\" or \"recall_subset\" but is " + metric
          + "; the lists are checked as \"recall\""));
      subset = false;
    }
    int gallery = b.galleryIds().size();
    Set<String> queryIds = new HashSet<>();
    for (BenchmarkQuery q : b.queries()) {
      queryIds.add(q.id());
      JsonNode v = root.get(q.id());
      if (v == null) {
        out.add(Violation.query(q.id(), "missing (the server needs every " + b.split() + " pairid)"));
        continue;
      }
      List<String> others = new ArrayList<>(q.groupMembers());
      others.remove(q.referenceId());
      int expected = subset ? Math.min(CirrSubmission.SUBSET_SIZE, others.size()) : Math.min(CirrSubmission.RECALL_SIZE, gallery - 1);
      List<String> ids = strings(q.id(), v, out);
      if (ids == null) {
        continue;
      }
      checkSizeAndUnique(q.id(), ids, expected, out);
      for (String id : ids) {
        if (id.equals(q.referenceId())) {
          out.add(Violation.query(q.id(), "lists its reference image '" + id + "' (the reference must be removed)"));
        } else if (!b.inGallery(id)) {
          out.add(Violation.query(q.id(), "lists '" + id + "', which is not in the " + b.split() + " gallery"));
        } else if (subset && !others.contains(id)) {
          out.add(Violation.query(q.id(), "recall_subset lists '" + id + "', which is not one of its group members " + others));
        }
      }
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("version") && !k.equals("metric") && !queryIds.contains(k)) {
        out.add(Violation.file("Unexpected key \"" + k + "\": not a pairid of " + b.split()));
      }
    }
  }

  private static void checkCirco(Benchmark b, JsonNode root, List<Violation> out) {
    int expected = Math.min(CircoSubmission.SIZE, b.galleryIds().size());
    Set<String> queryIds = new HashSet<>();
    for (BenchmarkQuery q : b.queries()) {
      queryIds.add(q.id());
      JsonNode v = root.get(q.id());
      if (v == null) {
        out.add(Violation.query(q.id(), "missing (the server needs every " + b.split() + " query id)"));
        continue;
      }
      if (!v.isArray()) {
        out.add(Violation.query(q.id(), "value must be an array of image ids but is " + v.getNodeType()));
        continue;
      }
      List<String> ids = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        String s = e.isIntegralNumber() ? e.asText() : e.isTextual() ? e.asText().trim() : null;
        Long parsed = null;
        if (s != null) {
          try {
            parsed = Long.parseLong(s);
          } catch (NumberFormatException ex) {
            parsed = null;
          }
        }
        if (parsed == null) {
          out.add(Violation.query(q.id(), "entry " + (i + 1) + " is " + e + ", not an integer COCO image id"));
          ok = false;
          continue;
        }
        ids.add(Long.toString(parsed));
      }
      if (!ok) {
        continue;
      }
      checkSizeAndUnique(q.id(), ids, expected, out);
      for (String id : ids) {
        if (!b.inGallery(id)) {
          out.add(Violation.query(q.id(), "lists image " + id + ", which is not in the CIRCO gallery (COCO unlabeled2017)"));
        }
      }
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!queryIds.contains(k)) {
        out.add(Violation.file("Unexpected key \"" + k + "\": not a query id of " + b.split()));
      }
    }
  }

  private static List<String> strings(String queryId, JsonNode v, List<Violation> out) {
    if (!v.isArray()) {
      out.add(Violation.query(queryId, "value must be an array of image names but is " + v.getNodeType()));
      return null;
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        out.add(Violation.query(queryId, "entry " + (i + 1) + " is " + v.get(i) + ", not an image name string"));
        return null;
      }
      ids.add(v.get(i).asText());
    }
    return ids;
  }

  private static void checkSizeAndUnique(String queryId, List<String> ids, int expected, List<Violation> out) {
    if (ids.size() != expected) {
      out.add(Violation.query(queryId, "has " + ids.size() + " ids; exactly " + expected + " are required"));
    }
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        out.add(Violation.query(queryId, "lists '" + id + "' more than once"));
      }
    }
  }

  private static JsonNode read(Path file, List<Violation> out) {
    if (!Files.isRegularFile(file)) {
      out.add(Violation.file("File " + file + " does not exist"));
      return null;
    }
    try {
      JsonNode root = Rankings.MAPPER.readTree(file.toFile());
      if (root == null || !root.isObject()) {
        out.add(Violation.file("Top level must be a JSON object but is " + (root == null ? "empty" : root.getNodeType())));
        return null;
      }
      return root;
    } catch (JsonProcessingException e) {
      out.add(Violation.file("Not valid JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      out.add(Violation.file("Cannot read: " + e));
    }
    return null;
  }

  private static void requireKind(Benchmark b, BenchmarkKind kind) {
    if (b.kind() != kind) {
      throw new InvalidInputException("Cannot validate a " + kind.id() + " submission against benchmark " + b.name());
    }
  }

}
