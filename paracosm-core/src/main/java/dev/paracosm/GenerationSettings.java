package dev.paracosm;

import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.SamplingParams;
import java.util.Map;

/**
 * Settings of every generation step, defaulting to the values of method.md (Paracosm §2–§3,
 * PEFUSE §6). Part of every artifact's cache key, so a changed setting never reuses a stale output.
 *
 * @param mentalImageEdit Paracosm mental image: 512×512, 50 steps, true CFG 4.0, negative " ", seed 0
 * @param describeSampling Paracosm descriptions ({@code t_query}, {@code t_detailed}): max 256 new tokens, model defaults otherwise
 * @param syntheticCounterpart Paracosm synthetic counterpart: 512×512, 50 steps, true CFG 4.0, negative " ", seed 42
 * @param pefuseComposeSampling PEFUSE MLLM: temperature 0.1, top-p 0.9, top-k 50
 * @param pefuseEdit PEFUSE InstructPix2Pix: 768×768, 30 steps, guidance 7.5, image guidance 3.0, seed 0 [I]
 * @param pefuseInstruction the PEFUSE edit prompt: the composed description or the raw modification (ablation)
 * @param pefuseDatabasePrompt PEFUSE's database-caption prompt {@code q}; unpublished [A], so required for
 *     {@code pefuse_t2t}/{@code pefuse_i2t}
 * @param briefDescriptions whether gallery indexing also makes {@code t_brief} (Table 8 ablation)
 * @param promptOverrides template id → template text replacing the bundled prompt
 */
public record GenerationSettings(
    DiffusionParams mentalImageEdit,
    SamplingParams describeSampling,
    DiffusionParams syntheticCounterpart,
    SamplingParams pefuseComposeSampling,
    DiffusionParams pefuseEdit,
    PefuseInstruction pefuseInstruction,
    String pefuseDatabasePrompt,
    boolean briefDescriptions,
    Map<String, String> promptOverrides) {

  /** Which text drives the PEFUSE image edit. */
  public enum PefuseInstruction {
    /** {@code pefuse.edit.instruction}: the composed description T_f. */
    COMPOSED,
    /** {@code pefuse.edit.instruction_raw}: the raw modification text. */
    RAW_MODIFICATION
  }

  /**

   * Fills defaults for null fields.

   *

   * @param mentalImageEdit see the record description

   * @param describeSampling see the record description

   * @param syntheticCounterpart see the record description

   * @param pefuseComposeSampling see the record description

   * @param pefuseEdit see the record description

   * @param pefuseInstruction see the record description

   * @param pefuseDatabasePrompt see the record description

   * @param briefDescriptions see the record description

   * @param promptOverrides see the record description

   */

  public GenerationSettings {
    GenerationSettings d = null;
    if (mentalImageEdit == null || describeSampling == null || syntheticCounterpart == null
        || pefuseComposeSampling == null || pefuseEdit == null || pefuseInstruction == null) {
      d = defaults();
    }
    mentalImageEdit = mentalImageEdit == null ? d.mentalImageEdit : mentalImageEdit;
    describeSampling = describeSampling == null ? d.describeSampling : describeSampling;
    syntheticCounterpart = syntheticCounterpart == null ? d.syntheticCounterpart : syntheticCounterpart;
    pefuseComposeSampling = pefuseComposeSampling == null ? d.pefuseComposeSampling : pefuseComposeSampling;
    pefuseEdit = pefuseEdit == null ? d.pefuseEdit : pefuseEdit;
    pefuseInstruction = pefuseInstruction == null ? d.pefuseInstruction : pefuseInstruction;
    promptOverrides = promptOverrides == null ? Map.of() : Map.copyOf(promptOverrides);
  }

  /** @return the method's defaults */
  public static GenerationSettings defaults() {
    return new GenerationSettings(
        DiffusionParams.builder().size(512, 512).steps(50).trueCfgScale(4.0).negativePrompt(" ").seed(0L).build(),
        SamplingParams.builder().maxTokens(256).build(),
        DiffusionParams.builder().size(512, 512).steps(50).trueCfgScale(4.0).negativePrompt(" ").seed(42L).build(),
        SamplingParams.builder().temperature(0.1).topP(0.9).topK(50).build(),
        DiffusionParams.builder().size(768, 768).steps(30).guidanceScale(7.5).imageGuidanceScale(3.0).seed(0L).build(),
        PefuseInstruction.COMPOSED,
        null,
        false,
        Map.of());
  }

  /**
   * @param prompt PEFUSE's database-caption prompt
   * @return a copy with that prompt
   */
  public GenerationSettings withPefuseDatabasePrompt(String prompt) {
    return new GenerationSettings(mentalImageEdit, describeSampling, syntheticCounterpart, pefuseComposeSampling,
        pefuseEdit, pefuseInstruction, prompt, briefDescriptions, promptOverrides);
  }

  /**
   * @param instruction which text drives the PEFUSE edit
   * @return a copy with that choice
   */
  public GenerationSettings withPefuseInstruction(PefuseInstruction instruction) {
    return new GenerationSettings(mentalImageEdit, describeSampling, syntheticCounterpart, pefuseComposeSampling,
        pefuseEdit, instruction, pefuseDatabasePrompt, briefDescriptions, promptOverrides);
  }

  /**
   * @param brief whether to make {@code t_brief} for gallery items
   * @return a copy with that choice
   */
  public GenerationSettings withBriefDescriptions(boolean brief) {
    return new GenerationSettings(mentalImageEdit, describeSampling, syntheticCounterpart, pefuseComposeSampling,
        pefuseEdit, pefuseInstruction, pefuseDatabasePrompt, brief, promptOverrides);
  }

  /**
   * @param sampling PEFUSE MLLM sampling
   * @return a copy with that sampling (PEFUSE §4.5 sweeps)
   */
  public GenerationSettings withPefuseComposeSampling(SamplingParams sampling) {
    return new GenerationSettings(mentalImageEdit, describeSampling, syntheticCounterpart, sampling,
        pefuseEdit, pefuseInstruction, pefuseDatabasePrompt, briefDescriptions, promptOverrides);
  }

  /**
   * @param edit PEFUSE diffusion settings
   * @return a copy with those settings (PEFUSE §4.5 sweeps)
   */
  public GenerationSettings withPefuseEdit(DiffusionParams edit) {
    return new GenerationSettings(mentalImageEdit, describeSampling, syntheticCounterpart, pefuseComposeSampling,
        edit, pefuseInstruction, pefuseDatabasePrompt, briefDescriptions, promptOverrides);
  }

  /**
   * @param overrides template id → text
   * @return a copy with those prompt overrides
   */
  public GenerationSettings withPromptOverrides(Map<String, String> overrides) {
    return new GenerationSettings(mentalImageEdit, describeSampling, syntheticCounterpart, pefuseComposeSampling,
        pefuseEdit, pefuseInstruction, pefuseDatabasePrompt, briefDescriptions, overrides);
  }
}
