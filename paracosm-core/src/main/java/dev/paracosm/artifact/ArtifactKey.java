package dev.paracosm.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paracosm.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything that determines a generated artifact. Two keys with equal fields have the same
 * {@link #digest()}, in any JVM and on any platform.
 *
 * @param role the role that produced it, e.g. {@code captioner}, {@code image_editor}
 * @param modelId the model's stable id (with revision where known)
 * @param serverProfile the serving profile (e.g. {@code vllm}), or {@code null}
 * @param renderedPrompt the final prompt text sent to the model
 * @param params generation parameters as strings, sorted by name
 * @param seed the seed, or {@code null} if none was set
 * @param inputHashes SHA-256 hex of each input's content (images), in input order
 */
public record ArtifactKey(
    String role,
    String modelId,
    String serverProfile,
    String renderedPrompt,
    SortedMap<String, String> params,
    Long seed,
    List<String> inputHashes) {

  /** Key layout version, part of the hashed JSON so a layout change never aliases old keys. */
  public static final int KEY_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**

   * Validates and copies.

   *

   * @param role see the record description

   * @param modelId see the record description

   * @param serverProfile see the record description

   * @param renderedPrompt see the record description

   * @param params see the record description

   * @param seed see the record description

   * @param inputHashes see the record description

   */

  public ArtifactKey {
    if (role == null || role.isBlank()) {
      throw new InvalidInputException("ArtifactKey role must be non-blank");
    }
    if (modelId == null || modelId.isBlank()) {
      throw new InvalidInputException("ArtifactKey for role '" + role + "' has no model id");
    }
    Objects.requireNonNull(renderedPrompt, "renderedPrompt (use \"\" if the model takes no prompt)");
    TreeMap<String, String> p = new TreeMap<>();
    if (params != null) {
      params.forEach((k, v) -> p.put(Objects.requireNonNull(k, "param name"), Objects.requireNonNull(v,
          "value of param " + k)));
    }
    params = Collections.unmodifiableSortedMap(p);
    inputHashes = inputHashes == null ? List.of() : List.copyOf(inputHashes);
  }

  /**
   * The canonical JSON that is hashed: fixed field order, params sorted, nulls explicit, no
   * whitespace.
   *
   * @return the canonical form
   */
  public String canonicalJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("key_version", KEY_VERSION);
    o.put("role", role);
    o.put("model_id", modelId);
    if (serverProfile == null) {
      o.putNull("server_profile");
    } else {
      o.put("server_profile", serverProfile);
    }
    o.put("rendered_prompt", renderedPrompt);
    ObjectNode p = o.putObject("params");
    params.forEach(p::put);
    if (seed == null) {
      o.putNull("seed");
    } else {
      o.put("seed", seed.longValue());
    }
    var inputs = o.putArray("input_hashes");
    inputHashes.forEach(inputs::add);
    return o.toString();
  }

  /** @return lowercase hex SHA-256 of {@link #canonicalJson()} (64 characters) */
  public String digest() {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(canonicalJson().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
