package dev.paracosm.models.hub;

import dev.paracosm.InvalidInputException;
import dev.paracosm.ModelUnavailableException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code dir:/path} (or a bare directory path): a checkpoint already on disk. */
final class DirectoryModelSource implements ModelSource {

  static final String PREFIX = "dir:";

  @Override
  public Path resolve(String spec, List<String> requiredFiles, List<String> optionalFiles) {
    Objects.requireNonNull(requiredFiles, "requiredFiles");
    Objects.requireNonNull(optionalFiles, "optionalFiles");
    Path dir = toPath(spec);
    if (!Files.isDirectory(dir)) {
      throw new ModelUnavailableException(
          "Model directory " + dir + " (from spec '" + spec + "') does not exist or is not a"
              + " directory");
    }
    List<String> missing = new ArrayList<>();
    for (String file : requiredFiles) {
      HfCacheLayout.checkFilename(file);
      if (!Files.isRegularFile(dir.resolve(file))) {
        missing.add(file);
      }
    }
    for (String file : optionalFiles) {
      HfCacheLayout.checkFilename(file);
    }
    if (!missing.isEmpty()) {
      throw new ModelUnavailableException(
          "Model directory " + dir + " lacks the required file" + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing) + " (spec '" + spec + "')");
    }
    return dir;
  }

  static Path toPath(String spec) {
    String text = spec.startsWith(PREFIX) ? spec.substring(PREFIX.length()) : spec;
    if (text.isBlank()) {
      throw new InvalidInputException("Model spec '" + spec + "' names no directory");
    }
    try {
      return Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidInputException(
          "Model spec '" + spec + "' is not a valid directory path: " + e.getMessage(), e);
    }
  }
}
