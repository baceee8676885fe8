package dev.paracosm;

/** A generative model (captioner, image editor, text-to-image) failed to produce a usable output. */
public class GenerationFailedException extends ParacosmException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the input */
  public GenerationFailedException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public GenerationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
