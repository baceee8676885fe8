package dev.paracosm.models.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.FormatCorruptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A read-only safetensors file: an 8-byte little-endian header length, a JSON header describing
 * every tensor (dtype, shape, byte offsets into the data section), then the raw little-endian
 * tensor data.
 *
 * <p>The header is parsed and validated when the file is opened (every tensor's byte range must lie
 * inside the file and match its dtype and shape); tensor data is memory-mapped on demand, one
 * tensor at a time, so files larger than 2 GiB work as long as each tensor is below 2 GiB. Instances
 * are thread-safe. {@link #close()} releases the file handle; buffers already returned by {@link
 * #buffer(String)} stay valid until garbage-collected.
 */
public final class SafetensorsFile implements AutoCloseable {

  /** Maximum accepted JSON header size (the reference implementation uses 100 MB). */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Element types of the safetensors format. */
  public enum Dtype {
    /** 64-bit IEEE float. */
    F64(8),
    /** 32-bit IEEE float. */
    F32(4),
    /** 16-bit IEEE half float. */
    F16(2),
    /** bfloat16 (upper half of a float32). */
    BF16(2),
    /** signed 64-bit integer. */
    I64(8),
    /** signed 32-bit integer. */
    I32(4),
    /** signed 16-bit integer. */
    I16(2),
    /** signed 8-bit integer. */
    I8(1),
    /** unsigned 8-bit integer. */
    U8(1),
    /** boolean, one byte (0 or 1). */
    BOOL(1);

    private final int bytes;

    Dtype(int bytes) {
      this.bytes = bytes;
    }

    /** @return size of one element in bytes */
    public int bytes() {
      return bytes;
    }

    /** @return whether this is a floating-point type */
    public boolean isFloating() {
      return this == F64 || this == F32 || this == F16 || this == BF16;
    }
  }

  /**
   * Header entry of one tensor.
   *
   * @param name tensor name
   * @param dtype element type
   * @param shape dimensions (empty for a 0-dim scalar)
   * @param begin start of the data, relative to the data section
   * @param end end (exclusive) of the data, relative to the data section
   */
  public record TensorInfo(String name, Dtype dtype, long[] shape, long begin, long end) {
    /** Copies the shape. */
    public TensorInfo {
      shape = shape.clone();
    }

    /** @return a copy of the dimensions */
    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** @return number of elements (1 for a 0-dim tensor) */
    public long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    /** @return the dimensions as ints */
    public int[] intShape() {
      int[] s = new int[shape.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = Math.toIntExact(shape[i]);
      }
      return s;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TensorInfo t
          && name.equals(t.name)
          && dtype == t.dtype
          && Arrays.equals(shape, t.shape)
          && begin == t.begin
          && end == t.end;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsFile(
      Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens and validates a safetensors file.
   *
   * @param path the file
   * @return the open file
   * @throws FormatCorruptException naming the file if it cannot be read, is truncated or its header
   *     is malformed
   */
  public static SafetensorsFile open(Path path) {
    Objects.requireNonNull(path, "path");
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new FormatCorruptException("Cannot open safetensors file " + path + ": " + e, e);
    }
    try {
      long size = ch.size();
      if (size < 8) {
        throw corrupt(path, "file has " + size + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.getLong(0);
      if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
        throw corrupt(path, "header length " + headerLen + " is out of range (1.." + MAX_HEADER_BYTES + ")");
      }
      if (8 + headerLen > size) {
        throw corrupt(path, "truncated: header length " + headerLen + " exceeds the file size " + size);
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
      readFully(ch, headerBuf, 8);
      String headerText = new String(headerBuf.array(), StandardCharsets.UTF_8);
      JsonNode header;
      try {
        header = JSON.readTree(headerText);
      } catch (IOException e) {
        throw corrupt(path, "header is not valid JSON: " + e.getMessage());
      }
      if (header == null || !header.isObject()) {
        throw corrupt(path, "header is not a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataSize = size - dataStart;
      Map<String, TensorInfo> tensors = new TreeMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (f.getKey().equals("__metadata__")) {
          if (!f.getValue().isObject()) {
            throw corrupt(path, "__metadata__ is not an object");
          }
          f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        TensorInfo info = parseEntry(path, f.getKey(), f.getValue(), dataSize);
        tensors.put(info.name(), info);
      }
      return new SafetensorsFile(
          path, ch, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    } catch (IOException e) {
      closeQuietly(ch);
      throw new FormatCorruptException("Cannot read safetensors file " + path + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static TensorInfo parseEntry(Path path, String name, JsonNode e, long dataSize) {
    if (!e.isObject()) {
      throw corrupt(path, "entry for tensor '" + name + "' is not an object");
    }
    JsonNode dt = e.get("dtype");
    JsonNode sh = e.get("shape");
    JsonNode off = e.get("data_offsets");
    if (dt == null || !dt.isTextual() || sh == null || !sh.isArray() || off == null || !off.isArray() || off.size() != 2) {
      throw corrupt(path, "tensor '" + name + "' needs dtype (string), shape (array) and data_offsets ([begin, end])");
    }
    Dtype dtype;
    try {
      dtype = Dtype.valueOf(dt.asText());
    } catch (IllegalArgumentException ex) {
      throw corrupt(path, "tensor '" + name + "' has unsupported dtype " + dt.asText());
    }
    long[] shape = new long[sh.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = sh.get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw corrupt(path, "tensor '" + name + "' has an invalid shape " + sh);
      }
      shape[i] = d.asLong();
      try {
        numel = Math.multiplyExact(numel, shape[i]);
      } catch (ArithmeticException ex) {
        throw corrupt(path, "tensor '" + name + "' shape " + sh + " overflows");
      }
    }
    if (!off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()) {
      throw corrupt(path, "tensor '" + name + "' has non-integer data_offsets " + off);
    }
    long begin = off.get(0).asLong();
    long end = off.get(1).asLong();
    if (begin < 0 || end < begin) {
      throw corrupt(path, "tensor '" + name + "' has invalid data_offsets " + off);
    }
    long expected;
    try {
      expected = Math.multiplyExact(numel, dtype.bytes());
    } catch (ArithmeticException ex) {
      throw corrupt(path, "tensor '" + name + "' is too large");
    }
    if (end - begin != expected) {
      throw corrupt(
          path,
          "tensor '" + name + "' " + dtype + sh + " needs " + expected + " bytes but data_offsets " + off + " span "
              + (end - begin));
    }
    if (end > dataSize) {
      throw corrupt(
          path, "truncated: tensor '" + name + "' ends at data byte " + end + " but the data section has " + dataSize);
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  /** @return the file this was opened from */
  public Path path() {
    return path;
  }

  /** @return tensor names, sorted */
  public Set<String> names() {
    return tensors.keySet();
  }

  /**
   * @param name tensor name
   * @return whether the file holds that tensor
   */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /** @return the string map stored under {@code __metadata__} (empty if none) */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * @param name tensor name
   * @return its header entry
   * @throws FormatCorruptException naming the file and tensor if it is absent
   */
  public TensorInfo info(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new FormatCorruptException("Safetensors file " + path + " has no tensor '" + name + "'");
    }
    return info;
  }

  /**
   * @param name tensor name
   * @return its dimensions as ints
   */
  public int[] shape(String name) {
    return info(name).intShape();
  }

  /**
   * The raw little-endian bytes of one tensor, memory-mapped.
   *
   * @param name tensor name
   * @return a read-only buffer positioned at 0, little-endian order
   */
  public ByteBuffer buffer(String name) {
    TensorInfo info = info(name);
    long len = info.end() - info.begin();
    if (len > Integer.MAX_VALUE) {
      throw new FormatCorruptException(
          "Tensor '" + name + "' in " + path + " is " + len + " bytes, over the 2 GiB per-tensor limit");
    }
    try {
      if (len == 0) {
        return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
      }
      return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), len).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new FormatCorruptException("Cannot read tensor '" + name + "' from " + path + ": " + e, e);
    }
  }

  /**
   * A tensor converted to float32 (F32 as is; F64 rounded; F16 and BF16 widened exactly; integer
   * and boolean types converted).
   *
   * @param name tensor name
   * @return its elements in row-major order
   */
  public float[] floats(String name) {
    TensorInfo info = info(name);
    ByteBuffer b = buffer(name);
    int n = elementCount(info);
    float[] out = new float[n];
    switch (info.dtype()) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(b.getShort(i * 2));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
        }
      }
      default -> {
        long[] l = longs(name);
        for (int i = 0; i < n; i++) {
          out[i] = l[i];
        }
      }
    }
    return out;
  }

  /**
   * A floating-point tensor as float64 (exact widening for F32/F16/BF16).
   *
   * @param name tensor name
   * @return its elements in row-major order
   */
  public double[] doubles(String name) {
    TensorInfo info = info(name);
    int n = elementCount(info);
    double[] out = new double[n];
    if (info.dtype() == Dtype.F64) {
      buffer(name).asDoubleBuffer().get(out);
    } else {
      float[] f = floats(name);
      for (int i = 0; i < n; i++) {
        out[i] = f[i];
      }
    }
    return out;
  }

  /**
   * An integer or boolean tensor widened to long.
   *
   * @param name tensor name
   * @return its elements in row-major order
   * @throws FormatCorruptException if the tensor has a floating-point dtype
   */
  public long[] longs(String name) {
    TensorInfo info = info(name);
    ByteBuffer b = buffer(name);
    int n = elementCount(info);
    long[] out = new long[n];
    switch (info.dtype()) {
      case I64 -> b.asLongBuffer().get(out);
      case I32 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(i * 4);
        }
      }
      case I16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getShort(i * 2);
        }
      }
      case I8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.get(i);
        }
      }
      case U8, BOOL -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.get(i) & 0xff;
        }
      }
      default -> throw new FormatCorruptException(
          "Tensor '" + name + "' in " + path + " has dtype " + info.dtype() + ", expected an integer dtype");
    }
    return out;
  }

  /**
   * The bytes of a U8 (or BOOL/I8) tensor.
   *
   * @param name tensor name
   * @return its elements in row-major order (interpret as unsigned with {@code & 0xff})
   * @throws FormatCorruptException if the tensor is not one byte per element
   */
  public byte[] u8(String name) {
    TensorInfo info = info(name);
    if (info.dtype().bytes() != 1) {
      throw new FormatCorruptException(
          "Tensor '" + name + "' in " + path + " has dtype " + info.dtype() + ", expected U8");
    }
    byte[] out = new byte[elementCount(info)];
    buffer(name).get(out);
    return out;
  }

  /** Closes the file handle. */
  @Override
  public void close() {
    closeQuietly(channel);
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
  }

  private int elementCount(TensorInfo info) {
    long n = info.numel();
    if (n > Integer.MAX_VALUE - 8) {
      throw new FormatCorruptException(
          "Tensor '" + info.name() + "' in " + path + " has " + n + " elements, too many for a Java array");
    }
    return (int) n;
  }

  /**
   * Converts IEEE 754 half-precision bits to float (exact).
   *
   * @param h the 16 bits
   * @return the value
   */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos + buf.position());
      if (r < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static FormatCorruptException corrupt(Path path, String what) {
    return new FormatCorruptException("Safetensors file " + path + " is corrupt: " + what);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
