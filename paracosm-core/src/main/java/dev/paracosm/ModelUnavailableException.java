package dev.paracosm;

/** A model (weights, tokenizer, server) cannot be found, loaded or reached. */
public class ModelUnavailableException extends ParacosmException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the input */
  public ModelUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
