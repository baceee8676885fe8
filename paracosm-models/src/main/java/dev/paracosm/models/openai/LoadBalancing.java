package dev.paracosm.models.openai;

/** How a client spreads requests over several endpoints of one role. */
public enum LoadBalancing {
  /** Each request goes to the next endpoint in turn (skipping endpoints without a free slot). */
  ROUND_ROBIN,
  /** Each request goes to the endpoint with the fewest requests in flight (ties in turn). */
  LEAST_IN_FLIGHT
}
