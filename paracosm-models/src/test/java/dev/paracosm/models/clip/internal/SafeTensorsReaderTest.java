package dev.paracosm.models.clip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.FormatCorruptException;
import dev.paracosm.ModelUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SafeTensorsReaderTest {
  static final Path TINY_CLIP = Path.of("src/test/resources/fixtures/models/tiny-clip/model.safetensors");

  @TempDir Path tmp;

  /** Writes a safetensors file: header JSON padded to 8 bytes, then data. */
  static Path write(Path file, String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int padded = (h.length + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(padded);
    b.put(h);
    for (int i = h.length; i < padded; i++) {
      b.put((byte) ' ');
    }
    b.put(data);
    Files.write(file, b.array());
    return file;
  }

  static byte[] le(int bytesPerValue, long... bits) {
    ByteBuffer b = ByteBuffer.allocate(bits.length * bytesPerValue).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : bits) {
      switch (bytesPerValue) {
        case 2 -> b.putShort((short) v);
        case 4 -> b.putInt((int) v);
        default -> b.putLong(v);
      }
    }
    return b.array();
  }

  @Test
  void readsTheHeaderOfAnHfCheckpoint() {
    try (SafeTensorsReader r = SafeTensorsReader.open(TINY_CLIP)) {
      assertThat(r.info("logit_scale").shape()).isEmpty();
      assertThat(r.info("visual_projection.weight").shape()).containsExactly(24, 32);
      assertThat(r.info("text_model.embeddings.token_embedding.weight").dtype()).isEqualTo(SafeTensorsReader.DType.F32);
      assertThat(r.floats("text_model.embeddings.token_embedding.weight")).hasSize(49408 * 32);
    }
  }

  @Test
  void convertsF16AndBf16ToFloat32Exactly() throws IOException {
    // 1.0, -2.5, 65504 (max half), 2^-24 (smallest subnormal)
    byte[] f16 = le(2, 0x3C00, 0xC100, 0x7BFF, 0x0001);
    // bf16 = upper 16 bits of float32: 1.0, -2.5, 3.0e38-ish
    byte[] bf16 = le(2, Float.floatToIntBits(1f) >>> 16, Float.floatToIntBits(-2.5f) >>> 16, 0x7F7F);
    byte[] data = new byte[f16.length + bf16.length];
    System.arraycopy(f16, 0, data, 0, f16.length);
    System.arraycopy(bf16, 0, data, f16.length, bf16.length);
    Path f = write(tmp.resolve("h.safetensors"),
        "{\"a\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[8,14]}}", data);
    try (SafeTensorsReader r = SafeTensorsReader.open(f)) {
      assertThat(r.floats("a")).containsExactly(1f, -2.5f, 65504f, (float) Math.pow(2, -24));
      assertThat(r.floats("b")).containsExactly(1f, -2.5f, Float.intBitsToFloat(0x7F7F0000));
    }
  }

  @Test
  void truncatedDataIsCorruptNamingTheFileAndTensor() throws IOException {
    byte[] all = Files.readAllBytes(TINY_CLIP);
    Path cut = tmp.resolve("model.safetensors");
    Files.write(cut, Arrays.copyOf(all, all.length - 100));
    assertThatThrownBy(() -> SafeTensorsReader.open(cut))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("visual_projection.weight");
  }

  @Test
  void fileShorterThanItsHeaderIsCorrupt() throws IOException {
    byte[] all = Files.readAllBytes(TINY_CLIP);
    Path cut = tmp.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(all, 200));
    assertThatThrownBy(() -> SafeTensorsReader.open(cut))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("header declares");
  }

  @Test
  void absurdHeaderLengthIsCorrupt() throws IOException {
    Path f = tmp.resolve("len.safetensors");
    Files.write(f, le(8, Long.MAX_VALUE / 2, 0));
    assertThatThrownBy(() -> SafeTensorsReader.open(f))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("invalid header length");
  }

  @Test
  void nonJsonHeaderIsCorrupt() throws IOException {
    Path f = write(tmp.resolve("json.safetensors"), "{\"a\": [1, 2", new byte[0]);
    assertThatThrownBy(() -> SafeTensorsReader.open(f))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("malformed JSON header");
  }

  @Test
  void byteCountThatContradictsDtypeAndShapeIsCorrupt() throws IOException {
    Path f = write(tmp.resolve("n.safetensors"), "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}",
        new byte[12]);
    assertThatThrownBy(() -> SafeTensorsReader.open(f))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("'w'")
        .hasMessageContaining("[2, 2]");
  }

  @Test
  void unknownDtypeIsCorrupt() throws IOException {
    Path f = write(tmp.resolve("d.safetensors"), "{\"w\":{\"dtype\":\"F8_E4M3X\",\"shape\":[1],\"data_offsets\":[0,1]}}",
        new byte[1]);
    assertThatThrownBy(() -> SafeTensorsReader.open(f))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("unsupported dtype");
  }

  @Test
  void missingFileIsUnavailableNamingIt() {
    Path f = tmp.resolve("nope.safetensors");
    assertThatThrownBy(() -> SafeTensorsReader.open(f))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining(f.toString());
  }

  @Test
  void readingIntegersAsFloatsIsRejected() throws IOException {
    Path f = write(tmp.resolve("i.safetensors"), "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}",
        le(8, 7, -3));
    try (SafeTensorsReader r = SafeTensorsReader.open(f)) {
      assertThat(r.longs("ids")).containsExactly(7, -3);
      assertThatThrownBy(() -> r.floats("ids")).isInstanceOf(FormatCorruptException.class).hasMessageContaining("'ids'");
    }
  }
}
