package dev.paracosm.models.hub;

import dev.paracosm.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A parsed {@code hf:org/name[@revision]} spec.
 *
 * @param spec the spec as written by the caller (used in messages)
 * @param repoId {@code org/name} (or a legacy single-segment name)
 * @param revision branch, tag or commit hash; {@code main} when absent
 */
record HfRepoSpec(String spec, String repoId, String revision) {

  static final String PREFIX = "hf:";
  static final String DEFAULT_REVISION = "main";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  /**
   * @param spec {@code hf:org/name[@revision]}
   * @return the parsed spec
   * @throws InvalidInputException naming the spec when it is malformed
   */
  static HfRepoSpec parse(String spec) {
    if (spec == null || !spec.startsWith(PREFIX)) {
      throw new InvalidInputException(
          "Model spec '" + spec + "' is not a Hugging Face spec: expected hf:org/name[@revision]");
    }
    String body = spec.substring(PREFIX.length());
    String repoId = body;
    String revision = DEFAULT_REVISION;
    int at = body.indexOf('@');
    if (at >= 0) {
      repoId = body.substring(0, at);
      revision = body.substring(at + 1);
      if (!isValidRevision(revision)) {
        throw new InvalidInputException(
            "Model spec '"
                + spec
                + "' has an invalid revision '"
                + revision
                + "': expected a branch, tag or 40-hex commit hash");
      }
    }
    String[] parts = repoId.split("/", -1);
    boolean ok = parts.length >= 1 && parts.length <= 2;
    for (String part : parts) {
      ok &= SEGMENT.matcher(part).matches() && !part.contains("--") && !part.contains("..");
      ok &= !part.endsWith(".") && !part.endsWith("-");
    }
    if (!ok) {
      throw new InvalidInputException(
          "Model spec '"
              + spec
              + "' has an invalid repository id '"
              + repoId
              + "': expected hf:org/name[@revision] with letters, digits, '.', '_' or '-'");
    }
    return new HfRepoSpec(spec, repoId, revision);
  }

  static boolean isValidRevision(String revision) {
    if (!REVISION.matcher(revision).matches()
        || revision.startsWith("/")
        || revision.endsWith("/")) {
      return false;
    }
    for (String segment : revision.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** @return whether {@code revision} is a full 40-hex commit hash */
  static boolean isCommitHash(String revision) {
    return revision != null && COMMIT.matcher(revision).matches();
  }

  /** @return the cache folder name, {@code models--org--name} */
  String folderName() {
    return "models--" + repoId.replace("/", "--");
  }
}
