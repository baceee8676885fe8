package dev.paracosm;

/** An input given by the caller (image, text, option string, vector) is malformed or out of range. */
public class InvalidInputException extends ParacosmException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the input */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
