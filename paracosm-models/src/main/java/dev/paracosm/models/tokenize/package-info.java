/** Text tokenizers of supported checkpoints (CLIP BPE, SigLIP SentencePiece). */
package dev.paracosm.models.tokenize;
