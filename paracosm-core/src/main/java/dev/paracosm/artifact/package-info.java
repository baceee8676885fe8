/**
 * The content-addressed artifact store: every generated text (caption, composed description) and
 * image (mental image, synthetic counterpart) is kept under the SHA-256 of its {@link
 * dev.paracosm.artifact.ArtifactKey} (role, model, server profile, rendered prompt, params, seed,
 * input content hashes), with a provenance record, so that a run can be resumed, replayed and
 * audited without calling a model twice.
 */
package dev.paracosm.artifact;
