package dev.paracosm.models.openai;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

/** The validated settings of one client; {@link #toString()} never shows the API key. */
record ClientSettings(
    String role,
    ServerProfile profile,
    String model,
    List<URI> endpoints,
    String apiKey,
    String apiKeySource,
    Timeouts timeouts,
    int maxInFlight,
    int maxQueued,
    Duration queueTimeout,
    LoadBalancing balancing,
    RetryPolicy retry,
    boolean strict,
    int maxImageSide,
    long maxImagePixels,
    long maxResponseBytes,
    Set<String> allowedFields,
    Map<String, Object> extraFields,
    String systemPrompt,
    DoubleSupplier random) {

  HttpTransport.Config transportConfig() {
    return new HttpTransport.Config(role, endpoints, apiKey, timeouts, maxInFlight, maxQueued, queueTimeout, balancing,
        retry, maxResponseBytes, random);
  }

  @Override
  public String toString() {
    return "ClientSettings[role=" + role + ", profile=" + profile.id() + ", model=" + model + ", endpoints="
        + endpoints.stream().map(HttpTransport::sanitize).toList() + ", apiKey="
        + (apiKey == null ? "none" : "*** (" + apiKeySource + ")") + ", timeouts=" + timeouts + ", maxInFlight="
        + maxInFlight + ", strict=" + strict + ", maxImageSide=" + maxImageSide + "]";
  }
}
