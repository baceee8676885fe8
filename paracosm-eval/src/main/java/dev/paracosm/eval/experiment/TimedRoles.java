package dev.paracosm.eval.experiment;

import dev.paracosm.image.ImageData;
import dev.paracosm.role.CaptionRequest;
import dev.paracosm.role.Captioner;
import dev.paracosm.role.EditRequest;
import dev.paracosm.role.Encoder;
import dev.paracosm.role.GeneratedImage;
import dev.paracosm.role.GeneratedText;
import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.TextToImage;
import dev.paracosm.role.TextToImageRequest;
import java.util.List;
import java.util.Set;

/** Decorators that time every call of a role into a {@link StageRecorder}; they never close the wrapped role. */
final class TimedRoles {
  static final String ENCODE_IMAGE = "encode_image";
  static final String ENCODE_TEXT = "encode_text";
  static final String CAPTIONER = "captioner";
  static final String IMAGE_EDITOR = "image_editor";
  static final String TEXT_TO_IMAGE = "text_to_image";
  static final String RANKING = "ranking";
  /** One query's whole generation + encoding ({@code Paracosm.encodeQuery}): the per-sample pipeline time. */
  static final String QUERY_PIPELINE = "query_pipeline";
  /** Stages that are model time (PEFUSE Table 5's "inference"). */
  static final Set<String> MODEL_STAGES = Set.of(ENCODE_IMAGE, ENCODE_TEXT, CAPTIONER, IMAGE_EDITOR, TEXT_TO_IMAGE);

  private TimedRoles() {}

  static Encoder encoder(Encoder e, StageRecorder r) {
    return e == null ? null : new Encoder() {
      @Override public String modelId() { return e.modelId(); }
      @Override public int dimension() { return e.dimension(); }
      @Override public float[] encodeImage(ImageData image) { return r.time(ENCODE_IMAGE, 1, () -> e.encodeImage(image)); }
      @Override public float[] encodeText(String text) { return r.time(ENCODE_TEXT, 1, () -> e.encodeText(text)); }
      @Override public List<float[]> encodeImages(List<ImageData> images) {
        return r.time(ENCODE_IMAGE, images.size(), () -> e.encodeImages(images));
      }
      @Override public List<float[]> encodeTexts(List<String> texts) {
        return r.time(ENCODE_TEXT, texts.size(), () -> e.encodeTexts(texts));
      }
      @Override public void close() {}
    };
  }

  static Captioner captioner(Captioner c, StageRecorder r) {
    return c == null ? null : new Captioner() {
      @Override public String modelId() { return c.modelId(); }
      @Override public GeneratedText caption(CaptionRequest request) { return r.time(CAPTIONER, 1, () -> c.caption(request)); }
      @Override public List<GeneratedText> captionBatch(List<CaptionRequest> requests) {
        return r.time(CAPTIONER, requests.size(), () -> c.captionBatch(requests));
      }
      @Override public void close() {}
    };
  }

  static ImageEditor imageEditor(ImageEditor m, StageRecorder r) {
    return m == null ? null : new ImageEditor() {
      @Override public String modelId() { return m.modelId(); }
      @Override public GeneratedImage edit(EditRequest request) { return r.time(IMAGE_EDITOR, 1, () -> m.edit(request)); }
      @Override public void close() {}
    };
  }

  static TextToImage textToImage(TextToImage m, StageRecorder r) {
    return m == null ? null : new TextToImage() {
      @Override public String modelId() { return m.modelId(); }
      @Override public GeneratedImage generate(TextToImageRequest request) {
        return r.time(TEXT_TO_IMAGE, 1, () -> m.generate(request));
      }
      @Override public void close() {}
    };
  }
}
