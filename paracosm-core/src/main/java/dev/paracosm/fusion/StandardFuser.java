package dev.paracosm.fusion;

import dev.paracosm.InvalidInputException;
import java.util.Map;

/**
 * The fusion rules of method.md §4–§7, computed in float64 and returned as float32.
 *
 * <p>Paracosm: {@code p = n(V(I_mental)+T(t_query))}, {@code m = n(T(t_mod))}, {@code q = λp +
 * (1−λ)m}; gallery {@code φ = n(Σ n(E_d))} (profile {@code code}) or {@code n(Σ E_d)} ({@code
 * code_genecis}, {@code paper_literal}). PEFUSE and baselines: one raw query vector (baseline
 * image+text: {@code n(V(I_ref)+T(t_mod))}), gallery {@code n(E)}.
 */
final class StandardFuser implements Fuser {

  @Override
  public float[] queryVector(Map<QueryComponent, float[]> components, FusionConfig config) {
    Mode mode = config.mode();
    return switch (mode) {
      case PARACOSM -> toFloat(paracosmQuery(components, config));
      case PEFUSE_T2I, PEFUSE_T2T -> require(components, QueryComponent.PEFUSE_TEXT, mode).clone();
      case PEFUSE_I2I, PEFUSE_I2T -> require(components, QueryComponent.PEFUSE_IMAGE, mode).clone();
      case BASELINE_IMAGE_ONLY -> require(components, QueryComponent.REF_IMAGE, mode).clone();
      case BASELINE_TEXT_ONLY -> toFloat(tmod(components, mode));
      case BASELINE_IMAGE_TEXT -> {
        double[] ref = toDouble(require(components, QueryComponent.REF_IMAGE, mode));
        double[] t = tmod(components, mode);
        checkDim(ref, t, "ref_image", "t_mod");
        yield toFloat(Vectors.normalize(Vectors.add(ref, t)));
      }
    };
  }

  private static double[] paracosmQuery(Map<QueryComponent, float[]> components, FusionConfig config) {
    Profile profile = config.profile();
    double[] group = null;
    for (QueryComponent part : new QueryComponent[] {QueryComponent.MENTAL_IMAGE, QueryComponent.T_QUERY}) {
      if (config.queryParts().contains(part)) {
        double[] v = toDouble(require(components, part, config.mode()));
        if (group != null) {
          checkDim(group, v, "mental_image", part.id());
        }
        group = group == null ? v : Vectors.add(group, v);
      }
    }
    double[] p = group == null ? null : (profile.queryGroupNorm() ? Vectors.normalize(group) : group);
    double[] m = null;
    if (config.queryParts().contains(QueryComponent.T_MOD)) {
      double[] t = tmod(components, config.mode());
      m = profile.tmodNorm() ? Vectors.normalize(t) : t;
    }
    if (p != null && m != null) {
      checkDim(p, m, "mental-image group", "t_mod");
      double lambda = config.lambda();
      double[] q = new double[p.length];
      for (int i = 0; i < q.length; i++) {
        q[i] = lambda * p[i] + (1 - lambda) * m[i];
      }
      return q;
    }
    return p != null ? p : m;
  }

  /** T(t_mod), or for FashionIQ the arithmetic mean of the two caption orders. */
  private static double[] tmod(Map<QueryComponent, float[]> components, Mode mode) {
    float[] t = components.get(QueryComponent.T_MOD);
    if (t != null) {
      return toDouble(t);
    }
    float[] fwd = components.get(QueryComponent.T_MOD_FWD);
    float[] rev = components.get(QueryComponent.T_MOD_REV);
    if (fwd != null && rev != null) {
      if (fwd.length != rev.length) {
        throw new InvalidInputException(
            "t_mod_fwd has dimension " + fwd.length + " but t_mod_rev has " + rev.length);
      }
      double[] mean = new double[fwd.length];
      for (int i = 0; i < mean.length; i++) {
        mean[i] = ((double) fwd[i] + (double) rev[i]) / 2.0;
      }
      return mean;
    }
    throw new InvalidInputException("Mode " + mode.id()
        + " needs query component t_mod (or both t_mod_fwd and t_mod_rev); present: " + components.keySet());
  }

  @Override
  public FloatMatrix galleryMatrix(Map<GalleryComponent, FloatMatrix> components, FusionConfig config) {
    var parts = config.galleryParts().stream().sorted().toList();
    FloatMatrix first = null;
    for (GalleryComponent part : parts) {
      FloatMatrix m = components.get(part);
      if (m == null) {
        throw new InvalidInputException("Mode " + config.mode().id() + " needs gallery component '"
            + part.id() + "', which the gallery does not have; present: " + components.keySet());
      }
      if (first != null && (m.rows() != first.rows() || m.cols() != first.cols())) {
        throw new InvalidInputException("Gallery component '" + part.id() + "' has shape " + m.rows() + "x"
            + m.cols() + ", expected " + first.rows() + "x" + first.cols());
      }
      first = first == null ? m : first;
    }
    if (first == null) {
      throw new InvalidInputException("No gallery parts selected");
    }
    int rows = first.rows();
    int dim = first.cols();
    boolean partNorm = config.mode() == Mode.PARACOSM && config.profile().dbPartNorm();
    float[] out = new float[rows * dim];
    double[] acc = new double[dim];
    for (int r = 0; r < rows; r++) {
      java.util.Arrays.fill(acc, 0);
      int off = r * dim;
      for (GalleryComponent part : parts) {
        float[] data = components.get(part).data();
        double scale = 1.0;
        if (partNorm) {
          double ss = 0;
          for (int i = 0; i < dim; i++) {
            ss += (double) data[off + i] * data[off + i];
          }
          scale = 1.0 / Math.max(Math.sqrt(ss), Vectors.EPS);
        }
        for (int i = 0; i < dim; i++) {
          acc[i] += data[off + i] * scale;
        }
      }
      double ss = 0;
      for (int i = 0; i < dim; i++) {
        ss += acc[i] * acc[i];
      }
      double inv = 1.0 / Math.max(Math.sqrt(ss), Vectors.EPS);
      for (int i = 0; i < dim; i++) {
        out[off + i] = (float) (acc[i] * inv);
      }
    }
    return FloatMatrix.wrap(rows, dim, out);
  }

  private static float[] require(Map<QueryComponent, float[]> components, QueryComponent c, Mode mode) {
    float[] v = components.get(c);
    if (v == null) {
      throw new InvalidInputException("Mode " + mode.id() + " needs query component '" + c.id()
          + "'; present: " + components.keySet());
    }
    return v;
  }

  private static void checkDim(double[] a, double[] b, String an, String bn) {
    if (a.length != b.length) {
      throw new InvalidInputException(an + " has dimension " + a.length + " but " + bn + " has " + b.length);
    }
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
