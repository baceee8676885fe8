package dev.paracosm.eval.benchmark;

import dev.paracosm.InvalidInputException;

/**
 * An instance box {@code [x, y, w, h]} in pixels (GeneCIS attribute tasks, Visual Genome).
 *
 * @param x left edge
 * @param y top edge
 * @param width box width, positive
 * @param height box height, positive
 */
public record BoundingBox(double x, double y, double width, double height) {
  /** Validates that the numbers are finite and the size positive. */
  public BoundingBox {
    if (!Double.isFinite(x) || !Double.isFinite(y) || !(width > 0) || !(height > 0)
        || !Double.isFinite(width) || !Double.isFinite(height)) {
      throw new InvalidInputException(
          "Invalid bounding box [" + x + ", " + y + ", " + width + ", " + height
              + "]: coordinates must be finite and width/height positive");
    }
  }

  /** @return the box as {@code x,y,w,h} with integral values printed without a fraction */
  String compact() {
    return num(x) + "," + num(y) + "," + num(width) + "," + num(height);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
