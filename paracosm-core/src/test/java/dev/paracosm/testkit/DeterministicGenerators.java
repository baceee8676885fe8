package dev.paracosm.testkit;

import dev.paracosm.image.ImageData;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.ChatPart;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.GeneratedImage;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.TextToImage;
import dev.paracosm.role.TextToImageRequest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deterministic in-test generative roles: outputs are pure functions of their inputs (hashes of
 * image bytes, prompts and settings), calls are counted, and an optional delay simulates a slow
 * server.
 */
public final class DeterministicGenerators {
  private DeterministicGenerators() {}

  /** A captioner whose text names the image hash, the prompt hash and the sampling settings. */
  public static final class TestCaptioner implements Captioner {
    private final long delayMillis;
    private final AtomicLong calls = new AtomicLong();

    /** @param delayMillis sleep per call */
    public TestCaptioner(long delayMillis) {
      this.delayMillis = delayMillis;
    }

    @Override
    public String modelId() {
      return "test:captioner-v1";
    }

    @Override
    public GeneratedText caption(CaptionRequest request) {
      calls.incrementAndGet();
      sleep(delayMillis);
      StringBuilder sb = new StringBuilder("a photo");
      for (ChatPart p : request.parts()) {
        if (p instanceof ChatPart.Image img) {
          sb.append(" img").append(img.image().sha256(), 0, 8);
        } else if (p instanceof ChatPart.Text t) {
          sb.append(" words").append(Integer.toHexString(t.text().hashCode()));
        }
      }
      if (request.sampling().temperature() != null) {
        sb.append(" t").append(request.sampling().temperature());
      }
      return new GeneratedText(sb.toString(), Map.of("model", modelId()));
    }

    /** @return calls so far */
    public long calls() {
      return calls.get();
    }
  }

  /** An editor that repaints the image with a colour derived from the instruction. */
  public static final class TestImageEditor implements ImageEditor {
    private final long delayMillis;
    private final AtomicLong calls = new AtomicLong();

    /** @param delayMillis sleep per call */
    public TestImageEditor(long delayMillis) {
      this.delayMillis = delayMillis;
    }

    @Override
    public String modelId() {
      return "test:image-editor-v1";
    }

    @Override
    public GeneratedImage edit(EditRequest request) {
      calls.incrementAndGet();
      sleep(delayMillis);
      BufferedImage src = request.image().decode();
      BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = out.createGraphics();
      g.drawImage(src, 0, 0, null);
      int h = (request.prompt() + request.params()).hashCode();
      g.setColor(new Color(h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff));
      g.fillRect(0, 0, Math.max(1, src.getWidth() / 2), Math.max(1, src.getHeight() / 2));
      g.dispose();
      return new GeneratedImage(ImageData.fromBufferedImage(out, "edited"), Map.of("model", modelId()));
    }

    /** @return calls so far */
    public long calls() {
      return calls.get();
    }
  }

  /** A text-to-image model drawing a pattern seeded by the prompt and settings. */
  public static final class TestTextToImage implements TextToImage {
    private final long delayMillis;
    private final AtomicLong calls = new AtomicLong();

    /** @param delayMillis sleep per call */
    public TestTextToImage(long delayMillis) {
      this.delayMillis = delayMillis;
    }

    @Override
    public String modelId() {
      return "test:text-to-image-v1";
    }

    @Override
    public GeneratedImage generate(TextToImageRequest request) {
      calls.incrementAndGet();
      sleep(delayMillis);
      long seed = (request.prompt() + request.params()).hashCode();
      return new GeneratedImage(TestImages.pattern(seed, 24, 24), Map.of("model", modelId()));
    }

    /** @return calls so far */
    public long calls() {
      return calls.get();
    }
  }

  static void sleep(long ms) {
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
