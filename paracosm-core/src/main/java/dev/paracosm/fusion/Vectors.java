package dev.paracosm.fusion;

/** Small float64 vector helpers with the {@code n(x) = x / max(‖x‖, 1e-12)} rule. */
final class Vectors {
  static final double EPS = 1e-12;

  private Vectors() {}

  static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  static double norm(double[] a) {
    double ss = 0;
    for (double x : a) {
      ss += x * x;
    }
    return Math.sqrt(ss);
  }

  static double[] normalize(double[] a) {
    double inv = 1.0 / Math.max(norm(a), EPS);
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * inv;
    }
    return out;
  }
}
