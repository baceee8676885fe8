package dev.paracosm.index.internal;

import dev.paracosm.index.StorageType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Segment file format, version 1 (little-endian):
 *
 * <pre>
 * header     "PCSG" u32 version=1, u32 storage (0 = float32, 1 = float16), u32 dimension,
 *            u32 recordCount, u32 componentCount
 * records    recordCount × { str id, u32 metaCount, metaCount × { str key, str value } }
 * components componentCount × { str name, u32 presentCount, u8[ceil(recordCount / 8)] presence
 *            bitmap (bit r of byte r/8 = record r has it), zero padding to a multiple of 4 bytes,
 *            presentCount × dimension values (f32 or IEEE f16), present records in record order }
 * trailer    "PCSE" u32 CRC32C of every preceding byte (the manifest records the same value)
 * str        u32 byte length, UTF-8 bytes
 * </pre>
 *
 * <p>A segment holds records, not items: a record carries the metadata and components given in one
 * commit; an id may have records in several segments, merged in manifest order.
 */
final class SegmentFormat {
  static final int MAGIC = 0x47534350; // "PCSG" read little-endian
  static final int TRAILER_MAGIC = 0x45534350; // "PCSE"
  static final int VERSION = 1;
  static final int TRAILER_BYTES = 8;

  private SegmentFormat() {}

  /** Result of writing a segment. */
  record Written(long bytes, int crc32c, int records, List<String> components) {}

  static int storageCode(StorageType s) {
    return s == StorageType.FLOAT32 ? 0 : 1;
  }

  /** Writes and fsyncs a segment at {@code file} (which must not exist). */
  static Written write(Path file, RecordSource src, int dim, StorageType storage) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Out out = new Out(ch)) {
      int n = src.size();
      List<String> comps = src.sortedComponentNames();
      out.i32(MAGIC);
      out.i32(VERSION);
      out.i32(storageCode(storage));
      out.i32(dim);
      out.i32(n);
      out.i32(comps.size());
      for (int r = 0; r < n; r++) {
        out.str(src.id(r));
        Map<String, String> meta = src.metadata(r);
        out.i32(meta.size());
        for (Map.Entry<String, String> e : meta.entrySet()) {
          out.str(e.getKey());
          out.str(e.getValue());
        }
      }
      float[] v = new float[dim];
      for (String c : comps) {
        out.str(c);
        byte[] bitmap = new byte[(n + 7) / 8];
        int present = 0;
        for (int r = 0; r < n; r++) {
          if (src.has(c, r)) {
            bitmap[r >>> 3] |= (byte) (1 << (r & 7));
            present++;
          }
        }
        out.i32(present);
        out.bytes(bitmap);
        while (out.position() % 4 != 0) {
          out.u8(0);
        }
        for (int r = 0; r < n; r++) {
          if (!src.has(c, r)) {
            continue;
          }
          src.vector(c, r, v, 0);
          if (storage == StorageType.FLOAT32) {
            for (float x : v) {
              out.f32(x);
            }
          } else {
            for (float x : v) {
              out.i16(Half.fromFloat(x));
            }
          }
        }
      }
      out.i32(TRAILER_MAGIC);
      int crc = out.crcSoFar();
      out.i32(crc);
      out.flush();
      ch.force(true);
      // The manifest records the same CRC32C as the trailer: of every byte before the CRC field. (A
      // CRC over the whole file including its own CRC would be a constant residue, useless as an id.)
      return new Written(out.position(), crc, n, comps);
    }
  }

  /** Buffered little-endian writer that tracks position and a running CRC32C. */
  private static final class Out implements AutoCloseable {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long flushed;

    Out(FileChannel ch) {
      this.ch = ch;
    }

    long position() {
      return flushed + buf.position();
    }

    int crcSoFar() throws IOException {
      flush();
      return (int) crc.getValue();
    }

    private void ensure(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
    }

    void flush() throws IOException {
      buf.flip();
      crc.update(buf.duplicate());
      while (buf.hasRemaining()) {
        flushed += ch.write(buf);
      }
      buf.clear();
    }

    void u8(int x) throws IOException {
      ensure(1);
      buf.put((byte) x);
    }

    void i16(short x) throws IOException {
      ensure(2);
      buf.putShort(x);
    }

    void i32(int x) throws IOException {
      ensure(4);
      buf.putInt(x);
    }

    void f32(float x) throws IOException {
      ensure(4);
      buf.putFloat(x);
    }

    void bytes(byte[] b) throws IOException {
      int off = 0;
      while (off < b.length) {
        ensure(1);
        int len = Math.min(buf.remaining(), b.length - off);
        buf.put(b, off, len);
        off += len;
      }
    }

    void str(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i32(b.length);
      bytes(b);
    }

    @Override
    public void close() {}
  }
}
