package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.fusion.FloatMatrix;
import dev.paracosm.fusion.Fuser;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.GalleryComponent;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.Profile;
import dev.paracosm.fusion.QueryComponent;
import dev.paracosm.fusion.Ranking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden fusion cases (method.md §9) run end to end through a persisted gallery index: raw
 * database components are committed, φ comes from {@link IndexSnapshot#fused}, and {@link
 * IndexSnapshot#search} must reproduce {@code expected.ranking} exactly (before protocol
 * post-processing) with cosines within 1e-5 (float32 storage). Cases with a per-query gallery
 * (GeneCIS) are skipped here. Cases come from {@code $PARACOSM_GOLDEN_FUSION_DIR}, defaulting to the
 * vendored copy.
 */
@Timeout(120)
class IndexGoldenTest {
  @TempDir Path tmp;

  private static Path casesDir() {
    String env = System.getenv("PARACOSM_GOLDEN_FUSION_DIR");
    return Path.of(env != null && !env.isBlank() ? env : "src/test/resources/golden-fusion");
  }

  private static float[] vector(JsonNode node) {
    float[] v = new float[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) node.get(i).asDouble();
    }
    return v;
  }

  @Test
  void goldenRankingsHoldThroughTheIndex() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Path> files;
    try (Stream<Path> s = Files.list(casesDir())) {
      files = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("index.json"))
          .sorted().toList();
    }
    int passed = 0;
    List<String> failures = new ArrayList<>();
    int caseNo = 0;
    for (Path file : files) {
      JsonNode c = json.readTree(file.toFile());
      if (!c.has("database") || !c.has("queries") || c.get("queries").get(0).has("gallery")) {
        continue;
      }
      String caseId = c.get("case_id").asText();
      try {
        Mode mode = Mode.fromId(c.get("mode").asText());
        JsonNode cfg = c.get("config");
        Set<QueryComponent> qParts = null;
        Set<GalleryComponent> dParts = null;
        Profile profile = Profile.CODE;
        double lambda = FusionConfig.DEFAULT_LAMBDA;
        if (mode == Mode.PARACOSM) {
          profile = Profile.fromId(cfg.get("profile").asText());
          lambda = cfg.get("lambda").asDouble();
          qParts = new HashSet<>();
          for (JsonNode p : cfg.get("query_parts")) {
            qParts.add(QueryComponent.fromId(p.asText()));
          }
          dParts = new HashSet<>();
          for (JsonNode p : cfg.get("db_parts")) {
            dParts.add(GalleryComponent.fromId(p.asText()));
          }
        }
        FusionConfig config = new FusionConfig(mode, lambda, profile, qParts, dParts);
        int dim = c.get("dim").asInt();
        Path dir = tmp.resolve("case-" + caseNo++);
        JsonNode ids = c.get("database").get("ids");
        JsonNode items = c.get("database").get("items");
        try (GalleryIndex index = GalleryIndex.open(dir, IndexOptions.builder().encoderId("golden")
            .dimension(dim).build())) {
          for (int i = 0; i < ids.size(); i++) {
            Map<String, float[]> comps = new LinkedHashMap<>();
            items.get(i).fields().forEachRemaining(e -> comps.put(e.getKey(), vector(e.getValue())));
            index.add(new IndexedItem(ids.get(i).asText(), Map.of(), comps));
          }
          index.commit();
        }
        try (GalleryIndex index = GalleryIndex.openReadOnly(dir)) {
          IndexSnapshot snap = index.snapshot();
          for (JsonNode q : c.get("queries")) {
            Map<QueryComponent, float[]> comps = new EnumMap<>(QueryComponent.class);
            q.fields().forEachRemaining(e -> {
              if (e.getValue().isArray() && e.getValue().size() == dim && e.getValue().get(0).isNumber()) {
                comps.put(QueryComponent.fromId(e.getKey()), vector(e.getValue()));
              }
            });
            float[] qv = Fuser.standard().queryVector(comps, config);
            Ranking r = snap.search(FloatMatrix.of(qv), config, Integer.MAX_VALUE, MetadataFilter.all()).get(0);
            JsonNode expected = q.get("expected");
            List<String> got = new ArrayList<>();
            for (int p = 0; p < r.size(); p++) {
              got.add(snap.id(r.index(p)));
            }
            List<String> want = new ArrayList<>();
            expected.get("ranking").forEach(x -> want.add(x.asText()));
            assertThat(got).as("%s %s ranking", caseId, q.get("query_id").asText()).isEqualTo(want);
            JsonNode cos = expected.get("scores_cosine");
            for (int p = 0; p < r.size(); p++) {
              assertThat((double) r.score(p)).as("%s %s score of %s", caseId, q.get("query_id").asText(), got.get(p))
                  .isCloseTo(cos.get(r.index(p)).asDouble(), org.assertj.core.api.Assertions.within(1e-5));
            }
          }
        }
        passed++;
      } catch (AssertionError | RuntimeException e) {
        failures.add(caseId + ": " + e.getMessage());
      }
    }
    System.out.println("golden-index: " + passed + " passed, " + failures.size() + " failed");
    assertThat(failures).as("failed golden cases").isEmpty();
    assertThat(passed).as("cases run").isPositive();
  }
}
