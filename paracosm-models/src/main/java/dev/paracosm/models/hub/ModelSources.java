package dev.paracosm.models.hub;

import dev.paracosm.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Model sources from spec strings: {@code hf:org/name[@revision]} (Hugging Face hub, downloaded
 * into the shared hub cache), {@code dir:/path}, or a bare path of an existing directory.
 */
public final class ModelSources {

  private ModelSources() {}

  /**
   * One-line entry point: resolves a spec with a hub source configured from the environment.
   *
   * @param spec {@code hf:org/name[@revision]}, {@code dir:/path} or an existing directory
   * @param requiredFiles files that must be present
   * @param optionalFiles files used when present
   * @return the local directory holding the files
   * @throws InvalidInputException when the spec has no known form
   * @throws dev.paracosm.ModelUnavailableException when the model cannot be found or fetched
   * @throws dev.paracosm.FormatCorruptException when a download fails its size or sha256 check
   */
  public static Path resolve(String spec, List<String> requiredFiles, List<String> optionalFiles) {
    return standard().resolve(spec, requiredFiles, optionalFiles);
  }

  /** @return a source for every spec form, with a hub source configured from the environment */
  public static ModelSource standard() {
    return using(null);
  }

  /**
   * @param hub the hub source for {@code hf:} specs (null: one configured from the environment,
   *     created on first use)
   * @return a source for every spec form
   */
  public static ModelSource using(HfHubModelSource hub) {
    return new Dispatcher(hub);
  }

  /** @return a source for {@code dir:} specs and bare directory paths only */
  public static ModelSource directory() {
    return new DirectoryModelSource();
  }

  /** Routes a spec to the hub or the directory source. */
  private static final class Dispatcher implements ModelSource {
    private final DirectoryModelSource directory = new DirectoryModelSource();
    private volatile HfHubModelSource hub;

    Dispatcher(HfHubModelSource hub) {
      this.hub = hub;
    }

    @Override
    public Path resolve(String spec, List<String> requiredFiles, List<String> optionalFiles) {
      Objects.requireNonNull(spec, "spec");
      if (spec.startsWith(HfRepoSpec.PREFIX)) {
        return hub().resolve(spec, requiredFiles, optionalFiles);
      }
      if (spec.startsWith(DirectoryModelSource.PREFIX) || isExistingDirectory(spec)) {
        return directory.resolve(spec, requiredFiles, optionalFiles);
      }
      throw new InvalidInputException(
          "Model spec '" + spec + "' is neither hf:org/name[@revision], dir:/path nor an existing"
              + " directory");
    }

    private HfHubModelSource hub() {
      HfHubModelSource h = hub;
      if (h == null) {
        synchronized (this) {
          if (hub == null) {
            hub = HfHubModelSource.fromEnvironment();
          }
          h = hub;
        }
      }
      return h;
    }

    private static boolean isExistingDirectory(String spec) {
      try {
        return !spec.isBlank() && Files.isDirectory(Path.of(spec));
      } catch (InvalidPathException e) {
        return false;
      }
    }
  }
}
