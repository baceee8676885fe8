/**
 * Implementation of the encoders in {@link dev.paracosm.models.clip}: the safetensors reader, the
 * checkpoint configuration and the two-tower network. Not API: may change without notice.
 */
package dev.paracosm.models.clip.internal;
