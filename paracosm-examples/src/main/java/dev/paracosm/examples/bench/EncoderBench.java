package dev.paracosm.examples.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paracosm.models.clip.internal.ModelConfig;
import dev.paracosm.models.clip.internal.TwoTowerModel;
import dev.paracosm.models.clip.internal.WeightSource;
import dev.paracosm.models.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Throughput of the native CLIP/SigLIP towers ({@code dev.paracosm.models.clip}) on full-size
 * networks built from a checkpoint's {@code config.json}, optionally with random weights (no
 * download). Measures the network forward on preprocessed inputs (pixel_values, token ids): the
 * part that {@code paracosm-examples/bench/hf_clip_yardstick.py} replicates for transformers.
 *
 * <pre>
 * EncoderBench --config DIR [--random-weights] [--batch 32] [--images 256] [--texts N]
 *              [--threads N] [--device cpu|gpu] [--text-tokens N]
 * </pre>
 *
 * Prints {@code images_per_s=... texts_per_s=...}. Texts are always padded to the full context
 * length (77 for CLIP); {@code --text-tokens} sets how many of those are real tokens including BOS
 * and EOS (default: all of them, the worst case), the rest being EOS padding as the CLIP tokenizer
 * pads.
 */
public final class EncoderBench {
  private EncoderBench() {}

  /**
   * @param args command line, see the class comment
   * @throws IOException if the config cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path dir = null;
    boolean random = false;
    int batch = 32;
    int images = 256;
    int texts = -1;
    int threads = Runtime.getRuntime().availableProcessors();
    String device = "cpu";
    int textTokens = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> dir = Path.of(args[++i]);
        case "--random-weights" -> random = true;
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--images" -> images = Integer.parseInt(args[++i]);
        case "--texts" -> texts = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--device" -> device = args[++i];
        case "--text-tokens" -> textTokens = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    if (dir == null) {
      System.err.println("usage: EncoderBench --config DIR [--random-weights] [--batch 32] [--images 256]"
          + " [--texts N] [--threads N] [--device cpu|gpu]");
      System.exit(2);
    }
    if (texts < 0) {
      texts = images;
    }
    System.setProperty("ai.djl.offline", "true");
    ModelConfig config = ModelConfig.read(dir);
    int resolution = config.vision().imageSize();
    Path pre = dir.resolve("preprocessor_config.json");
    if (Files.exists(pre)) {
      JsonNode p = new ObjectMapper().readTree(Files.readAllBytes(pre));
      JsonNode crop = p.has("crop_size") ? p.get("crop_size") : p.path("size");
      int size = crop.isInt() ? crop.asInt() : crop.path("height").asInt(resolution);
      if (size != resolution) {
        System.err.println("warning: preprocessor size " + size + " != config image_size " + resolution);
      }
    }
    Device dev = device.startsWith("gpu") ? Device.gpu() : Device.cpu();
    long t0 = System.nanoTime();
    TwoTowerModel model;
    if (random) {
      model = TwoTowerModel.load(config, WeightSource.random(42), dev, DataType.FLOAT32);
    } else {
      try (SafetensorsFile r = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
        model = TwoTowerModel.load(config, WeightSource.of(r), dev, DataType.FLOAT32);
      }
    }
    JniUtils.setNumThreads(threads);
    JniUtils.setNumInteropThreads(1);
    double loadS = (System.nanoTime() - t0) / 1e9;
    try (model) {
      SplittableRandom rnd = new SplittableRandom(0);
      int per = config.vision().numChannels() * resolution * resolution;
      float[] pixels = new float[batch * per];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) (rnd.nextDouble() * 4 - 2);
      }
      int len = config.text().maxPositions();
      int vocab = config.text().vocabSize();
      int real = textTokens < 2 ? len : Math.min(len, textTokens);
      long[][] ids = new long[batch][len];
      long[][] mask = new long[batch][len];
      long eos = Math.min(vocab - 1, 49407);
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < len; j++) {
          ids[b][j] = j < real ? 1 + rnd.nextInt(Math.max(1, vocab - 3)) : eos;
          mask[b][j] = j < real ? 1 : 0;
        }
        ids[b][0] = Math.min(vocab - 2, 49406);
        ids[b][real - 1] = eos;
      }
      boolean clip = config.family() == ModelConfig.Family.CLIP;
      // warm-up
      model.encodeImages(pixels, batch);
      model.encodeTexts(ids, clip ? mask : null);

      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long start = System.nanoTime();
      for (int done = 0; done < images; done += batch) {
        int n = Math.min(batch, images - done);
        model.encodeImages(n == batch ? pixels : Arrays.copyOf(pixels, n * per), n);
      }
      double imgS = (System.nanoTime() - start) / 1e9;
      double imgCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      cpu0 = os.getProcessCpuTime();
      start = System.nanoTime();
      for (int done = 0; done < texts; done += batch) {
        int n = Math.min(batch, texts - done);
        long[][] i = n == batch ? ids : Arrays.copyOf(ids, n);
        model.encodeTexts(i, clip ? (n == batch ? mask : Arrays.copyOf(mask, n)) : null);
      }
      double txtS = (System.nanoTime() - start) / 1e9;
      double txtCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      System.out.printf(
          "engine=djl-pytorch-%s threads=%d device=%s family=%s batch=%d images=%d texts=%d text_tokens=%d/%d"
              + " load_s=%.1f%n",
          ai.djl.engine.Engine.getEngine("PyTorch").getVersion(), JniUtils.getNumThreads(), dev, config.family(),
          batch, images, texts, real, len, loadS);
      System.out.printf("images_per_s=%.2f texts_per_s=%.2f%n", images / imgS, texts / txtS);
      // Per CPU-second of this process: less sensitive to other load on a shared machine.
      System.out.printf("images_per_cpu_s=%.2f texts_per_cpu_s=%.2f%n", images / imgCpu, texts / txtCpu);
    }
  }
}
