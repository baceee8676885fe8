package dev.paracosm.models.hub;

/**
 * Observes file downloads from the Hugging Face hub. Called from an HTTP client thread, about once
 * per MiB and once when a file's body is complete; implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface DownloadProgressListener {

  /**
   * Reports the progress of one file.
   *
   * @param repoId the repository, {@code org/name}
   * @param filename the file inside the repository
   * @param bytesDone bytes of the file on disk so far (including a resumed prefix)
   * @param bytesTotal the expected size, or -1 when the hub did not announce it
   */
  void onProgress(String repoId, String filename, long bytesDone, long bytesTotal);
}
