package dev.paracosm.internal;

import dev.paracosm.InvalidInputException;
import dev.paracosm.Query;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A query's dataset hint and the prompt templates and texts it implies (method.md §3, §6). */
record Dataset(String name, String task) {
  static final List<String> GENECIS_TASKS =
      List.of("change_object", "focus_object", "change_attribute", "focus_attribute");

  static Dataset of(String hint) {
    if (hint == null || hint.isBlank()) {
      return new Dataset("generic", null);
    }
    String h = hint.trim().toLowerCase(Locale.ROOT);
    String[] parts = h.split("[/:.]", 2);
    String name = parts[0];
    switch (name) {
      case "generic", "cirr", "circo", "fashioniq" -> {
        return new Dataset(name, null);
      }
      case "genecis" -> {
        String task = parts.length > 1 ? parts[1] : null;
        if (task == null || !GENECIS_TASKS.contains(task)) {
          throw new InvalidInputException("GeneCIS dataset hint '" + hint + "' must name a task: genecis/"
              + String.join(", genecis/", GENECIS_TASKS));
        }
        return new Dataset(name, task);
      }
      default -> throw new InvalidInputException("Unknown dataset hint '" + hint
          + "'; expected generic, cirr, circo, fashioniq or genecis/<task>");
    }
  }

  /** The modification as it enters edit and MLLM prompts (FashionIQ: "c1 and c2"). */
  String modification(Query q) {
    if (q.secondCaption() != null) {
      return q.fashionIqOrders().map(o -> o.get(0)).orElse(q.modificationText());
    }
    return q.modificationText();
  }

  String editTemplate() {
    return switch (name) {
      case "circo" -> "paracosm.edit.circo";
      case "fashioniq" -> "paracosm.edit.fashioniq";
      case "genecis" -> "paracosm.edit.genecis." + task;
      default -> "paracosm.edit.cirr";
    };
  }

  Map<String, String> editValues(Query q) {
    Map<String, String> v = new HashMap<>();
    v.put("modification", modification(q));
    if (name.equals("circo")) {
      if (q.sharedConcept() == null) {
        throw new InvalidInputException("CIRCO query " + q.effectiveId() + " has no shared concept, which the"
            + " paracosm.edit.circo prompt needs");
      }
      v.put("shared_concept", q.sharedConcept());
    }
    return v;
  }

  String composeTemplate() {
    return switch (name) {
      case "circo" -> "pefuse.compose.circo";
      case "fashioniq" -> "pefuse.compose.fashioniq";
      case "genecis" -> "pefuse.compose.genecis";
      default -> "pefuse.compose.cirr";
    };
  }

  Map<String, String> composeValues(Query q) {
    return Map.of("modification", modification(q));
  }

  /** The single t_mod text: caller override, GeneCIS focus-object template, else the raw modification. */
  String tmodText(Query q, Prompts prompts) {
    if (q.tmodOverride() != null) {
      return q.tmodOverride();
    }
    if (name.equals("genecis") && task.equals("focus_object")) {
      return prompts.render("paracosm.tmod.genecis.focus_object", Map.of("modification", q.modificationText()));
    }
    return q.modificationText();
  }
}
