package dev.paracosm.models.openai;

import dev.paracosm.GenerationFailedException;
import java.time.Duration;
import java.util.Optional;

/**
 * The one exception for a failed call to an OpenAI-compatible server: an error status (every server's
 * error body shape, serving spec §7.1, is normalised into {@link #serverMessage()}, {@link #type()} and
 * {@link #code()}), a transport failure that outlived the retries, or a response that is unusable
 * (malformed JSON, an undecodable or oversized image).
 *
 * <p>The message names the operation, the endpoint, the status, the server's message, the request id
 * and the number of attempts. It never contains the API key.
 */
public final class ServerErrorException extends GenerationFailedException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Kind {
    /** The server answered with an error status. */
    HTTP_STATUS,
    /** No connection could be opened. */
    CONNECT_FAILED,
    /** The connection was reset or closed before a complete response arrived. */
    CONNECTION_RESET,
    /** No response, or no further body bytes, within the read timeout. */
    TIMEOUT,
    /** A 2xx response that cannot be used (malformed, missing output, bad image, too large). */
    INVALID_RESPONSE
  }

  private final Kind kind;
  private final int status;
  private final String type;
  private final String code;
  private final String serverMessage;
  private final String requestId;
  private final int attempts;
  private final String endpoint;
  private final String operation;
  private final Duration retryAfter;

  /**
   * @param kind failure kind
   * @param status HTTP status, 0 when no response was received
   * @param type the server's error type, or {@code null}
   * @param code the server's error code, or {@code null}
   * @param serverMessage the server's message (or a description of the failure)
   * @param requestId the server's request id, or {@code null}
   * @param attempts attempts made in this call
   * @param endpoint the endpoint base URL (without credentials)
   * @param operation e.g. {@code POST /chat/completions}
   * @param retryAfter the server's {@code Retry-After}, or {@code null}
   * @param cause the underlying exception, or {@code null}
   */
  public ServerErrorException(Kind kind, int status, String type, String code, String serverMessage,
      String requestId, int attempts, String endpoint, String operation, Duration retryAfter, Throwable cause) {
    super(compose(kind, status, type, code, serverMessage, requestId, attempts, endpoint, operation), cause);
    this.kind = kind;
    this.status = status;
    this.type = type;
    this.code = code;
    this.serverMessage = serverMessage;
    this.requestId = requestId;
    this.attempts = attempts;
    this.endpoint = endpoint;
    this.operation = operation;
    this.retryAfter = retryAfter;
  }

  private static String compose(Kind kind, int status, String type, String code, String serverMessage,
      String requestId, int attempts, String endpoint, String operation) {
    StringBuilder sb = new StringBuilder();
    sb.append(operation).append(" on ").append(endpoint).append(" failed");
    if (attempts > 0) {
      sb.append(" after ").append(attempts).append(attempts == 1 ? " attempt" : " attempts");
    }
    sb.append(": ");
    switch (kind) {
      case HTTP_STATUS -> sb.append("HTTP ").append(status);
      case CONNECT_FAILED -> sb.append("cannot connect");
      case CONNECTION_RESET -> sb.append("connection reset");
      case TIMEOUT -> sb.append("timed out");
      case INVALID_RESPONSE -> sb.append("invalid response").append(status > 0 ? " (HTTP " + status + ")" : "");
    }
    if (type != null || code != null) {
      sb.append(" [");
      if (type != null) {
        sb.append("type=").append(type);
      }
      if (code != null) {
        sb.append(type != null ? ", " : "").append("code=").append(code);
      }
      sb.append(']');
    }
    if (serverMessage != null && !serverMessage.isBlank()) {
      sb.append(": ").append(serverMessage);
    }
    if (requestId != null) {
      sb.append(" (request id ").append(requestId).append(')');
    }
    return sb.toString();
  }

  /** @return the failure kind */
  public Kind kind() {
    return kind;
  }

  /** @return the HTTP status, 0 if no response was received */
  public int status() {
    return status;
  }

  /** @return the server's error type ({@code error.type}, TGI {@code error_type}, ...), if any */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** @return the server's error code ({@code error.code}, e.g. {@code insufficient_quota}), if any */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** @return the server's message, normalised from its error body shape, or a failure description */
  public String serverMessage() {
    return serverMessage;
  }

  /** @return the server's request id ({@code x-request-id} header or body), if any */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** @return the number of attempts made in the failed call */
  public int attempts() {
    return attempts;
  }

  /** @return the endpoint base URL of the last attempt (without credentials) */
  public String endpoint() {
    return endpoint;
  }

  /** @return the operation, e.g. {@code POST /chat/completions} */
  public String operation() {
    return operation;
  }

  /** @return the server's last {@code Retry-After}, if it sent one */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
