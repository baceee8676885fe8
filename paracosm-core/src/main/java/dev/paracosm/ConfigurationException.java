package dev.paracosm;

/** The configuration of a pipeline or component is incomplete or contradictory. */
public class ConfigurationException extends ParacosmException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the input */
  public ConfigurationException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
