package dev.paracosm;

/** Benchmark data (annotations, splits, images) is missing or inconsistent. */
public class BenchmarkDataException extends ParacosmException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the input */
  public BenchmarkDataException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the input
   * @param cause the underlying failure
   */
  public BenchmarkDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
