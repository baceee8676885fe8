package dev.paracosm.models.clip;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.ModelUnavailableException;
import dev.paracosm.image.ImageData;
import dev.paracosm.models.clip.internal.ModelConfig;
import dev.paracosm.models.clip.internal.TwoTowerModel;
import dev.paracosm.models.clip.internal.WeightSource;
import dev.paracosm.models.preprocess.ImagePreprocessor;
import dev.paracosm.models.safetensors.SafetensorsFile;
import dev.paracosm.models.tokenize.TextTokenizer;
import dev.paracosm.role.Encoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CLIP / OpenCLIP / SigLIP {@link Encoder} running natively on DJL NDArray operations (PyTorch
 * engine, no TorchScript), loaded from a Hugging Face checkpoint directory ({@code config.json} +
 * {@code model.safetensors}, {@code CLIPModel} or {@code SiglipModel} layout).
 *
 * <p>Returns RAW projections ({@code image_embeds} / {@code text_embeds} before L2 normalisation),
 * as method.md §1 requires. Image preprocessing and tokenization are delegated to the given {@link
 * ImagePreprocessor} and {@link TextTokenizer}; the encoder does not close them. SigLIP text is
 * encoded without an attention mask (as SigLIP was trained); CLIP text gets the tokenizer's mask.
 *
 * <p><b>Thread safety:</b> all encode methods may be called concurrently from any number of threads
 * and give the same results as sequential calls: the weights are immutable after loading and every
 * forward allocates its native memory in its own {@code NDManager} sub-manager, closed before the
 * call returns. {@link #close()} waits for running encodes; encodes after close fail with {@link
 * ModelUnavailableException}.
 */
public final class DjlClipEncoder implements Encoder {
  private static final Logger LOG = LoggerFactory.getLogger(DjlClipEncoder.class);

  private final TwoTowerModel model;
  private final ImagePreprocessor preprocessor;
  private final TextTokenizer tokenizer;
  private final int microBatchSize;
  private final String modelId;
  private final Device device;
  private final Precision precision;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private DjlClipEncoder(Builder b, TwoTowerModel model, Device device, String modelId) {
    this.model = model;
    this.preprocessor = b.preprocessor;
    this.tokenizer = b.tokenizer;
    this.microBatchSize = b.microBatchSize;
    this.modelId = modelId;
    this.device = device;
    this.precision = b.precision;
  }

  /**
   * @param checkpointDir a directory with {@code config.json} and {@code model.safetensors}
   * @return a builder
   */
  public static Builder builder(Path checkpointDir) {
    return new Builder(checkpointDir);
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  /** @return the device the network runs on, e.g. {@code cpu()} or {@code gpu(0)} */
  public String device() {
    return device.toString();
  }

  /** @return the compute precision */
  public Precision precision() {
    return precision;
  }

  /** @return the largest number of items sent through the network in one forward */
  public int microBatchSize() {
    return microBatchSize;
  }

  /** @return the network (package-private, for leak checks in tests) */
  TwoTowerModel model() {
    return model;
  }

  @Override
  public float[] encodeImage(ImageData image) {
    return encodeImages(List.of(image)).get(0);
  }

  @Override
  public float[] encodeText(String text) {
    return encodeTexts(List.of(text)).get(0);
  }

  @Override
  public List<float[]> encodeImages(List<ImageData> images) {
    Objects.requireNonNull(images, "images");
    int per = 3 * preprocessor.height() * preprocessor.width();
    List<float[]> out = new ArrayList<>(images.size());
    lock.readLock().lock();
    try {
      ensureOpen();
      for (int start = 0; start < images.size(); start += microBatchSize) {
        int n = Math.min(microBatchSize, images.size() - start);
        float[] pixels = new float[n * per];
        for (int i = 0; i < n; i++) {
          ImageData image = Objects.requireNonNull(images.get(start + i), "image");
          float[] p = preprocessor.process(image);
          if (p.length != per) {
            throw new InvalidInputException(
                "Preprocessor returned " + p.length + " values for image " + image.source() + ", expected " + per);
          }
          System.arraycopy(p, 0, pixels, i * per, per);
        }
        for (float[] e : model.encodeImages(pixels, n)) {
          out.add(e);
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<float[]> encodeTexts(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    boolean useMask = model.config().family() == ModelConfig.Family.CLIP;
    List<float[]> out = new ArrayList<>(texts.size());
    lock.readLock().lock();
    try {
      ensureOpen();
      for (int start = 0; start < texts.size(); start += microBatchSize) {
        List<String> chunk = texts.subList(start, Math.min(texts.size(), start + microBatchSize));
        for (String t : chunk) {
          Objects.requireNonNull(t, "text");
        }
        List<TextTokenizer.Encoding> enc = tokenizer.encodeBatch(chunk);
        long[][] ids = new long[enc.size()][];
        long[][] mask = new long[enc.size()][];
        for (int i = 0; i < enc.size(); i++) {
          ids[i] = enc.get(i).ids();
          mask[i] = enc.get(i).attentionMask();
          if (!useMask && ids[i].length != tokenizer.maxLength()) {
            // SigLIP pools the last position: only max_length padding gives the trained behaviour.
            throw new InvalidInputException(
                "Tokenizer returned " + ids[i].length + " ids for text '" + abbreviate(chunk.get(i))
                    + "'; SigLIP needs max_length padding to " + tokenizer.maxLength());
          }
        }
        for (float[] e : model.encodeTexts(ids, useMask ? mask : null)) {
          out.add(e);
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Frees the weights' native memory. Waits for running encodes; idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        model.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private void ensureOpen() {
    if (closed) {
      throw new ModelUnavailableException("Encoder " + modelId + " is closed");
    }
  }

  /** Builds a {@link DjlClipEncoder}. */
  public static final class Builder {
    private final Path dir;
    private ImagePreprocessor preprocessor;
    private TextTokenizer tokenizer;
    private String deviceSpec = "auto";
    private Precision precision = Precision.FP32;
    private int microBatchSize = 32;
    private String modelId;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "checkpointDir");
    }

    /**
     * @param preprocessor turns images into this checkpoint's pixel_values (required)
     * @return this builder
     */
    public Builder imagePreprocessor(ImagePreprocessor preprocessor) {
      this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
      return this;
    }

    /**
     * @param tokenizer this checkpoint's tokenizer (required)
     * @return this builder
     */
    public Builder textTokenizer(TextTokenizer tokenizer) {
      this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
      return this;
    }

    /**
     * @param spec {@code auto} (default: the first GPU when DJL's PyTorch engine finds one, else
     *     the CPU), {@code cpu}, {@code gpu} or {@code gpu:N}
     * @return this builder
     */
    public Builder device(String spec) {
      this.deviceSpec = Objects.requireNonNull(spec, "device").trim().toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * @param precision compute precision (default FP32; FP16/BF16 only on a GPU)
     * @return this builder
     */
    public Builder precision(Precision precision) {
      this.precision = Objects.requireNonNull(precision, "precision");
      return this;
    }

    /**
     * @param size largest batch per forward (default 32); larger lists are split
     * @return this builder
     */
    public Builder microBatchSize(int size) {
      if (size < 1) {
        throw new ConfigurationException("microBatchSize must be >= 1, got " + size);
      }
      this.microBatchSize = size;
      return this;
    }

    /**
     * @param id overrides the default model id ({@code <clip|siglip>:<name>@<sha256 prefix of
     *     model.safetensors>}), which skips hashing the weights file
     * @return this builder
     */
    public Builder modelId(String id) {
      this.modelId = Objects.requireNonNull(id, "modelId");
      return this;
    }

    /**
     * Loads the checkpoint.
     *
     * @return the encoder; close it
     * @throws ModelUnavailableException if {@code config.json} or {@code model.safetensors} is
     *     missing, or the PyTorch engine cannot start
     * @throws ConfigurationException if the architecture is unsupported, the components do not
     *     match the checkpoint, or half precision is requested on a CPU
     * @throws dev.paracosm.FormatCorruptException if the weights are truncated, malformed or
     *     contradict {@code config.json}
     */
    public DjlClipEncoder build() {
      if (preprocessor == null || tokenizer == null) {
        throw new ConfigurationException(
            "DjlClipEncoder for " + dir + " needs both an imagePreprocessor and a textTokenizer");
      }
      ModelConfig config = ModelConfig.read(dir);
      int size = config.vision().imageSize();
      if (preprocessor.height() != size || preprocessor.width() != size) {
        throw new ConfigurationException(
            "Image preprocessor produces " + preprocessor.width() + "x" + preprocessor.height() + " but "
                + config.file() + " expects image_size " + size);
      }
      if (tokenizer.maxLength() > config.text().maxPositions()) {
        throw new ConfigurationException(
            "Tokenizer max length " + tokenizer.maxLength() + " exceeds max_position_embeddings "
                + config.text().maxPositions() + " of " + config.file());
      }
      Device device = resolveDevice(deviceSpec);
      DataType dtype = switch (precision) {
        case FP32 -> DataType.FLOAT32;
        case FP16 -> DataType.FLOAT16;
        case BF16 -> DataType.BFLOAT16;
      };
      if (dtype != DataType.FLOAT32 && !device.isGpu()) {
        throw new ConfigurationException(
            "Precision " + precision + " was requested for " + dir + " on " + device
                + ", but half precision is only supported on a GPU; use FP32 on the CPU");
      }
      Path weights = dir.resolve("model.safetensors");
      if (!Files.isRegularFile(weights)) {
        throw new ModelUnavailableException(
            "Checkpoint weights " + weights + " do not exist (expected model.safetensors next to " + config.file() + ")");
      }
      if (!Files.isReadable(weights)) {
        throw new ModelUnavailableException("Checkpoint weights " + weights + " cannot be read (permission denied)");
      }
      String id = modelId != null ? modelId : defaultModelId(config, weights);
      TwoTowerModel model;
      try (SafetensorsFile file = SafetensorsFile.open(weights)) {
        model = TwoTowerModel.load(config, WeightSource.of(file), device, dtype);
      }
      LOG.info("Loaded encoder {} ({}, {}) on {} in {}", id, config.family(), dir, device, precision);
      return new DjlClipEncoder(this, model, device, id);
    }

    private static Device resolveDevice(String spec) {
      int gpus;
      try {
        gpus = Engine.getEngine("PyTorch").getGpuCount();
      } catch (RuntimeException e) {
        throw new ModelUnavailableException("DJL's PyTorch engine cannot start: " + e.getMessage(), e);
      }
      if (spec.equals("auto")) {
        return gpus > 0 ? Device.gpu() : Device.cpu();
      }
      if (spec.equals("cpu")) {
        return Device.cpu();
      }
      if (spec.equals("gpu") || spec.startsWith("gpu:")) {
        int idx;
        try {
          idx = spec.equals("gpu") ? 0 : Integer.parseInt(spec.substring(4));
        } catch (NumberFormatException e) {
          throw new ConfigurationException("Invalid device '" + spec + "' (auto, cpu, gpu or gpu:N)", e);
        }
        if (idx < 0 || idx >= gpus) {
          throw new ConfigurationException(
              "Device '" + spec + "' requested but DJL's PyTorch engine sees " + gpus
                  + " GPU(s); install the CUDA natives (see docs/models.md) or use device cpu");
        }
        return Device.gpu(idx);
      }
      throw new ConfigurationException("Invalid device '" + spec + "' (auto, cpu, gpu or gpu:N)");
    }

    private String defaultModelId(ModelConfig config, Path weights) {
      String family = config.family().name().toLowerCase(Locale.ROOT);
      String name = config.nameOrPath() != null
          ? config.nameOrPath()
          : dir.toAbsolutePath().normalize().getFileName().toString();
      return family + ":" + name + "@" + sha256(weights).substring(0, 12);
    }

    private static String sha256(Path file) {
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
        byte[] buf = new byte[1 << 20];
        while (in.read(buf) >= 0) {
          // digesting
        }
        return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
      } catch (IOException e) {
        throw new ModelUnavailableException("Cannot read checkpoint weights " + file + ": " + e, e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
