/**
 * A worked example of a Paracosm plugin: {@link dev.paracosm.example.histogram.ColorHistogramEncoder}, a
 * small model-free {@link dev.paracosm.role.Encoder} (colour histogram and spatial layout for images,
 * hashed bag of words for texts, colour words mapped onto the colour bins so that both live in one
 * space), and {@link dev.paracosm.example.histogram.ColorHistogramEncoderProvider}, which registers it
 * under the spec {@code histogram:} through {@code META-INF/services/dev.paracosm.role.EncoderProvider}.
 */
package dev.paracosm.example.histogram;
