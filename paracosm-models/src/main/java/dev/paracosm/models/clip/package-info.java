/**
 * CLIP / OpenCLIP / SigLIP image-text encoders implemented natively on DJL NDArray operations
 * (PyTorch engine), loading Hugging Face {@code CLIPModel} / {@code SiglipModel} checkpoints
 * ({@code config.json} + {@code model.safetensors}). Entry point: {@link
 * dev.paracosm.models.clip.DjlClipEncoder}.
 */
package dev.paracosm.models.clip;
