package dev.paracosm.models.clip.internal;

import dev.paracosm.FormatCorruptException;
import dev.paracosm.models.safetensors.SafetensorsFile;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Where a {@link TwoTowerModel} gets its parameters from: a checkpoint's {@code model.safetensors}
 * (HF state_dict names) or, for benchmarks and dry runs, deterministic random values.
 */
public interface WeightSource {

  /** @return a description for messages (the file path, or {@code random(seed)}) */
  String description();

  /**
   * Reads one parameter as float32 and checks its shape.
   *
   * @param name HF state_dict name
   * @param shape the shape implied by {@code config.json}
   * @return the values, row-major
   * @throws FormatCorruptException naming the tensor and both shapes if they differ, or if the
   *     tensor is missing
   */
  float[] read(String name, long... shape);

  /**
   * Reads a one-element parameter stored as a 0-dim tensor ({@code []}) or as {@code [1]}.
   *
   * @param name HF state_dict name
   * @return the value
   */
  float readScalar(String name);

  /**
   * Reads parameters from a checkpoint's safetensors file. Each tensor is memory-mapped and copied
   * once into the returned float array (F16, BF16 and F64 are converted to float32); tensors with an
   * integer or boolean dtype are rejected.
   *
   * @param file an open safetensors file (not closed by this source)
   * @return a source reading from it
   */
  static WeightSource of(SafetensorsFile file) {
    return new WeightSource() {
      @Override
      public String description() {
        return file.path().toString();
      }

      @Override
      public float[] read(String name, long... shape) {
        if (!file.contains(name)) {
          throw new FormatCorruptException(
              "Checkpoint weights " + file.path() + " lack tensor '" + name + "' (expected shape "
                  + Arrays.toString(shape) + " from config.json)");
        }
        SafetensorsFile.TensorInfo t = file.info(name);
        if (!Arrays.equals(t.shape(), shape)) {
          throw new FormatCorruptException(
              "Checkpoint weights " + file.path() + ": tensor '" + name + "' has shape "
                  + Arrays.toString(t.shape()) + " but config.json implies " + Arrays.toString(shape));
        }
        return floats(t);
      }

      @Override
      public float readScalar(String name) {
        if (!file.contains(name)) {
          throw new FormatCorruptException("Checkpoint weights " + file.path() + " lack tensor '" + name + "'");
        }
        SafetensorsFile.TensorInfo t = file.info(name);
        if (t.numel() != 1 || t.shape().length > 1) {
          throw new FormatCorruptException(
              "Checkpoint weights " + file.path() + ": tensor '" + name + "' has shape "
                  + Arrays.toString(t.shape()) + " but a scalar ([] or [1]) is expected");
        }
        return floats(t)[0];
      }

      private float[] floats(SafetensorsFile.TensorInfo t) {
        if (!t.dtype().isFloating()) {
          throw new FormatCorruptException(
              "Checkpoint weights " + file.path() + ": tensor '" + t.name() + "' has dtype " + t.dtype()
                  + ", expected a floating-point type");
        }
        return file.floats(t.name());
      }
    };
  }

  /**
   * Deterministic random parameters with the usual initialisation scales (LayerNorm weights 1,
   * biases 0, other matrices uniform with standard deviation 0.02, CLIP's initial logit scale).
   * For benchmarks only: the embeddings are meaningless.
   *
   * @param seed random seed
   * @return the source
   */
  static WeightSource random(long seed) {
    return new WeightSource() {
      @Override
      public String description() {
        return "random(" + seed + ")";
      }

      @Override
      public float[] read(String name, long... shape) {
        long n = 1;
        for (long d : shape) {
          n *= d;
        }
        float[] out = new float[Math.toIntExact(n)];
        boolean norm = name.contains("norm") || name.contains("layrnorm");
        if (norm && name.endsWith(".weight")) {
          Arrays.fill(out, 1f);
        } else if (!name.endsWith(".bias")) {
          SplittableRandom r = new SplittableRandom(seed ^ name.hashCode());
          float a = (float) (0.02 * Math.sqrt(3));
          for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((r.nextDouble() * 2 - 1) * a);
          }
        }
        return out;
      }

      @Override
      public float readScalar(String name) {
        return name.equals("logit_bias") ? -10f : 2.6592f;
      }
    };
  }
}
