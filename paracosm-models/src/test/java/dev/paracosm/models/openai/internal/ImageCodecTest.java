package dev.paracosm.models.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paracosm.InvalidInputException;
import dev.paracosm.image.ImageData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ImageCodecTest {

  private static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  private static BufferedImage rgb(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8);
      }
    }
    return img;
  }

  @Property(tries = 25)
  void fitKeepsAspectAndLongSideAtMostMax(@ForAll @IntRange(min = 1, max = 2000) int w,
      @ForAll @IntRange(min = 1, max = 2000) int h, @ForAll @IntRange(min = 16, max = 1024) int max) {
    BufferedImage out = ImageCodec.fit(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), max);
    assertThat(Math.max(out.getWidth(), out.getHeight())).isLessThanOrEqualTo(Math.max(max, 1));
    if (Math.max(w, h) <= max) {
      assertThat(out.getWidth()).isEqualTo(w);
      assertThat(out.getHeight()).isEqualTo(h);
    } else {
      double s = (double) max / Math.max(w, h);
      assertThat(out.getWidth()).isEqualTo(Math.max(1, (int) Math.round(w * s)));
      assertThat(out.getHeight()).isEqualTo(Math.max(1, (int) Math.round(h * s)));
    }
  }

  @Test
  void largeJpegIsDownscaledTo768AsPng() throws IOException {
    ImageData img = ImageData.of(encode(rgb(1600, 1200), "jpg"), "big.jpg");
    ImageCodec.Upload up = ImageCodec.prepareForUpload(img, 768, 100_000_000);
    assertThat(up.mediaType()).isEqualTo("image/png");
    assertThat(up.resized()).isTrue();
    assertThat(new int[] {up.width(), up.height()}).containsExactly(768, 576);
    assertThat(ImageCodec.headerSize(up.bytes())).containsExactly(768, 576);
  }

  @Test
  void fittingJpegIsSentUnchanged() throws IOException {
    byte[] bytes = encode(rgb(300, 200), "jpg");
    ImageCodec.Upload up = ImageCodec.prepareForUpload(ImageData.of(bytes, "small.jpg"), 768, 100_000_000);
    assertThat(up.resized()).isFalse();
    assertThat(up.mediaType()).isEqualTo("image/jpeg");
    assertThat(up.bytes()).isEqualTo(bytes);
  }

  @Test
  void otherFormatsAreReencodedAsPng() throws IOException {
    byte[] bmp = encode(rgb(40, 30), "bmp");
    ImageCodec.Upload up = ImageCodec.prepareForUpload(ImageData.of(bmp, "a.bmp"), 768, 100_000_000);
    assertThat(up.mediaType()).isEqualTo("image/png");
    assertThat(up.width()).isEqualTo(40);
  }

  @Test
  void inputDeclaringTooManyPixelsIsRejectedNamingTheImage() {
    byte[] bomb = dev.paracosm.models.openai.FakeOpenAiServer.pngHeaderDeclaring(50_000, 50_000);
    assertThatThrownBy(() -> ImageCodec.prepareForUpload(ImageData.of(bomb, "bomb.png"), 768, 64L << 20))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bomb.png").hasMessageContaining("50000x50000");
  }

  @Test
  void undecodableInputIsRejectedNamingTheImage() {
    assertThatThrownBy(() -> ImageCodec.prepareForUpload(ImageData.of(new byte[] {1, 2, 3, 4, 5}, "junk.bin"), 768, 1000))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("junk.bin");
  }

  @Test
  void validateAcceptsPngAndJpeg() throws Exception {
    assertThat(ImageCodec.validate(encode(rgb(20, 10), "png"), 1000)).isEqualTo(new ImageCodec.Info("image/png", 20, 10));
    assertThat(ImageCodec.validate(encode(rgb(20, 10), "jpg"), 1000)).isEqualTo(new ImageCodec.Info("image/jpeg", 20, 10));
  }

  @Test
  void validateRejectsTruncatedPng() throws IOException {
    byte[] png = encode(rgb(64, 64), "png");
    byte[] cut = Arrays.copyOf(png, png.length / 2);
    assertThatThrownBy(() -> ImageCodec.validate(cut, 1_000_000))
        .isInstanceOf(ImageCodec.InvalidImageException.class).hasMessageContaining("corrupt or truncated");
  }

  @Test
  void validateChecksThePixelLimitFromTheHeader() {
    byte[] bomb = dev.paracosm.models.openai.FakeOpenAiServer.pngHeaderDeclaring(100_000, 100_000);
    assertThatThrownBy(() -> ImageCodec.validate(bomb, 64L << 20))
        .isInstanceOf(ImageCodec.InvalidImageException.class)
        .hasMessageContaining("declares 100000x100000").hasMessageContaining("not decoded");
  }
}
