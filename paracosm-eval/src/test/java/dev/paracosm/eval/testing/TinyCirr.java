package dev.paracosm.eval.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tiny CIRR split in the official layout: {@code n} colour-coded images {@code dev-i-0-img0}
 * (code i) and one query per reference i (0 ≤ i < queries) with target i+1, group = the six images
 * i..i+5 (mod n). Test1 splits carry no targets.
 */
public final class TinyCirr {
  private TinyCirr() {}

  public static String id(int i) {
    return "dev-" + i + "-0-img0";
  }

  public static void write(Path root, String split, int n, int queries) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> files = new LinkedHashMap<>();
    String folder = split.equals("val") ? "dev" : split;
    for (int i = 0; i < n; i++) {
      files.put(id(i), "./" + folder + "/" + id(i) + ".png");
      TestRoles.writeImage(root.resolve(folder).resolve(id(i) + ".png"), i);
    }
    List<Map<String, Object>> caps = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      List<String> members = new ArrayList<>();
      for (int m = 0; m < 6; m++) {
        members.add(id((q + m) % n));
      }
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("pairid", 500 + q);
      rec.put("reference", id(q));
      if (split.equals("val")) {
        rec.put("target_hard", id((q + 1) % n));
        rec.put("target_soft", Map.of(id((q + 1) % n), 1.0));
      }
      rec.put("caption", "caption " + q);
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("id", q);
      set.put("members", members);
      set.put("reference_rank", 0);
      if (split.equals("val")) {
        set.put("target_rank", 1);
      }
      rec.put("img_set", set);
      caps.add(rec);
    }
    Files.createDirectories(root.resolve("cirr/captions"));
    Files.createDirectories(root.resolve("cirr/image_splits"));
    json.writeValue(root.resolve("cirr/captions/cap.rc2." + split + ".json").toFile(), caps);
    json.writeValue(root.resolve("cirr/image_splits/split.rc2." + split + ".json").toFile(), files);
  }
}
