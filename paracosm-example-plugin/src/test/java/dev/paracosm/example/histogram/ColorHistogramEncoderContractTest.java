package dev.paracosm.example.histogram;

import dev.paracosm.role.Encoder;
import dev.paracosm.testkit.EncoderContract;

/** The core encoder contract, run against the default histogram encoder. */
class ColorHistogramEncoderContractTest extends EncoderContract {
  @Override
  protected Encoder createEncoder() {
    return new ColorHistogramEncoder();
  }
}
