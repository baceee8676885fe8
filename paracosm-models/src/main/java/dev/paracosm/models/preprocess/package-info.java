/** Image preprocessing with Pillow/transformers parity (resize, crop, normalise, TargetPad). */
package dev.paracosm.models.preprocess;
