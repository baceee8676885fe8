package dev.paracosm.example.histogram;

import dev.paracosm.role.Encoder;
import dev.paracosm.role.Providers;
import dev.paracosm.testkit.EncoderContract;
import java.util.Map;

/** The core encoder contract, run against an encoder created from a spec string with non-default options. */
class SpecCreatedEncoderContractTest extends EncoderContract {
  @Override
  protected Encoder createEncoder() {
    return Providers.encoder("histogram:bins=8,grid=2,words=16", Map.of());
  }
}
