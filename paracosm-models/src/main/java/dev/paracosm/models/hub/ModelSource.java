package dev.paracosm.models.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * Resolves a model spec ({@code hf:org/name[@revision]} or {@code dir:/path}) to a local directory
 * holding the checkpoint files ({@code config.json}, {@code model.safetensors}, tokenizer and
 * preprocessor files).
 */
public interface ModelSource {

  /**
   * @param spec the model spec
   * @param requiredFiles files that must be present (downloaded if needed for {@code hf:})
   * @param optionalFiles files fetched if the repository has them
   * @return the local directory (for {@code hf:}, the snapshot directory in the Hugging Face cache)
   * @throws dev.paracosm.ModelUnavailableException naming the model and cache path when offline or
   *     missing
   */
  Path resolve(String spec, List<String> requiredFiles, List<String> optionalFiles);
}
