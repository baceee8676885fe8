/** Reader for the safetensors checkpoint format (weights and golden fixture tensors). */
package dev.paracosm.models.safetensors;
