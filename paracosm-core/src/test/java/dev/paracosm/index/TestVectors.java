package dev.paracosm.index;

import java.util.Random;

/** Deterministic test vectors. */
final class TestVectors {
  private TestVectors() {}

  static float[] random(Random rnd, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  /** A vector determined by (seed, dim) alone. */
  static float[] seeded(long seed, int dim) {
    return random(new Random(seed), dim);
  }

  static IndexOptions options(int dim) {
    return IndexOptions.builder().encoderId("test:encoder").dimension(dim).build();
  }

  static IndexOptions options(int dim, StorageType storage) {
    return IndexOptions.builder().encoderId("test:encoder").dimension(dim).storage(storage).build();
  }
}
