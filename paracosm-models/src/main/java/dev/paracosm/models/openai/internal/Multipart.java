package dev.paracosm.models.openai.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A {@code multipart/form-data} body (RFC 7578) built in memory: text fields and file parts in order. */
public final class Multipart {
  private final String boundary = "paracosm-" + UUID.randomUUID().toString().replace("-", "");
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<String> names = new ArrayList<>();

  /**
   * @param name field name
   * @param value field value (UTF-8)
   * @return this
   */
  public Multipart field(String name, String value) {
    head("Content-Disposition: form-data; name=\"" + escape(name) + "\"\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n");
    write(value.getBytes(StandardCharsets.UTF_8));
    write("\r\n".getBytes(StandardCharsets.US_ASCII));
    names.add(name);
    return this;
  }

  /**
   * @param name field name
   * @param filename file name sent to the server
   * @param contentType media type of the bytes
   * @param bytes content
   * @return this
   */
  public Multipart file(String name, String filename, String contentType, byte[] bytes) {
    head("Content-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\"" + escape(filename) + "\"\r\n"
        + "Content-Type: " + contentType + "\r\n\r\n");
    write(bytes);
    write("\r\n".getBytes(StandardCharsets.US_ASCII));
    names.add(name);
    return this;
  }

  /** @return field names in order (for logging) */
  public List<String> names() {
    return List.copyOf(names);
  }

  /** @return the {@code Content-Type} header value with the boundary */
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** @return the complete body, closing delimiter included */
  public byte[] toBytes() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream(out.size() + boundary.length() + 8);
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return copy.toByteArray();
  }

  private void head(String headers) {
    write(("--" + boundary + "\r\n" + headers).getBytes(StandardCharsets.UTF_8));
  }

  private void write(byte[] b) {
    out.writeBytes(b);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", " ").replace("\n", " ");
  }
}
