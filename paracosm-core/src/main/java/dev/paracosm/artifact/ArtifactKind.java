package dev.paracosm.artifact;

/** What an artifact holds. */
public enum ArtifactKind {
  /** UTF-8 text (a caption, a composed description). */
  TEXT,
  /** An encoded image (PNG or JPEG). */
  IMAGE
}
