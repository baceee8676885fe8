package dev.paracosm.models.clip.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal reader of the safetensors format: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus optional {@code __metadata__}), then the raw
 * little-endian tensor data. Tensors are memory-mapped one at a time (so files larger than 2 GiB
 * work as long as each tensor is smaller than 2 GiB).
 *
 * <p>Every structural problem (truncated file, malformed header, offsets outside the data, a byte
 * count that does not match dtype and shape) is reported as a {@link FormatCorruptException} naming
 * the file and, where relevant, the tensor. Instances are immutable after {@link #open} and safe for
 * concurrent reads; {@link #close()} closes the file channel.
 */
public final class SafeTensorsReader implements AutoCloseable {

  /** Header lengths above this are rejected as corrupt (the format caps headers at 100 MB). */
  private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Element types of the format. */
  public enum DType {
    /** IEEE float64. */
    F64(8),
    /** IEEE float32. */
    F32(4),
    /** IEEE float16. */
    F16(2),
    /** bfloat16 (the upper half of a float32). */
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
    /** boolean, one byte. */
    BOOL(1);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /** @return bytes per element */
    public int bytes() {
      return bytes;
    }
  }

  /**
   * One tensor's header entry.
   *
   * @param name tensor name
   * @param dtype element type
   * @param shape dimensions ({@code []} for a scalar)
   * @param begin start offset in the data section
   * @param end end offset (exclusive) in the data section
   */
  public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    /** @return the number of elements (1 for a scalar) */
    public long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    /** @return the shape as {@code [a, b, c]} */
    public String shapeString() {
      return Arrays.toString(shape);
    }
  }

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafeTensorsReader(
      Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens and validates a safetensors file (header only; data is mapped lazily).
   *
   * @param file the file
   * @return the reader; close it
   * @throws ModelUnavailableException naming the file if it does not exist or cannot be read
   * @throws FormatCorruptException naming the file if it is truncated or its header is malformed
   */
  public static SafeTensorsReader open(Path file) {
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new ModelUnavailableException("Safetensors file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ModelUnavailableException("Cannot open safetensors file " + file + ": " + e, e);
    }
    try {
      SafeTensorsReader r = parse(file, ch);
      return r;
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static SafeTensorsReader parse(Path file, FileChannel ch) {
    try {
      long size = ch.size();
      if (size < 8) {
        throw corrupt(file, "is truncated: " + size + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
        throw corrupt(file, "has an invalid header length " + headerLen + " (file size " + size + " bytes)");
      }
      if (8 + headerLen > size) {
        throw corrupt(
            file, "is truncated: header declares " + headerLen + " bytes but only " + (size - 8) + " follow");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8);
      JsonNode root;
      try {
        root = JSON.readTree(header.array());
      } catch (IOException e) {
        throw new FormatCorruptException("Safetensors file " + file + " has a malformed JSON header: " + e.getMessage(), e);
      }
      if (root == null || !root.isObject()) {
        throw corrupt(file, "has a header that is not a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataSize = size - dataStart;
      Map<String, TensorInfo> tensors = new TreeMap<>();
      Map<String, String> metadata = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        JsonNode v = e.getValue();
        if (name.equals("__metadata__")) {
          if (v.isObject()) {
            v.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
          }
          continue;
        }
        tensors.put(name, entry(file, name, v, dataSize));
      }
      return new SafeTensorsReader(
          file, ch, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    } catch (IOException e) {
      throw new FormatCorruptException("Cannot read safetensors file " + file + ": " + e, e);
    }
  }

  private static TensorInfo entry(Path file, String name, JsonNode v, long dataSize) {
    if (!v.isObject() || !v.has("dtype") || !v.has("shape") || !v.has("data_offsets")) {
      throw corrupt(file, "has a malformed header entry for tensor '" + name + "' (needs dtype, shape, data_offsets)");
    }
    DType dtype;
    try {
      dtype = DType.valueOf(v.get("dtype").asText());
    } catch (IllegalArgumentException ex) {
      throw corrupt(file, "has tensor '" + name + "' with unsupported dtype " + v.get("dtype"));
    }
    JsonNode shapeNode = v.get("shape");
    JsonNode offs = v.get("data_offsets");
    if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2) {
      throw corrupt(file, "has a malformed shape or data_offsets for tensor '" + name + "'");
    }
    long[] shape = new long[shapeNode.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToLong() || d.asLong() < 0) {
        throw corrupt(file, "has a negative or non-integer dimension in tensor '" + name + "'");
      }
      shape[i] = d.asLong();
      numel = Math.multiplyExact(numel, shape[i]);
    }
    long begin = offs.get(0).asLong(-1);
    long end = offs.get(1).asLong(-1);
    if (begin < 0 || end < begin) {
      throw corrupt(file, "has invalid data_offsets [" + begin + ", " + end + "] for tensor '" + name + "'");
    }
    if (end - begin != numel * dtype.bytes()) {
      throw corrupt(
          file,
          "has tensor '" + name + "' whose " + (end - begin) + " data bytes do not match dtype " + dtype
              + " and shape " + Arrays.toString(shape));
    }
    if (end > dataSize) {
      throw corrupt(
          file,
          "is truncated: tensor '" + name + "' ends at data byte " + end + " but the data section has only "
              + dataSize + " bytes");
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  /** @return the file this reader maps */
  public Path file() {
    return file;
  }

  /** @return every tensor's header entry, sorted by name */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** @return the {@code __metadata__} map (empty if absent) */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * @param name tensor name
   * @return whether the file holds that tensor
   */
  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /**
   * @param name tensor name
   * @return its header entry
   * @throws FormatCorruptException naming the file and tensor if it is absent
   */
  public TensorInfo info(String name) {
    TensorInfo t = tensors.get(name);
    if (t == null) {
      throw new FormatCorruptException("Safetensors file " + file + " has no tensor '" + name + "'");
    }
    return t;
  }

  /**
   * @param name tensor name
   * @return a read-only little-endian mapping of the tensor's bytes
   */
  public ByteBuffer bytes(String name) {
    TensorInfo t = info(name);
    long len = t.end() - t.begin();
    if (len > Integer.MAX_VALUE) {
      throw new FormatCorruptException(
          "Tensor '" + name + "' in " + file + " is larger than 2 GiB (" + len + " bytes); not supported");
    }
    try {
      if (len == 0) {
        return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
      }
      return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), len).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new FormatCorruptException("Cannot map tensor '" + name + "' of " + file + ": " + e, e);
    }
  }

  /**
   * Reads a floating-point tensor as float32 (F32, F16, BF16 and F64 are converted).
   *
   * @param name tensor name
   * @return the values in row-major order
   * @throws FormatCorruptException if the tensor is absent or not floating point
   */
  public float[] floats(String name) {
    TensorInfo t = info(name);
    ByteBuffer b = bytes(name);
    int n = Math.toIntExact(t.numel());
    float[] out = new float[n];
    switch (t.dtype()) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        var d = b.asDoubleBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = (float) d.get(i);
        }
      }
      case F16 -> {
        var s = b.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(s.get(i));
        }
      }
      case BF16 -> {
        var s = b.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((s.get(i) & 0xffff) << 16);
        }
      }
      default -> throw new FormatCorruptException(
          "Tensor '" + name + "' in " + file + " has dtype " + t.dtype() + ", expected a floating-point type");
    }
    return out;
  }

  /**
   * Reads a floating-point tensor as float64 (F64 exactly; F32, F16 and BF16 widened).
   *
   * @param name tensor name
   * @return the values in row-major order
   */
  public double[] doubles(String name) {
    TensorInfo t = info(name);
    if (t.dtype() != DType.F64) {
      float[] f = floats(name);
      double[] out = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return out;
    }
    double[] out = new double[Math.toIntExact(t.numel())];
    bytes(name).asDoubleBuffer().get(out);
    return out;
  }

  /**
   * Reads an integer tensor (I64, I32, I16, I8, U8, BOOL) as longs.
   *
   * @param name tensor name
   * @return the values in row-major order
   */
  public long[] longs(String name) {
    TensorInfo t = info(name);
    ByteBuffer b = bytes(name);
    int n = Math.toIntExact(t.numel());
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = switch (t.dtype()) {
        case I64 -> b.getLong(i * 8);
        case I32 -> b.getInt(i * 4);
        case I16 -> b.getShort(i * 2);
        case I8 -> b.get(i);
        case U8, BOOL -> b.get(i) & 0xff;
        default -> throw new FormatCorruptException(
            "Tensor '" + name + "' in " + file + " has dtype " + t.dtype() + ", expected an integer type");
      };
    }
    return out;
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, p);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + p);
      }
      p += n;
    }
  }

  private static FormatCorruptException corrupt(Path file, String what) {
    return new FormatCorruptException("Safetensors file " + file + " " + what);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing useful to do
    }
  }

  /**
   * IEEE 754 binary16 to float32 (exact; handles subnormals, infinities and NaN).
   *
   * @param h the half-precision bits
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
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
