package dev.paracosm.prompt;

import dev.paracosm.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;

/** How well a prompt template's wording is attested (the {@code status} field of prompts.json). */
public enum PromptStatus {
  /** Text seen verbatim in the authors' code or notebook. */
  CONFIRMED_CODE("confirmed_code"),
  /** Text printed in the paper. */
  STATED_PAPER("stated_paper"),
  /** Our reconstruction; a configurable default. */
  INFERRED("inferred"),
  /** Not published anywhere; the template text is missing and must be provided by the user. */
  ABSENT("absent"),
  /** Provided or overridden by the user. */
  USER("user");

  private final String id;

  PromptStatus(String id) {
    this.id = id;
  }

  /** @return the identifier used in prompts.json */
  public String id() {
    return id;
  }

  /**
   * @param id an identifier as used in prompts.json (case-insensitive)
   * @return the status
   * @throws ConfigurationException if the identifier is unknown
   */
  public static PromptStatus fromId(String id) {
    for (PromptStatus s : values()) {
      if (s.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
        return s;
      }
    }
    throw new ConfigurationException("Unknown prompt status '" + id + "'; expected one of "
        + Arrays.stream(values()).map(PromptStatus::id).toList());
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}
