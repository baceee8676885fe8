package dev.paracosm.models.openai;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * P2 (images API) dialect of one server family, as data (serving spec §3.6 and §5): the paths, how an
 * edit is transported, and for each diffusion setting the wire name and placement, per operation. A
 * setting without a rule cannot be expressed; a rule marked unverified is sent but warned about.
 *
 * @param name dialect name (for messages)
 * @param generationsPath path of text-to-image, relative to the base URL
 * @param editPath path of image edits, or {@code null} if the dialect cannot edit
 * @param editTransport how the reference image travels
 * @param editImageField form or JSON field carrying the reference image
 * @param generate rules for text-to-image
 * @param edit rules for edits
 * @param responseFormat what to send as {@code response_format}
 * @param sendOutputFormat whether to send {@code output_format: png}
 * @param modelRequired whether the {@code model} field is mandatory (Xinference model UID)
 */
record ImageDialect(
    String name,
    String generationsPath,
    String editPath,
    EditTransport editTransport,
    String editImageField,
    Map<Setting, Rule> generate,
    Map<Setting, Rule> edit,
    ResponseFormat responseFormat,
    boolean sendOutputFormat,
    boolean modelRequired) {

  /** The diffusion settings of {@link dev.paracosm.role.DiffusionParams}. */
  enum Setting {
    SIZE("size"),
    STEPS("num_inference_steps"),
    GUIDANCE_SCALE("guidance_scale"),
    TRUE_CFG_SCALE("true_cfg_scale"),
    IMAGE_GUIDANCE_SCALE("image_guidance_scale"),
    NEGATIVE_PROMPT("negative_prompt"),
    SEED("seed"),
    STRENGTH("strength");

    /** The diffusers call-argument name, used in messages and for user-whitelisted fields. */
    final String canonical;

    Setting(String canonical) {
      this.canonical = canonical;
    }
  }

  /** Where a field goes. */
  enum Placement {
    /** A top-level JSON or form field. */
    TOP_LEVEL,
    /** Inside the JSON-encoded {@code kwargs} string (Xinference). */
    KWARGS,
    /** Appended to the prompt after {@code |} (LocalAI negative prompt). */
    PROMPT_SUFFIX
  }

  /** How an edit request carries the reference image. */
  enum EditTransport {
    /** multipart/form-data file part. */
    MULTIPART,
    /** Base64 in a JSON field of the generations endpoint (LocalAI img2img). */
    JSON_BASE64,
    /** The dialect has no edit endpoint. */
    NONE
  }

  /** The {@code response_format} rule. */
  enum ResponseFormat {
    /** Always {@code b64_json}. */
    B64_JSON,
    /** Omit for GPT-image models (they reject it and always return base64), else {@code b64_json}. */
    OMIT_FOR_GPT_IMAGE
  }

  /**
   * @param wireName field name on the wire
   * @param placement where it goes
   * @param verified whether the server is known to honour it per request
   */
  record Rule(String wireName, Placement placement, boolean verified) {}

  ImageDialect {
    generate = Collections.unmodifiableMap(new EnumMap<>(generate));
    edit = Collections.unmodifiableMap(new EnumMap<>(edit));
  }

  /**
   * @param operationIsEdit whether the request is an edit
   * @return the rules of that operation
   */
  Map<Setting, Rule> rules(boolean operationIsEdit) {
    return operationIsEdit ? edit : generate;
  }

  private static Rule top(String name) {
    return new Rule(name, Placement.TOP_LEVEL, true);
  }

  private static Rule kw(String name) {
    return new Rule(name, Placement.KWARGS, true);
  }

  private static Map<Setting, Rule> map(Object... kv) {
    Map<Setting, Rule> m = new EnumMap<>(Setting.class);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((Setting) kv[i], (Rule) kv[i + 1]);
    }
    return m;
  }

  /** OpenAI itself: no extension fields (unknown arguments are rejected with 400). */
  static final ImageDialect OPENAI = new ImageDialect("openai", "/images/generations", "/images/edits",
      EditTransport.MULTIPART, "image",
      map(Setting.SIZE, top("size")),
      map(Setting.SIZE, top("size")),
      ResponseFormat.OMIT_FOR_GPT_IMAGE, true, false);

  /** Unknown OpenAI-compatible server: standard fields only, plus user-whitelisted extras. */
  static final ImageDialect GENERIC = new ImageDialect("openai+whitelist", "/images/generations", "/images/edits",
      EditTransport.MULTIPART, "image",
      map(Setting.SIZE, top("size")),
      map(Setting.SIZE, top("size")),
      ResponseFormat.B64_JSON, true, false);

  /**
   * vLLM-Omni and SGLang Diffusion: flat extension fields named after the diffusers call arguments.
   * image_guidance_scale and strength have no confirmed per-request home (spec §3.6): sent flat,
   * marked unverified; text-to-image has no input image, so neither applies there.
   */
  static final ImageDialect DIFFUSERS_FLAT = new ImageDialect("diffusers-flat", "/images/generations",
      "/images/edits", EditTransport.MULTIPART, "image",
      map(Setting.SIZE, top("size"), Setting.STEPS, top("num_inference_steps"),
          Setting.GUIDANCE_SCALE, top("guidance_scale"), Setting.TRUE_CFG_SCALE, top("true_cfg_scale"),
          Setting.NEGATIVE_PROMPT, top("negative_prompt"), Setting.SEED, top("seed")),
      map(Setting.SIZE, top("size"), Setting.STEPS, top("num_inference_steps"),
          Setting.GUIDANCE_SCALE, top("guidance_scale"), Setting.TRUE_CFG_SCALE, top("true_cfg_scale"),
          Setting.NEGATIVE_PROMPT, top("negative_prompt"), Setting.SEED, top("seed"),
          Setting.IMAGE_GUIDANCE_SCALE, new Rule("image_guidance_scale", Placement.TOP_LEVEL, false),
          Setting.STRENGTH, new Rule("strength", Placement.TOP_LEVEL, false)),
      ResponseFormat.B64_JSON, true, false);

  /**
   * Xinference: diffusion settings inside the JSON-string {@code kwargs}; controllable edits go to
   * {@code /images/variations} (its {@code /images/edits} cannot carry steps, CFG or seed), where the
   * negative prompt is a form field.
   */
  static final ImageDialect XINFERENCE = new ImageDialect("xinference", "/images/generations",
      "/images/variations", EditTransport.MULTIPART, "image",
      map(Setting.SIZE, top("size"), Setting.STEPS, kw("num_inference_steps"),
          Setting.GUIDANCE_SCALE, kw("guidance_scale"), Setting.TRUE_CFG_SCALE, kw("true_cfg_scale"),
          Setting.NEGATIVE_PROMPT, kw("negative_prompt"), Setting.SEED, kw("seed")),
      map(Setting.SIZE, top("size"), Setting.STEPS, kw("num_inference_steps"),
          Setting.GUIDANCE_SCALE, kw("guidance_scale"), Setting.TRUE_CFG_SCALE, kw("true_cfg_scale"),
          Setting.NEGATIVE_PROMPT, top("negative_prompt"), Setting.SEED, kw("seed"),
          Setting.IMAGE_GUIDANCE_SCALE, new Rule("image_guidance_scale", Placement.KWARGS, false),
          Setting.STRENGTH, kw("denoising_strength")),
      ResponseFormat.B64_JSON, false, true);

  /**
   * LocalAI: {@code step}, {@code seed}, negative prompt after {@code |} in the prompt; guidance only in
   * the server's model YAML; img2img through the generations endpoint with a base64 {@code file}.
   */
  static final ImageDialect LOCALAI = new ImageDialect("localai", "/images/generations", "/images/generations",
      EditTransport.JSON_BASE64, "file",
      map(Setting.SIZE, top("size"), Setting.STEPS, top("step"), Setting.SEED, top("seed"),
          Setting.NEGATIVE_PROMPT, new Rule("prompt", Placement.PROMPT_SUFFIX, true)),
      map(Setting.SIZE, top("size"), Setting.STEPS, top("step"), Setting.SEED, top("seed"),
          Setting.NEGATIVE_PROMPT, new Rule("prompt", Placement.PROMPT_SUFFIX, true)),
      ResponseFormat.B64_JSON, false, false);

  /** text-generation-webui: text-to-image only; {@code steps}, {@code cfg_scale}, {@code image_seed}. */
  static final ImageDialect TGW = new ImageDialect("tgw", "/images/generations", null, EditTransport.NONE, null,
      map(Setting.SIZE, top("size"), Setting.STEPS, top("steps"), Setting.GUIDANCE_SCALE, top("cfg_scale"),
          Setting.NEGATIVE_PROMPT, top("negative_prompt"), Setting.SEED, top("image_seed")),
      map(),
      ResponseFormat.B64_JSON, false, false);
}
