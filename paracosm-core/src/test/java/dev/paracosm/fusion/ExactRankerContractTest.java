package dev.paracosm.fusion;

import dev.paracosm.testkit.RankerContract;

class ExactRankerContractTest extends RankerContract {
  @Override
  protected Ranker ranker() {
    return Ranker.exact();
  }
}
