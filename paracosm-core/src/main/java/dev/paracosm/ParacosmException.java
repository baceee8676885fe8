package dev.paracosm;

/**
 * Root of every exception Paracosm throws. Unchecked; each subtype names the input that was wrong
 * and what to do about it.
 */
public class ParacosmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the input */
  public ParacosmException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public ParacosmException(String message, Throwable cause) {
    super(message, cause);
  }
}
