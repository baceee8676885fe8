package dev.paracosm.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paracosm.eval.experiment.ResultRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {

  static ResultRecord rec(String dataset, String subset, String mode, double lambda, Map<String, Double> metrics) {
    return new ResultRecord(dataset + subset + mode + lambda, "exp", dataset, "val", subset, "enc", mode, lambda,
        "code", dataset, List.of(), List.of(), null, Map.of(), 50, 10, 0, metrics, "t0", "t1", Map.of(), List.of());
  }

  static Map<String, Double> m(Object... kv) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
    }
    return out;
  }

  @Test
  void cirrColumnsFollowThePaperOrderWhateverTheRecordOrder() {
    ResultTable t = ResultTable.of(List.of(rec("cirr", null, "paracosm", 0.3,
        m("Rs@3", 7, "R@50", 4, "R@1", 1, "Rs@1", 5, "R@10", 3, "R@5", 2, "Rs@2", 6))));
    assertThat(t.columns()).containsExactly("cirr R@1", "cirr R@5", "cirr R@10", "cirr R@50", "cirr Rs@1",
        "cirr Rs@2", "cirr Rs@3");
    assertThat(t.rows().get(0).values()).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0);
  }

  @Test
  void fashionIqShowsR10AndR50PerCategoryAndTheirUnweightedAverage() {
    double[][] v = {{10, 40}, {20, 50}, {33, 61}};
    String[] cats = {"toptee", "dress", "shirt"};
    List<ResultRecord> recs = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      recs.add(rec("fashioniq", cats[i], "paracosm", 0.3, m("R@1", 1, "R@10", v[i][0], "R@50", v[i][1])));
    }
    ResultTable t = ResultTable.of(recs);
    assertThat(t.columns()).containsExactly("fashioniq dress R@10", "fashioniq dress R@50", "fashioniq shirt R@10",
        "fashioniq shirt R@50", "fashioniq toptee R@10", "fashioniq toptee R@50", "fashioniq Avg R@10",
        "fashioniq Avg R@50");
    List<Double> row = t.rows().get(0).values();
    assertThat(row.get(0)).isEqualTo(20.0);
    assertThat(row.get(6)).isCloseTo((10 + 20 + 33) / 3.0, within(1e-12));
    assertThat(row.get(7)).isCloseTo((40 + 50 + 61) / 3.0, within(1e-12));
  }

  @Test
  void averageIsLeftEmptyWhenACategoryIsMissing() {
    ResultTable t = ResultTable.of(List.of(rec("fashioniq", "dress", "paracosm", 0.3, m("R@10", 1, "R@50", 2)),
        rec("fashioniq", "shirt", "paracosm", 0.3, m("R@10", 3, "R@50", 4))));
    int avg = t.columns().indexOf("fashioniq Avg R@10");
    assertThat(t.rows().get(0).values().get(avg)).isNull();
  }

  @Test
  void geneCisAveragesR1OverTheFourTasks() {
    String[] tasks = {"focus_attribute", "change_attribute", "focus_object", "change_object"};
    List<ResultRecord> recs = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      recs.add(rec("genecis", tasks[i], "baseline_image_only", 0.3, m("R@1", 10 * (i + 1), "R@2", 50, "R@3", 60)));
    }
    ResultTable t = ResultTable.of(recs);
    assertThat(t.columns()).endsWith("genecis Avg R@1");
    assertThat(t.rows().get(0).values().get(t.columns().size() - 1)).isCloseTo(25.0, within(1e-12));
  }

  @Test
  void rowsAreMethodsAndDatasetsShareARow() {
    ResultTable t = ResultTable.of(List.of(rec("cirr", null, "paracosm", 0.3, m("R@1", 1)),
        rec("circo", null, "paracosm", 0.3, m("mAP@5", 2)), rec("cirr", null, "baseline_image_only", 0.3, m("R@1", 3))));
    assertThat(t.rows()).hasSize(2);
    assertThat(t.columns()).containsExactly("cirr R@1", "circo mAP@5");
    assertThat(t.rows().get(0).values()).containsExactly(1.0, 2.0);
    assertThat(t.rows().get(1).values()).containsExactly(3.0, null);
  }

  @Test
  void markdownHasAHeaderSeparatorAndOneLinePerRowWithTwoDecimals() {
    ResultTable t = ResultTable.of(List.of(rec("circo", null, "paracosm", 0.3, m("mAP@5", 12.3456))));
    String[] lines = t.toMarkdown().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("| method | circo mAP@5 |");
    assertThat(lines[1]).isEqualTo("|---|---:|");
    assertThat(lines[2]).endsWith("| 12.35 |").startsWith("| paracosm λ=0.30");
  }

  @Test
  void csvQuotesLabelsWithCommasAndLeavesMissingCellsEmpty() {
    ResultRecord a = new ResultRecord("k", "e", "cirr", "val", null, "x,y", "baseline_text_only", 0.3, "code", "cirr",
        List.of(), List.of(), null, Map.of(), 50, 1, 0, m("R@1", 50), "", "", Map.of(), List.of());
    ResultTable t = ResultTable.of(List.of(a, rec("circo", null, "paracosm", 0.3, m("mAP@5", 1))));
    String[] lines = t.toCsv().split("\r\n");
    assertThat(lines[0]).isEqualTo("method,cirr R@1,circo mAP@5");
    assertThat(lines[1]).isEqualTo("\"baseline_text_only (x,y)\",50.0000,");
  }

  @Test
  void metricsModuleNamesMapToThePaperColumnsAndOtherMetricsAreLeftOut() {
    ResultTable t = ResultTable.of(List.of(rec("circo", null, "paracosm", 0.3,
        m("map@5", 1, "map@10", 2, "map@25", 3, "map@50", 4, "recall@5", 9, "semantic_map@10/negation", 8)),
        rec("cirr", null, "paracosm", 0.3, m("recall@1", 5, "recall_subset@1", 6, "avg", 7))));
    assertThat(t.columns()).containsExactly("cirr R@1", "cirr Rs@1", "cirr Avg", "circo mAP@5", "circo mAP@10",
        "circo mAP@25", "circo mAP@50");
    assertThat(t.rows().get(0).values()).containsExactly(5.0, 6.0, 7.0, 1.0, 2.0, 3.0, 4.0);
  }
}
