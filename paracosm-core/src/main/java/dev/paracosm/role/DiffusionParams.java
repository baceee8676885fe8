package dev.paracosm.role;

import dev.paracosm.InvalidInputException;

/**
 * Settings of a diffusion model (image editing or text-to-image). A {@code null} field means "the
 * server/model default". Clients map each set field to the server's dialect and never drop one
 * silently.
 *
 * @param width output width in pixels
 * @param height output height in pixels
 * @param steps number of inference steps
 * @param guidanceScale classifier-free guidance scale
 * @param trueCfgScale Qwen-Image's true CFG scale
 * @param imageGuidanceScale InstructPix2Pix image guidance scale
 * @param negativePrompt negative prompt
 * @param seed generator seed
 * @param strength img2img strength in (0, 1]
 */
public record DiffusionParams(
    Integer width,
    Integer height,
    Integer steps,
    Double guidanceScale,
    Double trueCfgScale,
    Double imageGuidanceScale,
    String negativePrompt,
    Long seed,
    Double strength) {

  /**

   * Validates every set field.

   *

   * @param width see the record description

   * @param height see the record description

   * @param steps see the record description

   * @param guidanceScale see the record description

   * @param trueCfgScale see the record description

   * @param imageGuidanceScale see the record description

   * @param negativePrompt see the record description

   * @param seed see the record description

   * @param strength see the record description

   */

  public DiffusionParams {
    positive("width", width);
    positive("height", height);
    positive("num_inference_steps", steps);
    if (guidanceScale != null && (guidanceScale < 0 || guidanceScale.isNaN())) {
      throw new InvalidInputException("guidance_scale must be >= 0, got " + guidanceScale);
    }
    if (trueCfgScale != null && (trueCfgScale < 0 || trueCfgScale.isNaN())) {
      throw new InvalidInputException("true_cfg_scale must be >= 0, got " + trueCfgScale);
    }
    if (imageGuidanceScale != null && (imageGuidanceScale < 0 || imageGuidanceScale.isNaN())) {
      throw new InvalidInputException("image_guidance_scale must be >= 0, got " + imageGuidanceScale);
    }
    if (strength != null && !(strength > 0 && strength <= 1)) {
      throw new InvalidInputException("strength must be in (0, 1], got " + strength);
    }
  }

  private static void positive(String name, Integer v) {
    if (v != null && v < 1) {
      throw new InvalidInputException(name + " must be >= 1, got " + v);
    }
  }

  /** @return all fields unset */
  public static DiffusionParams defaults() {
    return builder().build();
  }

  /** @return a builder with every field unset */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder initialised from this record */
  public Builder toBuilder() {
    return new Builder().width(width).height(height).steps(steps).guidanceScale(guidanceScale)
        .trueCfgScale(trueCfgScale).imageGuidanceScale(imageGuidanceScale).negativePrompt(negativePrompt)
        .seed(seed).strength(strength);
  }

  /** Builder for {@link DiffusionParams}; every setting optional. */
  public static final class Builder {
    private Integer width;
    private Integer height;
    private Integer steps;
    private Double guidanceScale;
    private Double trueCfgScale;
    private Double imageGuidanceScale;
    private String negativePrompt;
    private Long seed;
    private Double strength;

    private Builder() {}

    /**
     * @param v width
     * @return this
     */
    public Builder width(Integer v) { width = v; return this; }
    /**
     * @param v height
     * @return this
     */
    public Builder height(Integer v) { height = v; return this; }
    /**
     * @param w width @param h height
     * @return this
     */
    public Builder size(int w, int h) { width = w; height = h; return this; }
    /**
     * @param v steps
     * @return this
     */
    public Builder steps(Integer v) { steps = v; return this; }
    /**
     * @param v guidance scale
     * @return this
     */
    public Builder guidanceScale(Double v) { guidanceScale = v; return this; }
    /**
     * @param v true CFG scale
     * @return this
     */
    public Builder trueCfgScale(Double v) { trueCfgScale = v; return this; }
    /**
     * @param v image guidance scale
     * @return this
     */
    public Builder imageGuidanceScale(Double v) { imageGuidanceScale = v; return this; }
    /**
     * @param v negative prompt
     * @return this
     */
    public Builder negativePrompt(String v) { negativePrompt = v; return this; }
    /**
     * @param v seed
     * @return this
     */
    public Builder seed(Long v) { seed = v; return this; }
    /**
     * @param v strength
     * @return this
     */
    public Builder strength(Double v) { strength = v; return this; }

    /** @return the validated params */
    public DiffusionParams build() {
      return new DiffusionParams(width, height, steps, guidanceScale, trueCfgScale, imageGuidanceScale,
          negativePrompt, seed, strength);
    }
  }
}
