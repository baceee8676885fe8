package dev.paracosm;

/** A persisted file (index segment, manifest, artifact record, checkpoint, safetensors) is corrupt or of an unsupported version. */
public class FormatCorruptException extends ParacosmException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the input */
  public FormatCorruptException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public FormatCorruptException(String message, Throwable cause) {
    super(message, cause);
  }
}
