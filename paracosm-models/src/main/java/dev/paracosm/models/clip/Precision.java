package dev.paracosm.models.clip;

/** Compute precision of a {@link DjlClipEncoder}. Half precisions are GPU-only. */
public enum Precision {
  /** float32 everywhere (the reference precision; the only one allowed on CPU). */
  FP32,
  /** IEEE float16 weights and activations (softmax in float32); GPU only. */
  FP16,
  /** bfloat16 weights and activations (softmax in float32); GPU only. */
  BF16
}
