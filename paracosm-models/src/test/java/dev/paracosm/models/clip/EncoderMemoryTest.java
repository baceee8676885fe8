package dev.paracosm.models.clip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paracosm.image.ImageData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 encodes leave no native memory behind: the weights' NDManager holds the same arrays before
 * and after, and the process RSS, less what the JVM itself committed for heap and non-heap memory
 * (heap resizing and JIT code are not native leaks), stays within a bound after warm-up.
 */
class EncoderMemoryTest {
  /** Allocator arenas and JIT settle within ~2,000 tiny-model forwards (measured); then RSS is flat. */
  static final int WARM_UP = 3_000;
  static final int ENCODES = 10_000;
  /**
   * Leaking one forward's activations per call (the 64x64 input alone is 48 KiB) would exceed this
   * over the 7,000 measured calls; allocator noise is about +-10 MiB (measured).
   */
  static final long RSS_BOUND_BYTES = 64L << 20;

  @Test
  @Timeout(600)
  void tenThousandEncodesDoNotGrowNativeMemory() throws IOException {
    List<ImageData> images = GoldenFixtures.images();
    List<String> texts = GoldenFixtures.texts();
    try (DjlClipEncoder enc = DjlClipEncoderTest.builder("tiny-clip").microBatchSize(2).build()) {
      int weightArrays = enc.model().weightsManager().getManagedArrays().size();
      long nativeAfterWarmUp = 0;
      for (int i = 0; i < ENCODES; i++) {
        if (i % 2 == 0) {
          enc.encodeImage(images.get(i % images.size()));
        } else {
          enc.encodeText(texts.get(i % texts.size()));
        }
        if (i == WARM_UP) {
          nativeAfterWarmUp = settledNativeBytes();
        }
      }
      long nativeEnd = settledNativeBytes();
      assertThat(enc.model().weightsManager().getManagedArrays()).hasSize(weightArrays);
      System.err.printf("encoder-memory: RSS outside JVM-committed memory after warm-up %d MiB, after %d encodes %d MiB%n",
          nativeAfterWarmUp >> 20, ENCODES, nativeEnd >> 20);
      assertThat(nativeEnd - nativeAfterWarmUp).as("native RSS growth in bytes").isLessThan(RSS_BOUND_BYTES);
    }
  }

  /**
   * VmRSS after a GC (which also frees unreachable direct buffers) minus the JVM's committed heap
   * and non-heap memory; the smallest of three samples.
   */
  static long settledNativeBytes() throws IOException {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      min = Math.min(min, nativeBytes());
    }
    return min;
  }

  private static long nativeBytes() throws IOException {
    System.gc();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long jvm = mem.getHeapMemoryUsage().getCommitted() + mem.getNonHeapMemoryUsage().getCommitted();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 - jvm;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
