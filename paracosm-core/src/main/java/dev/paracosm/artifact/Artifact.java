package dev.paracosm.artifact;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A stored artifact: its key digest, kind, content and provenance.
 *
 * @param keyDigest the {@link ArtifactKey#digest()} it is stored under
 * @param kind text or image
 * @param content the content bytes (UTF-8 text or encoded image; copied)
 * @param provenance how it was produced: {@code created_at}, {@code role}, {@code model}, {@code
 *     server_profile}, {@code prompt}, {@code params}, {@code seed}, {@code input_hashes} and any
 *     caller-given entries
 */
public record Artifact(String keyDigest, ArtifactKind kind, byte[] content, Map<String, String> provenance) {
  /**
   * Validates and copies.
   *
   * @param keyDigest see the record description
   * @param kind see the record description
   * @param content see the record description
   * @param provenance see the record description
   */
  public Artifact {
    Objects.requireNonNull(keyDigest, "keyDigest");
    Objects.requireNonNull(kind, "kind");
    content = content.clone();
    provenance = Map.copyOf(provenance);
  }

  /** @return a copy of the content bytes */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /**
   * @return the text
   * @throws InvalidInputException if this is an image artifact
   */
  public String text() {
    if (kind != ArtifactKind.TEXT) {
      throw new InvalidInputException("Artifact " + keyDigest + " is an image, not text");
    }
    return new String(content, StandardCharsets.UTF_8);
  }

  /**
   * @return the image
   * @throws InvalidInputException if this is a text artifact
   */
  public ImageData image() {
    if (kind != ArtifactKind.IMAGE) {
      throw new InvalidInputException("Artifact " + keyDigest + " is text, not an image");
    }
    return ImageData.of(content, "artifact " + keyDigest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Artifact a && keyDigest.equals(a.keyDigest) && kind == a.kind
        && Arrays.equals(content, a.content) && provenance.equals(a.provenance);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyDigest, kind, Arrays.hashCode(content), provenance);
  }

  @Override
  public String toString() {
    return "Artifact[" + keyDigest.substring(0, 12) + ", " + kind + ", " + content.length + " bytes]";
  }
}
