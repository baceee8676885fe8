package dev.paracosm.index.internal;

import dev.paracosm.FormatCorruptException;
import dev.paracosm.index.StorageType;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** One opened, verified, memory-mapped segment file (see {@link SegmentFormat}). Immutable. */
final class Segment {
  final Path file;
  final int dim;
  final StorageType storage;
  final String[] ids;
  final List<Map<String, String>> metadata;
  /** Per component: ordinal of each record's vector in the block, or -1. */
  final Map<String, int[]> ordinals = new LinkedHashMap<>();
  private final Map<String, FloatBuffer> f32 = new LinkedHashMap<>();
  private final Map<String, ShortBuffer> f16 = new LinkedHashMap<>();

  private Segment(Path file, int dim, StorageType storage, String[] ids, List<Map<String, String>> metadata) {
    this.file = file;
    this.dim = dim;
    this.storage = storage;
    this.ids = ids;
    this.metadata = metadata;
  }

  int records() {
    return ids.length;
  }

  /**
   * Maps and verifies a segment against the size and checksum recorded in the manifest.
   *
   * @throws FormatCorruptException naming the file if it is torn, corrupt or inconsistent
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  static Segment open(Path file, long expectedBytes, int expectedCrc, int dim, StorageType storage)
      throws IOException {
    MappedByteBuffer map;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size != expectedBytes) {
        throw new FormatCorruptException("Index segment " + file + " has " + size + " bytes but the manifest "
            + "records " + expectedBytes + " (torn or truncated write?)");
      }
      if (size > Integer.MAX_VALUE) {
        throw new FormatCorruptException("Index segment " + file + " is larger than 2 GiB (" + size + " bytes)");
      }
      map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
    ByteBuffer b = map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long size = b.limit();
    if (size < 24 + SegmentFormat.TRAILER_BYTES) {
      throw new FormatCorruptException("Index segment " + file + " is too short (" + size + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(b.duplicate().limit((int) size - 4));
    int actual = (int) crc.getValue();
    if (actual != expectedCrc) {
      throw new FormatCorruptException(String.format(
          "Index segment %s fails its checksum: CRC32C %08x, manifest records %08x (corrupt file)", file, actual,
          expectedCrc));
    }
    try {
      return parse(file, b, dim, storage, actual);
    } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new FormatCorruptException("Index segment " + file + " is malformed: " + e, e);
    }
  }

  private static Segment parse(Path file, ByteBuffer b, int dim, StorageType storage, int crc) {
    int limit = b.limit();
    if (limit < 24 + SegmentFormat.TRAILER_BYTES || b.getInt(0) != SegmentFormat.MAGIC) {
      throw new FormatCorruptException("Index segment " + file + " does not start with the segment magic PCSG");
    }
    if (b.getInt(limit - 8) != SegmentFormat.TRAILER_MAGIC) {
      throw new FormatCorruptException("Index segment " + file + " has no PCSE trailer (torn write?)");
    }
    if (crc != b.getInt(limit - 4)) {
      throw new FormatCorruptException("Index segment " + file + " has a trailer checksum that differs from its "
          + "manifest entry");
    }
    b.position(4);
    int version = b.getInt();
    if (version != SegmentFormat.VERSION) {
      throw new FormatCorruptException("Index segment " + file + " has format version " + version
          + "; this Paracosm reads segment versions [" + SegmentFormat.VERSION + "]");
    }
    int storageCode = b.getInt();
    int fileDim = b.getInt();
    if (storageCode != SegmentFormat.storageCode(storage) || fileDim != dim) {
      throw new FormatCorruptException("Index segment " + file + " has storage code " + storageCode
          + " and dimension " + fileDim + " but the manifest says " + storage + " and " + dim);
    }
    int n = nonNegative(b.getInt(), "record count", file);
    int nc = nonNegative(b.getInt(), "component count", file);
    String[] ids = new String[n];
    List<Map<String, String>> metas = new java.util.ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      ids[r] = str(b, file);
      int nm = nonNegative(b.getInt(), "metadata count", file);
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < nm; i++) {
        m.put(str(b, file), str(b, file));
      }
      metas.add(Collections.unmodifiableMap(m));
    }
    Segment seg = new Segment(file, dim, storage, ids, Collections.unmodifiableList(metas));
    for (int c = 0; c < nc; c++) {
      String name = str(b, file);
      int present = nonNegative(b.getInt(), "present count", file);
      byte[] bitmap = new byte[(n + 7) / 8];
      b.get(bitmap);
      int[] ord = new int[n];
      int k = 0;
      for (int r = 0; r < n; r++) {
        ord[r] = (bitmap[r >>> 3] & (1 << (r & 7))) != 0 ? k++ : -1;
      }
      if (k != present) {
        throw new FormatCorruptException("Index segment " + file + " component '" + name + "' has " + k
            + " presence bits but records " + present + " vectors");
      }
      while (b.position() % 4 != 0) {
        b.get();
      }
      long len = (long) present * dim * storage.bytesPerValue();
      if (len > b.remaining() - SegmentFormat.TRAILER_BYTES) {
        throw new FormatCorruptException("Index segment " + file + " component '" + name + "' needs " + len
            + " bytes of vectors but only " + (b.remaining() - SegmentFormat.TRAILER_BYTES) + " remain");
      }
      ByteBuffer block = b.slice(b.position(), (int) len).order(ByteOrder.LITTLE_ENDIAN);
      if (storage == StorageType.FLOAT32) {
        seg.f32.put(name, block.asFloatBuffer());
      } else {
        seg.f16.put(name, block.asShortBuffer());
      }
      seg.ordinals.put(name, ord);
      b.position(b.position() + (int) len);
    }
    if (b.position() != limit - SegmentFormat.TRAILER_BYTES) {
      throw new FormatCorruptException("Index segment " + file + " has " + (limit - SegmentFormat.TRAILER_BYTES
          - b.position()) + " unexpected bytes before its trailer");
    }
    return seg;
  }

  private static int nonNegative(int v, String what, Path file) {
    if (v < 0) {
      throw new FormatCorruptException("Index segment " + file + " has a negative " + what + ": " + v);
    }
    return v;
  }

  private static String str(ByteBuffer b, Path file) {
    int len = nonNegative(b.getInt(), "string length", file);
    if (len > b.remaining()) {
      throw new FormatCorruptException("Index segment " + file + " has a string of " + len
          + " bytes running past the end of the file");
    }
    ByteBuffer s = b.slice(b.position(), len);
    b.position(b.position() + len);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(s)
          .toString();
    } catch (CharacterCodingException e) {
      throw new FormatCorruptException("Index segment " + file + " has a string that is not valid UTF-8", e);
    }
  }

  /**
   * Copies {@code count} consecutive vectors of a component starting at ordinal {@code ord} into
   * {@code dst} at {@code off}. Thread-safe (absolute reads only).
   */
  void copy(String component, int ord, int count, float[] dst, int off) {
    int len = count * dim;
    if (storage == StorageType.FLOAT32) {
      f32.get(component).get(ord * dim, dst, off, len);
    } else {
      ShortBuffer sb = f16.get(component);
      short[] tmp = new short[Math.min(len, 1 << 16)];
      int done = 0;
      while (done < len) {
        int chunk = Math.min(tmp.length, len - done);
        sb.get(ord * dim + done, tmp, 0, chunk);
        for (int i = 0; i < chunk; i++) {
          dst[off + done + i] = Half.toFloat(tmp[i]);
        }
        done += chunk;
      }
    }
  }
}
