package dev.paracosm.fusion;

import dev.paracosm.InvalidInputException;
import java.util.Objects;

/**
 * An immutable row-major float32 matrix: one row per query or gallery item. The backing array is
 * never exposed for writing; {@link #data()} returns the live array for read-only bulk access by
 * rankers and index code (callers must not modify it).
 */
public final class FloatMatrix {
  private final int rows;
  private final int cols;
  private final float[] data;

  private FloatMatrix(int rows, int cols, float[] data) {
    if (rows < 0 || cols < 0) {
      throw new InvalidInputException("Matrix shape must be non-negative, got " + rows + "x" + cols);
    }
    if ((long) rows * cols != data.length) {
      throw new InvalidInputException(
          "Matrix data has " + data.length + " floats, expected " + rows + "x" + cols);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /**
   * @param rows number of rows
   * @param cols number of columns
   * @param data row-major values (not copied: the caller hands ownership over)
   * @return the matrix
   */
  public static FloatMatrix wrap(int rows, int cols, float[] data) {
    return new FloatMatrix(rows, cols, Objects.requireNonNull(data, "data"));
  }

  /**
   * @param rowVectors rows of equal length (copied)
   * @return the matrix
   * @throws InvalidInputException if rows differ in length
   */
  public static FloatMatrix of(float[]... rowVectors) {
    if (rowVectors.length == 0) {
      return new FloatMatrix(0, 0, new float[0]);
    }
    int cols = rowVectors[0].length;
    float[] data = new float[rowVectors.length * cols];
    for (int i = 0; i < rowVectors.length; i++) {
      if (rowVectors[i].length != cols) {
        throw new InvalidInputException(
            "Row " + i + " has dimension " + rowVectors[i].length + ", expected " + cols);
      }
      System.arraycopy(rowVectors[i], 0, data, i * cols, cols);
    }
    return new FloatMatrix(rowVectors.length, cols, data);
  }

  /**
   * @param rowVectors rows of equal length (copied)
   * @return the matrix
   */
  public static FloatMatrix of(java.util.List<float[]> rowVectors) {
    return of(rowVectors.toArray(new float[0][]));
  }

  /** @return number of rows */
  public int rows() {
    return rows;
  }

  /** @return number of columns (the embedding dimension) */
  public int cols() {
    return cols;
  }

  /**
   * @param row row index
   * @param col column index
   * @return the value
   */
  public float get(int row, int col) {
    return data[row * cols + col];
  }

  /**
   * @param row row index
   * @return a copy of the row
   */
  public float[] row(int row) {
    Objects.checkIndex(row, rows);
    float[] out = new float[cols];
    System.arraycopy(data, row * cols, out, 0, cols);
    return out;
  }

  /** @return the live row-major array; read-only by contract */
  public float[] data() {
    return data;
  }
}
