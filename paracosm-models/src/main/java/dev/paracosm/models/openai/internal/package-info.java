/**
 * Implementation helpers of the OpenAI-compatible clients: error-body normalisation, backoff and
 * {@code Retry-After} parsing, multipart encoding, image downscaling and response-image validation,
 * and a size- and idle-time-limited HTTP body subscriber. Not part of the public API: do not call
 * these classes directly.
 */
package dev.paracosm.models.openai.internal;
