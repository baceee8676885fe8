/**
 * The model roles of the method ({@link dev.paracosm.role.ImageEditor}, {@link
 * dev.paracosm.role.Captioner}, {@link dev.paracosm.role.TextToImage}, {@link
 * dev.paracosm.role.Encoder}), their immutable request/result records, and the provider SPI that
 * plugins implement.
 */
package dev.paracosm.role;
