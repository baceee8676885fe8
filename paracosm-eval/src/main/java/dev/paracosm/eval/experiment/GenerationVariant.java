package dev.paracosm.eval.experiment;

import dev.paracosm.GenerationSettings;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.SamplingParams;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One setting of the swept generation parameters (PEFUSE §4.5): the MLLM's sampling for the
 * composed description, the diffusion settings of the PEFUSE edit, the edit instruction choice and
 * the PEFUSE database-caption prompt. A {@code null} field keeps the method default of {@link
 * GenerationSettings#defaults()}.
 *
 * @param temperature MLLM temperature
 * @param topP MLLM top-p
 * @param topK MLLM top-k
 * @param steps diffusion inference steps
 * @param guidance diffusion guidance scale
 * @param imageGuidance diffusion image guidance scale
 * @param instruction which text drives the PEFUSE edit
 * @param databasePrompt PEFUSE database-caption prompt (required by {@code pefuse_t2t}/{@code pefuse_i2t})
 */
public record GenerationVariant(
    Double temperature,
    Double topP,
    Integer topK,
    Integer steps,
    Double guidance,
    Double imageGuidance,
    GenerationSettings.PefuseInstruction instruction,
    String databasePrompt) {

  /** @return the variant that keeps every default */
  public static GenerationVariant defaults() {
    return new GenerationVariant(null, null, null, null, null, null, null, null);
  }

  /**
   * @param base settings to start from
   * @return {@code base} with every set field of this variant applied
   */
  public GenerationSettings apply(GenerationSettings base) {
    GenerationSettings s = base;
    SamplingParams compose = s.pefuseComposeSampling();
    if (temperature != null || topP != null || topK != null) {
      SamplingParams.Builder b = compose.toBuilder();
      if (temperature != null) {
        b.temperature(temperature);
      }
      if (topP != null) {
        b.topP(topP);
      }
      if (topK != null) {
        b.topK(topK);
      }
      s = s.withPefuseComposeSampling(b.build());
    }
    if (steps != null || guidance != null || imageGuidance != null) {
      DiffusionParams.Builder b = s.pefuseEdit().toBuilder();
      if (steps != null) {
        b.steps(steps);
      }
      if (guidance != null) {
        b.guidanceScale(guidance);
      }
      if (imageGuidance != null) {
        b.imageGuidanceScale(imageGuidance);
      }
      s = s.withPefuseEdit(b.build());
    }
    if (instruction != null) {
      s = s.withPefuseInstruction(instruction);
    }
    if (databasePrompt != null) {
      s = s.withPefuseDatabasePrompt(databasePrompt);
    }
    return s;
  }

  /** @return the set fields by wire name, in a fixed order (for keys, results and reports) */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "mllm_temperature", temperature);
    put(m, "mllm_top_p", topP);
    put(m, "mllm_top_k", topK);
    put(m, "diffusion_steps", steps);
    put(m, "diffusion_guidance", guidance);
    put(m, "diffusion_image_guidance", imageGuidance);
    put(m, "pefuse_instruction", instruction == null ? null : instruction.name().toLowerCase(Locale.ROOT));
    put(m, "pefuse_database_prompt", databasePrompt);
    return m;
  }

  /** @return a stable, human-readable key fragment ({@code default} when nothing is set) */
  public String key() {
    Map<String, Object> m = asMap();
    if (m.isEmpty()) {
      return "default";
    }
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append(',');
      }
      String value = k.equals("pefuse_database_prompt") ? "#" + Integer.toHexString(v.toString().hashCode()) : v.toString();
      sb.append(k).append('=').append(value);
    });
    return sb.toString();
  }

  /**
   * @param keepSampling keep the MLLM sampling fields
   * @param keepEdit keep the diffusion fields and the instruction
   * @param keepDatabasePrompt keep the database prompt
   * @return a copy with the other fields reset to the default (a mode ignores them)
   */
  GenerationVariant restrictTo(boolean keepSampling, boolean keepEdit, boolean keepDatabasePrompt) {
    return new GenerationVariant(
        keepSampling ? temperature : null,
        keepSampling ? topP : null,
        keepSampling ? topK : null,
        keepEdit ? steps : null,
        keepEdit ? guidance : null,
        keepEdit ? imageGuidance : null,
        keepEdit ? instruction : null,
        keepDatabasePrompt ? databasePrompt : null);
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
