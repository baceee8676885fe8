package dev.paracosm.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.openai.internal.ImageCodec;
import dev.paracosm.models.openai.internal.Multipart;
import dev.paracosm.role.DiffusionParams;
import dev.paracosm.role.GeneratedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * P2 request mapping and response handling shared by {@link OpenAiImageEditor} and
 * {@link OpenAiTextToImage}: applies the profile's {@link ImageDialect} to {@link DiffusionParams},
 * sends JSON or multipart, and turns {@code data[0]} into a validated image with provenance.
 */
final class ImageCalls {
  private ImageCalls() {}

  /** A request ready to send, with what was mapped. */
  record Prepared(String path, String contentType, byte[] body, Map<String, Object> params, long seed,
      String seedSource, List<String> unexpressed, List<String> unverified, String sentPrompt) {}

  /**
   * Derives a deterministic seed from the request content when the caller set none (serving spec
   * §3.1: SGLang's default seed 1024 would make every call identical).
   */
  static long derivedSeed(String prompt, ImageData image) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(prompt.getBytes(StandardCharsets.UTF_8));
      if (image != null) {
        md.update(image.sha256().getBytes(StandardCharsets.US_ASCII));
      }
      byte[] h = md.digest();
      long v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return v & 0x7fffffffL;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isGptImage(String model) {
    if (model == null) {
      return false;
    }
    String m = model.toLowerCase(Locale.ROOT);
    return m.startsWith("gpt-image") || m.startsWith("chatgpt-image");
  }

  static Prepared prepare(ClientCore core, boolean edit, String prompt, DiffusionParams p, ImageData input,
      ImageCodec.Upload upload) {
    ClientSettings s = core.settings;
    ImageDialect d = s.profile().images();
    Map<ImageDialect.Setting, ImageDialect.Rule> rules = d.rules(edit);
    List<String> unexpressed = new ArrayList<>();
    List<String> unverified = new ArrayList<>();
    Map<String, Object> top = new LinkedHashMap<>();
    Map<String, Object> kwargs = new LinkedHashMap<>();
    Map<String, Object> params = new LinkedHashMap<>();
    String[] negativeSuffix = {null};

    if (s.model() != null) {
      top.put("model", s.model());
    }
    top.put("prompt", prompt);
    top.put("n", 1);
    long seed = p.seed() != null ? p.seed() : derivedSeed(prompt, input);
    String seedSource = p.seed() != null ? "request" : "derived";

    if (p.width() != null && p.height() != null) {
      apply(core, edit, rules, ImageDialect.Setting.SIZE, p.width() + "x" + p.height(), true, top, kwargs, params,
          negativeSuffix, unexpressed, unverified);
    } else if (p.width() != null || p.height() != null) {
      core.unexpressed(unexpressed, "size", "width=" + p.width() + ",height=" + p.height(),
          "the images API takes a size WxH, so width and height must be set together");
    }
    apply(core, edit, rules, ImageDialect.Setting.STEPS, p.steps(), true, top, kwargs, params, negativeSuffix, unexpressed, unverified);
    apply(core, edit, rules, ImageDialect.Setting.GUIDANCE_SCALE, p.guidanceScale(), true, top, kwargs, params, negativeSuffix,
        unexpressed, unverified);
    apply(core, edit, rules, ImageDialect.Setting.TRUE_CFG_SCALE, p.trueCfgScale(), true, top, kwargs, params, negativeSuffix,
        unexpressed, unverified);
    apply(core, edit, rules, ImageDialect.Setting.IMAGE_GUIDANCE_SCALE, p.imageGuidanceScale(), true, top, kwargs, params,
        negativeSuffix, unexpressed, unverified);
    apply(core, edit, rules, ImageDialect.Setting.NEGATIVE_PROMPT, p.negativePrompt(), true, top, kwargs, params,
        negativeSuffix, unexpressed, unverified);
    apply(core, edit, rules, ImageDialect.Setting.STRENGTH, p.strength(), true, top, kwargs, params, negativeSuffix,
        unexpressed, unverified);
    apply(core, edit, rules, ImageDialect.Setting.SEED, seed, p.seed() != null, top, kwargs, params, negativeSuffix,
        unexpressed, unverified);

    String sentPrompt = prompt;
    if (negativeSuffix[0] != null) {
      if (prompt.contains("|") || negativeSuffix[0].contains("|")) {
        throw new InvalidInputException("Prompt or negative prompt contains '|', which server profile '"
            + s.profile().id() + "' uses to separate the negative prompt: \"" + prompt + "\"");
      }
      sentPrompt = prompt + "|" + negativeSuffix[0];
      top.put("prompt", sentPrompt);
    }
    boolean gptImage = isGptImage(s.model());
    if (d.responseFormat() == ImageDialect.ResponseFormat.B64_JSON || !gptImage) {
      top.put("response_format", "b64_json");
    }
    if (d.sendOutputFormat() && (s.profile() != ServerProfile.OPENAI || gptImage)) {
      top.put("output_format", "png");
    }
    if (!kwargs.isEmpty()) {
      top.put("kwargs", ClientCore.toJson(kwargs));
    }
    top.putAll(s.extraFields());

    String path = edit ? d.editPath() : d.generationsPath();
    core.infoOnce("fields:" + edit, "server profile '" + s.profile().id() + "' (dialect " + d.name() + ") sends "
        + (edit ? "edit" : "generation") + " fields " + top.keySet() + (kwargs.isEmpty() ? "" : " with kwargs "
        + kwargs.keySet()) + " to " + path);
    if (edit && d.editTransport() == ImageDialect.EditTransport.MULTIPART) {
      Multipart mp = new Multipart();
      String ext = upload.mediaType().equals("image/jpeg") ? "jpg" : "png";
      mp.file(d.editImageField(), "image." + ext, upload.mediaType(), upload.bytes());
      top.forEach((k, v) -> mp.field(k, formValue(v)));
      return new Prepared(path, mp.contentType(), mp.toBytes(), params, seed, seedSource, unexpressed, unverified,
          sentPrompt);
    }
    ObjectNode body = ClientCore.JSON.createObjectNode();
    top.forEach((k, v) -> body.set(k, ClientCore.JSON.valueToTree(v)));
    if (edit) {
      body.put(d.editImageField(), Base64.getEncoder().encodeToString(upload.bytes()));
    }
    return new Prepared(path, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), params, seed,
        seedSource, unexpressed, unverified, sentPrompt);
  }

  private static String formValue(Object v) {
    if (v instanceof Double dv && dv == Math.rint(dv) && !Double.isInfinite(dv)) {
      return Double.toString(dv); // keep "4.0": a float field
    }
    return String.valueOf(v);
  }

  private static void apply(ClientCore core, boolean edit, Map<ImageDialect.Setting, ImageDialect.Rule> rules,
      ImageDialect.Setting setting, Object value, boolean userSet, Map<String, Object> top, Map<String, Object> kwargs,
      Map<String, Object> params, String[] negativeSuffix, List<String> unexpressed, List<String> unverified) {
    if (value == null) {
      return;
    }
    ImageDialect.Rule rule = rules.get(setting);
    if (rule == null && core.settings.allowedFields().contains(setting.canonical)) {
      rule = new ImageDialect.Rule(setting.canonical, ImageDialect.Placement.TOP_LEVEL, false);
    }
    if (rule == null) {
      if (userSet) {
        ImageDialect d = core.settings.profile().images();
        boolean noInput = !edit && (setting == ImageDialect.Setting.STRENGTH
            || setting == ImageDialect.Setting.IMAGE_GUIDANCE_SCALE);
        core.unexpressed(unexpressed, setting.canonical, value, noInput
            ? "text-to-image has no input image"
            : "the '" + d.name() + "' dialect has no per-request field for it");
      }
      return;
    }
    switch (rule.placement()) {
      case TOP_LEVEL -> top.put(rule.wireName(), value);
      case KWARGS -> kwargs.put(rule.wireName(), value);
      case PROMPT_SUFFIX -> negativeSuffix[0] = String.valueOf(value);
    }
    params.put(rule.placement() == ImageDialect.Placement.KWARGS ? "kwargs." + rule.wireName()
        : rule.placement() == ImageDialect.Placement.PROMPT_SUFFIX ? "prompt|negative" : rule.wireName(), value);
    if (!rule.verified()) {
      unverified.add(rule.wireName());
      core.warnOnce("unverified:" + rule.wireName(), "'" + rule.wireName() + "' is sent but UNVERIFIED: no server of"
          + " profile '" + core.settings.profile().id() + "' is confirmed to honour it per request (serving spec §3.6);"
          + " check the server forwards it");
    }
  }

  /** Sends, decodes {@code data[0]}, validates the image and builds the result with provenance. */
  static GeneratedImage call(ClientCore core, Prepared prep, String prompt, String promptId, DiffusionParams p,
      Map<String, String> extraProvenance) {
    ClientSettings s = core.settings;
    HttpTransport.Response r = core.post(prep.path(), prep.contentType(), prep.body());
    JsonNode root = core.json(r, prep.path());
    JsonNode item = root.path("data").path(0);
    if (!item.isObject()) {
      throw core.invalid(r, prep.path(), "the response has no data[0]", null);
    }
    byte[] bytes;
    String b64 = item.path("b64_json").asText(null);
    if (b64 != null && !b64.isEmpty()) {
      bytes = decodeBase64(core, r, prep.path(), b64, "data[0].b64_json");
    } else {
      String url = item.path("url").asText(null);
      if (url == null || url.isEmpty()) {
        throw core.invalid(r, prep.path(), "data[0] has neither b64_json nor url", null);
      }
      if (url.startsWith("data:")) {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
          throw core.invalid(r, prep.path(), "data[0].url is a data URL without base64 payload", null);
        }
        bytes = decodeBase64(core, r, prep.path(), url.substring(comma + 1), "data[0].url");
      } else {
        bytes = core.transport.fetch(r.endpointBase(), url);
      }
    }
    ImageCodec.Info info;
    try {
      info = ImageCodec.validate(bytes, s.maxImagePixels());
    } catch (ImageCodec.InvalidImageException e) {
      throw core.invalid(r, prep.path(), "the returned image is unusable: " + e.getMessage(), e);
    }
    Map<String, String> prov = core.provenance(r, prep.path(), prep.params(), prompt, promptId, prep.unexpressed());
    prov.put("seed", Long.toString(prep.seed()));
    prov.put("seed_source", prep.seedSource());
    if (!prep.sentPrompt().equals(prompt)) {
      prov.put("sent_prompt", prep.sentPrompt());
    }
    if (!prep.unverified().isEmpty()) {
      prov.put("unverified", String.join(", ", prep.unverified()));
    }
    prov.put("output_media_type", info.mediaType());
    prov.put("output_width", Integer.toString(info.width()));
    prov.put("output_height", Integer.toString(info.height()));
    if (item.hasNonNull("revised_prompt")) {
      prov.put("revised_prompt", item.get("revised_prompt").asText());
    }
    prov.putAll(extraProvenance);
    if (p.width() != null && p.height() != null && (info.width() != p.width() || info.height() != p.height())) {
      String msg = "the server returned " + info.width() + "x" + info.height() + " but " + p.width() + "x" + p.height()
          + " was requested (it may ignore size)";
      if (s.strict()) {
        throw core.invalid(r, prep.path(), msg + "; strict mode", null);
      }
      prov.put("size_mismatch", msg);
      core.warnOnce("size-mismatch", msg + " (request id " + (r.requestId() == null ? r.clientRequestId() : r.requestId())
          + ")");
    }
    String id = r.requestId() != null ? r.requestId() : r.clientRequestId();
    ImageData image = ImageData.of(bytes, s.role() + " " + core.modelId() + " request " + id);
    prov.put("output_sha256", image.sha256());
    return new GeneratedImage(image, prov);
  }

  private static byte[] decodeBase64(ClientCore core, HttpTransport.Response r, String path, String b64, String field) {
    String v = b64;
    if (v.startsWith("data:")) {
      int comma = v.indexOf(',');
      v = comma < 0 ? v : v.substring(comma + 1);
    }
    try {
      return Base64.getDecoder().decode(v.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw core.invalid(r, path, field + " is not valid base64 (" + b64.length() + " chars, truncated?): "
          + e.getMessage(), e);
    }
  }
}
