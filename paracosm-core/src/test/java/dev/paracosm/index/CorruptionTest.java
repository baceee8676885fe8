package dev.paracosm.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.FormatCorruptException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CorruptionTest {
  private static final int DIM = 16;

  @TempDir Path dir;
  private Path segment;

  @BeforeEach
  void writeIndex() throws IOException {
    try (GalleryIndex index = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      Random rnd = new Random(7);
      for (int i = 0; i < 30; i++) {
        index.add(IndexedItem.of("item-" + i, "image", TestVectors.random(rnd, DIM)));
      }
      index.commit();
    }
    try (Stream<Path> s = Files.list(dir)) {
      segment = s.filter(p -> p.toString().endsWith(".pcs")).findFirst().orElseThrow();
    }
  }

  @Test
  void aFlippedByteInASegmentFailsTheChecksumNamingTheFile() throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x10);
    }
    assertThatThrownBy(() -> GalleryIndex.openReadOnly(dir))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(segment.getFileName().toString())
        .hasMessageContaining("checksum");
  }

  @Test
  void aTruncatedSegmentIsReportedAsTorn() throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(f.length() - 9);
    }
    assertThatThrownBy(() -> GalleryIndex.openReadOnly(dir))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(segment.getFileName().toString())
        .hasMessageContaining("torn");
  }

  @Test
  void aWriterAlsoRefusesACorruptIndex() throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(30);
      f.write(0xff);
    }
    assertThatThrownBy(() -> GalleryIndex.open(dir, TestVectors.options(DIM)))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(segment.getFileName().toString());
  }

  @Test
  void aMissingSegmentIsReported() throws IOException {
    Files.delete(segment);
    assertThatThrownBy(() -> GalleryIndex.openReadOnly(dir))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining(segment.getFileName().toString());
  }

  @Test
  void aManifestThatIsNotJsonNamesTheManifest() throws IOException {
    Files.writeString(dir.resolve("manifest.json"), "{\"format_version\": 1, \"segm");
    assertThatThrownBy(() -> GalleryIndex.openReadOnly(dir))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("manifest.json");
  }

  @Test
  void aManifestOfAFutureVersionSaysWhichVersionsAreSupported() throws IOException {
    Path mf = dir.resolve("manifest.json");
    Files.writeString(mf, Files.readString(mf).replace("\"format_version\" : 1", "\"format_version\" : 7"));
    assertThatThrownBy(() -> GalleryIndex.openReadOnly(dir))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("format_version 7")
        .hasMessageContaining("supports format versions [1]");
  }

  @Test
  void aManifestNamingAPathOutsideTheIndexIsRejected() throws IOException {
    Path mf = dir.resolve("manifest.json");
    String name = segment.getFileName().toString();
    Files.writeString(mf, Files.readString(mf).replace(name, "../" + name));
    assertThatThrownBy(() -> GalleryIndex.openReadOnly(dir))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("invalid segment file");
  }

  @Test
  void aSegmentOfAFutureVersionSaysWhichVersionsAreSupported() throws IOException {
    // Rewrite the version field and re-seal both checksums so that only the version is wrong.
    byte[] b = Files.readAllBytes(segment);
    b[4] = 9;
    java.util.zip.CRC32C body = new java.util.zip.CRC32C();
    body.update(b, 0, b.length - 4);
    java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) body.getValue());
    Files.write(segment, b);
    Path mf = dir.resolve("manifest.json");
    String json = Files.readString(mf, StandardCharsets.UTF_8);
    String newCrc = String.format("%08x", (int) body.getValue());
    Files.writeString(mf, json.replaceAll("\"crc32c\" : \"[0-9a-f]{8}\"", "\"crc32c\" : \"" + newCrc + "\""));
    assertThatThrownBy(() -> GalleryIndex.openReadOnly(dir))
        .isInstanceOf(FormatCorruptException.class)
        .hasMessageContaining("version 9")
        .hasMessageContaining("[1]");
  }

  @Test
  void leftoverTemporaryFilesOfACrashedCommitAreIgnoredAndCleanedByTheNextWriter() throws IOException {
    Files.writeString(dir.resolve("seg-00000002-000.pcs.tmp"), "half a segment");
    Files.writeString(dir.resolve("seg-00000002-000.pcs"), "renamed but never committed");
    Files.writeString(dir.resolve("manifest.json.tmp"), "{");
    try (GalleryIndex reader = GalleryIndex.openReadOnly(dir)) {
      assertThat(reader.snapshot().size()).isEqualTo(30);
    }
    try (GalleryIndex writer = GalleryIndex.open(dir, TestVectors.options(DIM))) {
      assertThat(writer.snapshot().size()).isEqualTo(30);
      writer.add(IndexedItem.of("new", "image", new float[DIM]));
      writer.commit();
      assertThat(writer.snapshot().size()).isEqualTo(31);
    }
    assertThat(dir.resolve("seg-00000002-000.pcs.tmp")).doesNotExist();
    assertThat(dir.resolve("manifest.json.tmp")).doesNotExist();
  }
}
