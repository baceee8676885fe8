package dev.paracosm.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs every case listed in {@code index.json} of the directory named by {@code
 * PARACOSM_GOLDEN_FUSION_DIR} (default: the vendored copy of spec/golden-fusion) through the public
 * {@link Fuser}/{@link Ranker}/{@link Protocol} API and checks every expected field (method.md §9).
 */
class GoldenFusionTest {
  static final double SCORE_TOL = 1e-5;
  static final ObjectMapper JSON = new ObjectMapper();

  static Path casesDir() {
    String env = System.getenv("PARACOSM_GOLDEN_FUSION_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of("src/test/resources/golden-fusion");
  }

  @Test
  void everyGoldenCasePasses() throws IOException {
    Path dir = casesDir();
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    int passed = 0;
    List<String> failures = new ArrayList<>();
    for (JsonNode entry : index.get("cases")) {
      String file = entry.get("file").asText();
      List<String> problems = new ArrayList<>();
      try {
        runCase(JSON.readTree(dir.resolve(file).toFile()), entry, problems);
      } catch (RuntimeException e) {
        problems.add("threw " + e);
      }
      if (problems.isEmpty()) {
        passed++;
      } else {
        failures.add(entry.get("case_id").asText() + ": " + String.join("; ", problems.subList(0,
            Math.min(5, problems.size()))));
      }
    }
    System.out.println("golden-fusion: " + passed + " passed, " + failures.size() + " failed");
    assertThat(failures).as("golden fusion cases in %s", dir).isEmpty();
    assertThat(passed).as("cases run").isPositive();
  }

  static FusionConfig config(JsonNode c, JsonNode indexEntry) {
    Mode mode = Mode.fromId(c.get("mode").asText());
    JsonNode cfg = c.path("config");
    FusionConfig.Builder b = FusionConfig.builder().mode(mode);
    double lambda = cfg.has("lambda") ? cfg.get("lambda").asDouble()
        : indexEntry.has("lambda") && !indexEntry.get("lambda").isNull() ? indexEntry.get("lambda").asDouble()
        : FusionConfig.DEFAULT_LAMBDA;
    b.lambda(lambda);
    if (cfg.has("profile")) {
      b.profile(Profile.fromId(cfg.get("profile").asText()));
    }
    if (mode == Mode.PARACOSM) {
      if (cfg.has("query_parts")) {
        Set<QueryComponent> q = new LinkedHashSet<>();
        cfg.get("query_parts").forEach(n -> q.add(QueryComponent.fromId(n.asText())));
        b.queryParts(q);
      }
      if (cfg.has("db_parts")) {
        Set<GalleryComponent> g = new LinkedHashSet<>();
        cfg.get("db_parts").forEach(n -> g.add(GalleryComponent.fromId(n.asText())));
        b.galleryParts(g);
      }
    }
    return b.build();
  }

  static void runCase(JsonNode c, JsonNode indexEntry, List<String> problems) {
    FusionConfig config = config(c, indexEntry);
    Protocol protocol = Protocol.fromId(c.get("protocol").asText());
    Fuser fuser = Fuser.standard();
    Ranker ranker = Ranker.exact();
    FloatMatrix sharedPhi = null;
    List<String> sharedIds = null;
    if (c.has("database") && !c.get("database").isNull()) {
      JsonNode db = c.get("database");
      sharedIds = strings(db.get("ids"));
      sharedPhi = fuser.galleryMatrix(galleryComponents(db.get("items")), config);
      compareMatrix("database.phi", sharedPhi, db.get("phi"), problems);
    }
    for (JsonNode q : c.get("queries")) {
      String qid = q.get("query_id").asText();
      JsonNode exp = q.get("expected");
      FloatMatrix phi = sharedPhi;
      List<String> ids = sharedIds;
      if (q.has("gallery")) {
        ids = strings(q.get("gallery").get("ids"));
        phi = fuser.galleryMatrix(galleryComponents(q.get("gallery").get("items")), config);
        compareMatrix(qid + ".gallery_phi", phi, q.get("gallery_phi"), problems);
      }
      Map<QueryComponent, float[]> qc = new EnumMap<>(QueryComponent.class);
      q.fields().forEachRemaining(f -> {
        if (f.getValue().isArray() && f.getValue().size() > 0 && f.getValue().get(0).isNumber()) {
          qc.put(QueryComponent.fromId(f.getKey()), floats(f.getValue()));
        }
      });
      float[] qv = fuser.queryVector(qc, config);
      compareVector(qid + ".query_vector", qv, exp.get("query_vector"), problems);

      Ranking full = ranker.rank(FloatMatrix.of(qv), phi, Integer.MAX_VALUE, null).get(0);
      double[] cosByRow = new double[phi.rows()];
      List<String> ranking = new ArrayList<>();
      for (int i = 0; i < full.size(); i++) {
        cosByRow[full.index(i)] = full.score(i);
        ranking.add(ids.get(full.index(i)));
      }
      compareVector(qid + ".scores_cosine", cosByRow, exp.get("scores_cosine"), problems);
      if (exp.has("scores_dot")) {
        double qn = 0;
        for (float x : qv) {
          qn += (double) x * x;
        }
        qn = Math.sqrt(qn);
        double[] dot = new double[cosByRow.length];
        for (int i = 0; i < dot.length; i++) {
          dot[i] = cosByRow[i] * qn;
        }
        compareVector(qid + ".scores_dot", dot, exp.get("scores_dot"), problems);
      }
      equal(qid + ".ranking", ranking, strings(exp.get("ranking")), problems);

      String referenceId = q.has("reference_id") ? q.get("reference_id").asText() : null;
      List<String> reported = protocol.apply(ranking, referenceId);
      if (exp.has("ranking_excluding_reference")) {
        equal(qid + ".ranking_excluding_reference", reported, strings(exp.get("ranking_excluding_reference")),
            problems);
      }
      if (exp.has("top50")) {
        // also exercise the top-k path of the ranker, not only the full ranking
        int depth = protocol.rankDepth(50);
        Ranking topk = ranker.rank(FloatMatrix.of(qv), phi, depth, null).get(0);
        List<String> topIds = new ArrayList<>();
        for (int i = 0; i < topk.size(); i++) {
          topIds.add(ids.get(topk.index(i)));
        }
        List<String> top50 = protocol.apply(topIds, referenceId);
        top50 = top50.subList(0, Math.min(50, top50.size()));
        equal(qid + ".top50", top50, strings(exp.get("top50")), problems);
      }
      if (exp.has("subset_ranking")) {
        List<String> subset = Protocol.subsetRanking(reported, strings(q.get("group_members")));
        equal(qid + ".subset_ranking", subset, strings(exp.get("subset_ranking")), problems);
        if (exp.has("subset_top3")) {
          equal(qid + ".subset_top3", subset.subList(0, Math.min(3, subset.size())),
              strings(exp.get("subset_top3")), problems);
        }
      }
      if (exp.has("target_rank")) {
        String target = q.has("target_id") ? q.get("target_id").asText() : ids.get(0);
        int rank = ranking.indexOf(target);
        if (rank != exp.get("target_rank").asInt()) {
          problems.add(qid + ".target_rank: got " + rank + ", expected " + exp.get("target_rank"));
        }
        if (exp.has("recall_at")) {
          exp.get("recall_at").fields().forEachRemaining(f -> {
            int k = Integer.parseInt(f.getKey());
            int got = rank < k ? 1 : 0;
            if (got != f.getValue().asInt()) {
              problems.add(qid + ".recall_at." + k + ": got " + got + ", expected " + f.getValue());
            }
          });
        }
      }
    }
  }

  static Map<GalleryComponent, FloatMatrix> galleryComponents(JsonNode items) {
    Map<String, List<float[]>> byName = new java.util.LinkedHashMap<>();
    for (JsonNode item : items) {
      item.fields().forEachRemaining(f -> byName.computeIfAbsent(f.getKey(), k -> new ArrayList<>())
          .add(floats(f.getValue())));
    }
    Map<GalleryComponent, FloatMatrix> out = new EnumMap<>(GalleryComponent.class);
    byName.forEach((name, rows) -> {
      if (rows.size() != items.size()) {
        throw new IllegalStateException("component " + name + " missing for some items");
      }
      out.put(GalleryComponent.fromId(name), FloatMatrix.of(rows));
    });
    return out;
  }

  static float[] floats(JsonNode arr) {
    float[] v = new float[arr.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) arr.get(i).asDouble();
    }
    return v;
  }

  static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  static void compareVector(String what, float[] got, JsonNode expected, List<String> problems) {
    double[] d = new double[got.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = got[i];
    }
    compareVector(what, d, expected, problems);
  }

  static void compareVector(String what, double[] got, JsonNode expected, List<String> problems) {
    if (expected == null) {
      return;
    }
    if (expected.size() != got.length) {
      problems.add(what + ": length " + got.length + ", expected " + expected.size());
      return;
    }
    for (int i = 0; i < got.length; i++) {
      double e = expected.get(i).asDouble();
      if (Math.abs(got[i] - e) > SCORE_TOL) {
        problems.add(what + "[" + i + "]: got " + got[i] + ", expected " + e);
        return;
      }
    }
  }

  static void compareMatrix(String what, FloatMatrix got, JsonNode expected, List<String> problems) {
    if (expected == null || expected.isNull()) {
      return;
    }
    if (expected.size() != got.rows()) {
      problems.add(what + ": " + got.rows() + " rows, expected " + expected.size());
      return;
    }
    for (int r = 0; r < got.rows(); r++) {
      compareVector(what + "[" + r + "]", got.row(r), expected.get(r), problems);
    }
  }

  static void equal(String what, List<String> got, List<String> expected, List<String> problems) {
    if (!got.equals(expected)) {
      problems.add(what + ": got " + abbreviate(got) + ", expected " + abbreviate(expected));
    }
  }

  static String abbreviate(List<String> l) {
    return l.size() <= 8 ? l.toString() : l.subList(0, 8) + "...(" + l.size() + ")";
  }

  @Test
  void negativeControlWrongLambdaIsDetected() throws IOException {
    // A case run with λ forced to 0.9 must fail: the checker is not vacuous.
    Path dir = casesDir();
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    int detected = 0;
    int tried = 0;
    for (JsonNode entry : index.get("cases")) {
      JsonNode c = JSON.readTree(dir.resolve(entry.get("file").asText()).toFile());
      if (!"paracosm".equals(c.get("mode").asText())) {
        continue;
      }
      // λ only matters when both the mental-image group and t_mod are query parts
      FusionConfig cfg = config(c, entry);
      boolean lambdaMatters = cfg.queryParts().contains(QueryComponent.T_MOD)
          && (cfg.queryParts().contains(QueryComponent.MENTAL_IMAGE)
              || cfg.queryParts().contains(QueryComponent.T_QUERY));
      if (!lambdaMatters) {
        continue;
      }
      tried++;
      ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("config")).put("lambda", 0.9);
      List<String> problems = new ArrayList<>();
      try {
        runCase(c, entry, problems);
      } catch (RuntimeException e) {
        problems.add(e.toString());
      }
      if (!problems.isEmpty()) {
        detected++;
      }
    }
    assertThat(tried).isPositive();
    assertThat(detected).as("cases whose checks notice λ=0.9").isEqualTo(tried);
  }

  @Test
  void vendoredCopyMatchesSharedSpecWhenPresent() throws IOException {
    Path shared = Path.of("../../shared/spec/golden-fusion/index.json");
    if (Files.exists(shared)) {
      assertThat(Files.readString(Path.of("src/test/resources/golden-fusion/index.json")))
          .isEqualTo(Files.readString(shared));
    }
  }
}
