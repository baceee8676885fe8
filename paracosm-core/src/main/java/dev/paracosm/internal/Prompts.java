package dev.paracosm.internal;

import dev.paracosm.image.ImageData;
import dev.paracosm.prompt.PromptLibrary;
import dev.paracosm.prompt.PromptTemplate;
import dev.paracosm.role.ChatPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pipeline's view of the {@link PromptLibrary}: bundled templates plus the caller's overrides. */
final class Prompts {
  private final PromptLibrary library;

  Prompts(Map<String, String> overrides) {
    PromptLibrary.Builder b = PromptLibrary.defaults().toBuilder();
    overrides.forEach(b::withTemplate);
    this.library = b.build();
  }

  String render(String id, Map<String, String> values) {
    return library.require(id).render(values);
  }

  /** Renders a chat template, split at {image} into text, image, text parts (image first if absent). */
  List<ChatPart> chat(String id, Map<String, String> values, ImageData image) {
    PromptTemplate t = library.require(id);
    if (t.placeholderNames().contains("image")) {
      return t.renderParts(values, Map.of("image", image));
    }
    List<ChatPart> parts = new ArrayList<>();
    parts.add(ChatPart.image(image));
    parts.add(ChatPart.text(t.render(values)));
    return parts;
  }
}
