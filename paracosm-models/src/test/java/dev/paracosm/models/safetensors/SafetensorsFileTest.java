package dev.paracosm.models.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.FormatCorruptException;
import java.io.ByteArrayOutputStream;
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
class SafetensorsFileTest {

  private static final Path DECODED =
      Path.of("src/test/resources/fixtures/models/expected/decoded_rgb.safetensors");
  private static final Path PREPROCESS =
      Path.of("src/test/resources/fixtures/models/expected/tiny-clip/preprocess.safetensors");

  private static final Path TINY_CLIP = Path.of("src/test/resources/fixtures/models/tiny-clip/model.safetensors");

  @TempDir Path tmp;

  /** Builds a safetensors file from a JSON header and raw data. */
  static byte[] build(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length);
    var out = new ByteArrayOutputStream();
    out.writeBytes(len.array());
    out.writeBytes(h);
    out.writeBytes(data);
    return out.toByteArray();
  }

  private Path write(byte[] bytes) throws IOException {
    Path p = tmp.resolve("t.safetensors");
    Files.write(p, bytes);
    return p;
  }

  private static byte[] le(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(b);
    return b.array();
  }

  @Test
  void listsTheFixtureTensorsSortedWithShapesAndDtypes() {
    try (var f = SafetensorsFile.open(PREPROCESS)) {
      assertThat(f.names()).hasSize(28).startsWith("astronaut_512x512.cropped").contains("pixel_values");
      assertThat(f.info("pixel_values").dtype()).isEqualTo(SafetensorsFile.Dtype.F32);
      assertThat(f.shape("pixel_values")).containsExactly(9, 3, 64, 64);
      assertThat(f.shape("tall_300x900.resized")).containsExactly(192, 64, 3);
      assertThat(f.metadata()).containsEntry("format", "pt");
    }
  }

  @Test
  void readsU8AndF32TensorsOfTheFixture() {
    try (var f = SafetensorsFile.open(PREPROCESS)) {
      byte[] crop = f.u8("exact_64x64.cropped");
      assertThat(crop).hasSize(64 * 64 * 3);
      float[] batch = f.floats("pixel_values");
      float[] single = f.floats("exact_64x64.pixel_values");
      assertThat(batch).hasSize(9 * 3 * 64 * 64);
      // the batch follows the manifest's image order, where exact_64x64 is the 9th and last image
      assertThat(Arrays.copyOfRange(batch, 8 * single.length, 9 * single.length)).containsExactly(single);
      assertThat(f.longs("exact_64x64.cropped")[0]).isEqualTo(crop[0] & 0xff);
    }
  }

  @Test
  void convertsAllFloatDtypesToFloat() throws IOException {
    short half = (short) 0x3C00; // 1.0
    short halfNeg = (short) 0xC500; // -5.0
    short halfSub = (short) 0x0001; // 2^-24
    short bf = (short) 0x4049; // 3.140625
    byte[] data = new byte[8 + 6 + 2 + 4];
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    b.putDouble(0, 2.5).putShort(8, half).putShort(10, halfNeg).putShort(12, halfSub).putShort(14, bf).putFloat(16, -0.25f);
    String header = "{\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        + "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[8,14]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[14,16]},"
        + "\"f\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[16,20]}}";
    try (var f = SafetensorsFile.open(write(build(header, data)))) {
      assertThat(f.floats("d")).containsExactly(2.5f);
      assertThat(f.floats("h")).containsExactly(1.0f, -5.0f, 0x1p-24f);
      assertThat(f.floats("b")).containsExactly(3.140625f);
      assertThat(f.info("b").shape()).isEmpty();
      assertThat(f.info("b").numel()).isEqualTo(1);
      assertThat(f.doubles("f")).containsExactly(-0.25);
    }
  }

  @Test
  void widensIntegerDtypesToLong() throws IOException {
    byte[] data = new byte[16 + 8 + 2];
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, 49407L).putLong(8, -3L).putInt(16, 7).putInt(20, -8).put(24, (byte) 0xff).put(25, (byte) 1);
    String header = "{\"l\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[16,24]},"
        + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[24,26]}}";
    try (var f = SafetensorsFile.open(write(build(header, data)))) {
      assertThat(f.longs("l")).containsExactly(49407L, -3L);
      assertThat(f.longs("i")).containsExactly(7L, -8L);
      assertThat(f.longs("u")).containsExactly(255L, 1L);
      assertThat(f.floats("i")).containsExactly(7f, -8f);
    }
  }

  @Test
  void halfConversionIsExactForEveryFiniteValue() {
    for (int bits = 0; bits < 0x10000; bits++) {
      int exp = (bits >>> 10) & 0x1f;
      if (exp == 0x1f) {
        continue;
      }
      int mant = bits & 0x3ff;
      double expected = exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
      if ((bits & 0x8000) != 0) {
        expected = -expected;
      }
      assertThat((double) SafetensorsFile.halfToFloat((short) bits)).isEqualTo(expected);
    }
  }

  @Test
  void truncatedFileIsFormatCorruptNamingTheFile() throws IOException {
    byte[] full = Files.readAllBytes(DECODED);
    Path p = write(Arrays.copyOf(full, full.length - 100));
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void fileShorterThanTheLengthPrefixIsFormatCorrupt() throws IOException {
    Path p = write(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(p.toString());
  }

  @Test
  void headerLengthBeyondTheFileIsFormatCorrupt() throws IOException {
    Path p = write(le(16, b -> b.putLong(0, 1000)));
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("exceeds the file size");
  }

  @Test
  void headerThatIsNotJsonIsFormatCorrupt() throws IOException {
    Path p = write(build("{not json", new byte[0]));
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining(p.toString());
  }

  @Test
  void unknownDtypeIsFormatCorrupt() throws IOException {
    Path p = write(build("{\"x\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]));
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("unsupported dtype C64");
  }

  @Test
  void offsetsThatDisagreeWithTheShapeAreFormatCorrupt() throws IOException {
    Path p = write(build("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[12]));
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining("needs 12 bytes");
  }

  @Test
  void missingTensorIsFormatCorruptNamingFileAndTensor() {
    try (var f = SafetensorsFile.open(DECODED)) {
      assertThatThrownBy(() -> f.floats("no.such"))
          .isInstanceOf(FormatCorruptException.class)
          .hasMessageContaining("no.such")
          .hasMessageContaining(DECODED.toString());
    }
  }

  @Test
  void askingForIntegersFromAFloatTensorIsRejected() {
    try (var f = SafetensorsFile.open(PREPROCESS)) {
      assertThatThrownBy(() -> f.longs("pixel_values")).isInstanceOf(FormatCorruptException.class);
      assertThatThrownBy(() -> f.u8("pixel_values")).isInstanceOf(FormatCorruptException.class);
    }
  }

  @Test
  void missingFileIsFormatCorruptNamingIt() {
    Path p = tmp.resolve("absent.safetensors");
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(p.toString());
  }

  @Test
  void readsTheWeightsOfAnHfCheckpointIncludingAZeroDimScalar() {
    try (var f = SafetensorsFile.open(TINY_CLIP)) {
      assertThat(f.info("logit_scale").shape()).isEmpty();
      assertThat(f.floats("logit_scale")).hasSize(1);
      assertThat(f.info("visual_projection.weight").shape()).containsExactly(24, 32);
      assertThat(f.info("text_model.embeddings.token_embedding.weight").dtype()).isEqualTo(SafetensorsFile.Dtype.F32);
      assertThat(f.floats("text_model.embeddings.token_embedding.weight")).hasSize(49408 * 32);
    }
  }

  @Test
  void truncatedCheckpointNamesTheFileAndTheTensorPastTheEnd() throws IOException {
    byte[] all = Files.readAllBytes(TINY_CLIP);
    Path cut = write(Arrays.copyOf(all, all.length - 100));
    assertThatThrownBy(() -> SafetensorsFile.open(cut))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("visual_projection.weight");
  }

  @Test
  void absurdHeaderLengthIsFormatCorruptNamingTheFile() throws IOException {
    Path p = write(le(16, b -> b.putLong(0, Long.MAX_VALUE / 2)));
    assertThatThrownBy(() -> SafetensorsFile.open(p))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("out of range");
  }

  @Test
  void convertsExtremeF16AndBf16ValuesExactly() throws IOException {
    byte[] data = new byte[4 + 4];
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(0, (short) 0x7BFF).putShort(2, (short) 0xFC00); // 65504 (max half), -infinity
    b.putShort(4, (short) 0x7F7F).putShort(6, (short) (Float.floatToIntBits(-2.5f) >>> 16)); // ~3.39e38, -2.5
    String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]}}";
    try (var f = SafetensorsFile.open(write(build(header, data)))) {
      assertThat(f.floats("h")).containsExactly(65504f, Float.NEGATIVE_INFINITY);
      assertThat(f.floats("b")).containsExactly(Float.intBitsToFloat(0x7F7F0000), -2.5f);
    }
  }
}
