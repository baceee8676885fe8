package dev.paracosm.models.clip.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.jni.JniUtils;
import dev.paracosm.ConfigurationException;
import dev.paracosm.InvalidInputException;
import dev.paracosm.models.clip.internal.ModelConfig.Family;
import dev.paracosm.models.tokenize.ClipPooling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native CLIP / SigLIP image and text towers written on DJL NDArray operations (PyTorch engine), in
 * the Hugging Face {@code CLIPModel} / {@code SiglipModel} layout.
 *
 * <p>CLIP: patch convolution without bias, class token, position embeddings, {@code pre_layrnorm},
 * pre-LN transformer layers, {@code post_layernorm} on the class token, bias-free visual/text
 * projections, causal text attention and EOS pooling ({@code argmax(input_ids)} when the text
 * config's {@code eos_token_id == 2}, else the first {@code eos_token_id}; see
 * {@link ClipPooling}). SigLIP: patch
 * convolution with bias, no class token, {@code post_layernorm} on all tokens, multihead
 * attention-pooling head, bidirectional text attention without mask by default, last-position text
 * pooling followed by the {@code head} linear layer.
 *
 * <p>Outputs are the RAW projections ({@code image_embeds} / {@code text_embeds} before L2
 * normalisation). Weights live in one long-lived {@link NDManager} freed by {@link #close()}; every
 * forward runs inside its own sub-manager (and per-layer sub-managers), so no native memory
 * outlives a call.
 *
 * <p>Thread safety: forwards may run concurrently from any number of threads. Weights are never
 * written after loading, each call allocates its activations in its own sub-manager, and autograd is
 * switched off per thread. {@link #close()} must not race with running forwards (callers such as
 * {@code DjlClipEncoder} guard it with a lock).
 */
public final class TwoTowerModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TwoTowerModel.class);

  /**
   * Detailed outputs of one forward.
   *
   * @param pooled pooler_output per item
   * @param embeds raw projections per item (image_embeds / text_embeds)
   * @param lastHidden last_hidden_state, flattened {@code [B, L, D]}; {@code null} unless requested
   * @param hiddenStates hidden_states[0..layers], each flattened {@code [B, L, D]}; empty unless
   *     requested
   * @param poolIndex text only: the sequence position pooled per item; {@code null} for images
   */
  public record Outputs(
      float[][] pooled, float[][] embeds, float[] lastHidden, List<float[]> hiddenStates, long[] poolIndex) {}

  /** One transformer layer's parameters (q scaling folded into the fused qkv projection). */
  private record Layer(
      NDArray ln1W, NDArray ln1B, NDArray qkvW, NDArray qkvB, NDArray outW, NDArray outB,
      NDArray ln2W, NDArray ln2B, NDArray fc1W, NDArray fc1B, NDArray fc2W, NDArray fc2B,
      NDArray qW, NDArray qB, NDArray kvW, NDArray kvB) {}

  private final ModelConfig config;
  private final NDManager manager;
  private final DataType dtype;
  private final float maskMin;

  // vision
  private final NDArray patchW;
  private final NDArray patchB;
  private final NDArray classEmb;
  private final NDArray visionPos;
  private final NDArray preLnW;
  private final NDArray preLnB;
  private final List<Layer> visionLayers;
  private final NDArray postLnW;
  private final NDArray postLnB;
  private final NDArray visualProj;
  // SigLIP MAP head
  private final NDArray probeQ;
  private final NDArray headKvW;
  private final NDArray headKvB;
  private final NDArray headOutW;
  private final NDArray headOutB;
  private final NDArray headLnW;
  private final NDArray headLnB;
  private final NDArray headFc1W;
  private final NDArray headFc1B;
  private final NDArray headFc2W;
  private final NDArray headFc2B;
  // text
  private final NDArray tokenEmb;
  private final NDArray textPos;
  private final List<Layer> textLayers;
  private final NDArray finalLnW;
  private final NDArray finalLnB;
  private final NDArray textProjW;
  private final NDArray textProjB;

  private final float logitScale;
  private final Float logitBias;

  private TwoTowerModel(ModelConfig config, WeightSource w, Device device, DataType dtype) {
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16 && dtype != DataType.BFLOAT16) {
      throw new ConfigurationException("Unsupported compute dtype " + dtype + " (float32, float16, bfloat16)");
    }
    this.config = config;
    this.dtype = dtype;
    this.maskMin = switch (dtype) {
      case FLOAT16 -> -65504f;
      case BFLOAT16 -> -3.3895314e38f;
      default -> -Float.MAX_VALUE;
    };
    this.manager = NDManager.newBaseManager(device, "PyTorch");
    manager.setName("paracosm-two-tower-weights");
    boolean ok = false;
    try {
      boolean clip = config.family() == Family.CLIP;
      ModelConfig.VisionConfig vc = config.vision();
      ModelConfig.Encoder ve = vc.encoder();
      int d = ve.hiddenSize();
      int p = vc.patchSize();
      String vp = "vision_model.";
      patchW = param(w, vp + "embeddings.patch_embedding.weight", d, vc.numChannels(), p, p);
      patchB = clip ? put(new float[d], d) : param(w, vp + "embeddings.patch_embedding.bias", d);
      int tokens = vc.numPatches() + (clip ? 1 : 0);
      classEmb = clip ? param(w, vp + "embeddings.class_embedding", d) : null;
      visionPos = param(w, vp + "embeddings.position_embedding.weight", tokens, d);
      preLnW = clip ? param(w, vp + "pre_layrnorm.weight", d) : null;
      preLnB = clip ? param(w, vp + "pre_layrnorm.bias", d) : null;
      visionLayers = layers(w, vp + "encoder.layers.", ve);
      postLnW = param(w, vp + "post_layernorm.weight", d);
      postLnB = param(w, vp + "post_layernorm.bias", d);
      if (clip) {
        visualProj = param(w, "visual_projection.weight", config.projectionDim(), d);
        probeQ = headKvW = headKvB = headOutW = headOutB = headLnW = headLnB = null;
        headFc1W = headFc1B = headFc2W = headFc2B = null;
      } else {
        visualProj = null;
        String hp = vp + "head.";
        float[] probe = w.read(hp + "probe", 1, 1, d);
        float[] inW = w.read(hp + "attention.in_proj_weight", 3L * d, d);
        float[] inB = w.read(hp + "attention.in_proj_bias", 3L * d);
        // The probe is constant, so its query projection is too: q = (probe W_q^T + b_q) * hd^-0.5,
        // stored per head as [1, H, hd, 1] so that scores = k @ q keeps the activation first.
        int heads = ve.numHeads();
        int hd = d / heads;
        double scale = 1.0 / Math.sqrt(hd);
        float[] q = new float[d];
        for (int o = 0; o < d; o++) {
          double acc = 0;
          for (int i = 0; i < d; i++) {
            acc += (double) probe[i] * inW[o * d + i];
          }
          q[o] = (float) ((float) (acc + inB[o]) * scale);
        }
        probeQ = put(q, 1, heads, hd, 1);
        headKvW = put(Arrays.copyOfRange(inW, d * d, 3 * d * d), 2L * d, d);
        headKvB = put(Arrays.copyOfRange(inB, d, 3 * d), 2L * d);
        headOutW = param(w, hp + "attention.out_proj.weight", d, d);
        headOutB = param(w, hp + "attention.out_proj.bias", d);
        headLnW = param(w, hp + "layernorm.weight", d);
        headLnB = param(w, hp + "layernorm.bias", d);
        headFc1W = param(w, hp + "mlp.fc1.weight", ve.intermediateSize(), d);
        headFc1B = param(w, hp + "mlp.fc1.bias", ve.intermediateSize());
        headFc2W = param(w, hp + "mlp.fc2.weight", d, ve.intermediateSize());
        headFc2B = param(w, hp + "mlp.fc2.bias", d);
      }

      ModelConfig.TextConfig tc = config.text();
      ModelConfig.Encoder te = tc.encoder();
      int dt = te.hiddenSize();
      String tp = "text_model.";
      tokenEmb = param(w, tp + "embeddings.token_embedding.weight", tc.vocabSize(), dt);
      textPos = param(w, tp + "embeddings.position_embedding.weight", tc.maxPositions(), dt);
      textLayers = layers(w, tp + "encoder.layers.", te);
      finalLnW = param(w, tp + "final_layer_norm.weight", dt);
      finalLnB = param(w, tp + "final_layer_norm.bias", dt);
      if (clip) {
        textProjW = param(w, "text_projection.weight", config.projectionDim(), dt);
        textProjB = null;
        logitScale = w.readScalar("logit_scale");
        logitBias = null;
      } else {
        textProjW = param(w, tp + "head.weight", dt, dt);
        textProjB = param(w, tp + "head.bias", dt);
        logitScale = w.readScalar("logit_scale");
        logitBias = w.readScalar("logit_bias");
      }
      ok = true;
    } finally {
      if (!ok) {
        manager.close();
      }
    }
    LOG.debug("Loaded {} two-tower model from {} on {} ({})", config.family(), w.description(), device, dtype);
  }

  /**
   * Builds the network from a configuration and a weight source.
   *
   * @param config parsed {@code config.json}
   * @param weights parameters (HF state_dict names)
   * @param device where to run
   * @param dtype compute type: float32, or float16/bfloat16 (GPU only; the caller checks)
   * @return the model; close it to free its native memory
   * @throws dev.paracosm.FormatCorruptException if a tensor is missing or its shape contradicts the
   *     configuration
   */
  public static TwoTowerModel load(ModelConfig config, WeightSource weights, Device device, DataType dtype) {
    return new TwoTowerModel(config, weights, device, dtype);
  }

  /** @return the configuration */
  public ModelConfig config() {
    return config;
  }

  /** @return the embedding dimension of both towers */
  public int dimension() {
    return config.projectionDim();
  }

  /** @return the raw {@code logit_scale} parameter (logits use its exponential) */
  public float logitScale() {
    return logitScale;
  }

  /** @return SigLIP's {@code logit_bias}, 0 for CLIP */
  public float logitBias() {
    return logitBias == null ? 0f : logitBias;
  }

  /** @return whether the checkpoint has a logit bias (SigLIP) */
  public boolean hasLogitBias() {
    return logitBias != null;
  }

  /** @return the long-lived manager holding the weights (for leak checks) */
  public NDManager weightsManager() {
    return manager;
  }

  /**
   * Raw image projections of a batch.
   *
   * @param pixelValues float32 NCHW pixel values, {@code batch * C * S * S} values
   * @param batch number of images
   * @return {@code image_embeds} per image (not normalised)
   */
  public float[][] encodeImages(float[] pixelValues, int batch) {
    return forwardVision(pixelValues, batch, false).embeds();
  }

  /**
   * Raw text projections of a batch.
   *
   * @param ids token ids, one equal-length row per text (at most {@code max_position_embeddings})
   * @param mask attention mask rows (1 = token, 0 = padding), or {@code null} for none
   * @return {@code text_embeds} per text (not normalised)
   */
  public float[][] encodeTexts(long[][] ids, long[][] mask) {
    return forwardText(ids, mask, false).embeds();
  }

  /**
   * The vision forward with its intermediate outputs.
   *
   * @param pixelValues float32 NCHW pixel values
   * @param batch number of images
   * @param collectHidden whether to return last_hidden_state and hidden_states
   * @return the outputs
   */
  public Outputs forwardVision(float[] pixelValues, int batch, boolean collectHidden) {
    ModelConfig.VisionConfig vc = config.vision();
    int s = vc.imageSize();
    long per = (long) vc.numChannels() * s * s;
    if (batch <= 0 || pixelValues.length != per * batch) {
      throw new InvalidInputException(
          "pixel_values has " + pixelValues.length + " values; expected " + batch + " x " + vc.numChannels() + " x " + s
              + " x " + s + " for " + config.file());
    }
    JniUtils.setGradMode(false);
    boolean clip = config.family() == Family.CLIP;
    ModelConfig.Encoder ve = vc.encoder();
    int d = ve.hiddenSize();
    List<float[]> hidden = new ArrayList<>();
    try (NDManager sub = manager.newSubManager()) {
      NDArray pix = cast(sub.create(pixelValues, new Shape(batch, vc.numChannels(), s, s)));
      int p = vc.patchSize();
      NDArray x = Conv2d.conv2d(pix, patchW, patchB, new Shape(p, p), new Shape(0, 0), new Shape(1, 1), 1)
          .singletonOrThrow();
      x = x.reshape(batch, d, vc.numPatches()).transpose(0, 2, 1);
      if (clip) {
        NDArray cls = sub.zeros(new Shape(batch, 1, d), dtype).addi(classEmb);
        x = NDArrays.concat(new NDList(cls, x), 1);
      }
      x = x.add(visionPos);
      if (clip) {
        x = layerNorm(x, preLnW, preLnB, ve.layerNormEps());
      }
      if (collectHidden) {
        hidden.add(toFloats(x));
      }
      for (int i = 0; i < visionLayers.size(); i++) {
        if (clip && !collectHidden && i == visionLayers.size() - 1) {
          // Only the class token reaches the output: the last layer runs its query, attention
          // output and MLP for that token alone (keys/values still cover every token).
          x = queryLayer(x, visionLayers.get(i), ve, null, new long[batch]);
        } else {
          x = layer(x, visionLayers.get(i), ve, null);
        }
        if (collectHidden) {
          hidden.add(toFloats(x));
        }
      }
      NDArray last;
      NDArray pooled;
      NDArray embeds;
      if (clip) {
        last = x;
        pooled = layerNorm(x.get(new NDIndex(":, 0, :")), postLnW, postLnB, ve.layerNormEps());
        embeds = Linear.linear(pooled, visualProj).singletonOrThrow();
      } else {
        last = layerNorm(x, postLnW, postLnB, ve.layerNormEps());
        pooled = mapHead(last, ve);
        embeds = pooled;
      }
      return new Outputs(
          rows(pooled, batch), rows(embeds, batch), collectHidden ? toFloats(last) : null, hidden, null);
    }
  }

  /**
   * The text forward with its intermediate outputs.
   *
   * @param ids token ids, one equal-length row per text
   * @param mask attention mask rows, or {@code null} for none (SigLIP's default)
   * @param collectHidden whether to return last_hidden_state and hidden_states
   * @return the outputs
   */
  public Outputs forwardText(long[][] ids, long[][] mask, boolean collectHidden) {
    ModelConfig.TextConfig tc = config.text();
    int batch = ids.length;
    if (batch == 0) {
      throw new InvalidInputException("No token id rows given to the text tower of " + config.file());
    }
    int len = ids[0].length;
    if (len == 0 || len > tc.maxPositions()) {
      throw new InvalidInputException(
          "Token sequence length " + len + " is outside 1.." + tc.maxPositions() + " (max_position_embeddings of "
              + config.file() + ")");
    }
    long[] flat = new long[batch * len];
    for (int b = 0; b < batch; b++) {
      if (ids[b].length != len) {
        throw new InvalidInputException(
            "Token id row " + b + " has length " + ids[b].length + ", row 0 has " + len + "; pad them to one length");
      }
      for (int i = 0; i < len; i++) {
        long id = ids[b][i];
        if (id < 0 || id >= tc.vocabSize()) {
          throw new InvalidInputException(
              "Token id " + id + " (row " + b + ", position " + i + ") is outside the vocabulary 0.."
                  + (tc.vocabSize() - 1) + " of " + config.file());
        }
        flat[b * len + i] = id;
      }
    }
    final int rowLen = len;
    if (mask != null && (mask.length != batch || Arrays.stream(mask).anyMatch(m -> m.length != rowLen))) {
      throw new InvalidInputException("attention_mask must have the same shape as input_ids [" + batch + ", " + len + "]");
    }
    JniUtils.setGradMode(false);
    boolean clip = config.family() == Family.CLIP;
    ModelConfig.Encoder te = tc.encoder();
    int d = te.hiddenSize();
    List<float[]> hidden = new ArrayList<>();
    long[] poolIndex = new long[batch];
    for (int b = 0; b < batch; b++) {
      poolIndex[b] = clip ? ClipPooling.clipPooledPosition(ids[b], tc.eosTokenId()) : len - 1;
    }
    boolean fast = clip && !collectHidden;
    int full = len;
    if (fast) {
      // Causal attention: positions after the pooled one cannot influence it, so the sequence is cut
      // after the last pooled position of the batch (exact, not an approximation).
      int keep = 1;
      for (long idx : poolIndex) {
        keep = Math.max(keep, (int) idx + 1);
      }
      if (keep < len) {
        long[] cut = new long[batch * keep];
        for (int b = 0; b < batch; b++) {
          System.arraycopy(flat, b * full, cut, b * keep, keep);
        }
        flat = cut;
        len = keep;
      }
    }
    try (NDManager sub = manager.newSubManager()) {
      NDArray idArr = sub.create(flat, new Shape(batch, len));
      NDArray x = Embedding.embedding(idArr, tokenEmb, SparseFormat.DENSE).singletonOrThrow();
      NDArray pos = len == tc.maxPositions() ? textPos : scoped(textPos.get(new NDIndex(":{}", len)), sub);
      x = x.add(pos);
      NDArray attnMask = textMask(sub, batch, len, clip, mask);
      if (collectHidden) {
        hidden.add(toFloats(x));
      }
      for (int i = 0; i < textLayers.size(); i++) {
        if (fast && i == textLayers.size() - 1) {
          // Last layer for the pooled (EOS) positions only.
          x = queryLayer(x, textLayers.get(i), te, queryMask(sub, batch, len, mask, poolIndex), poolIndex);
        } else {
          x = layer(x, textLayers.get(i), te, attnMask);
        }
        if (collectHidden) {
          hidden.add(toFloats(x));
        }
      }
      NDArray last = layerNorm(x, finalLnW, finalLnB, te.layerNormEps());
      NDArray pooled;
      NDArray embeds;
      if (fast) {
        pooled = last.reshape(batch, d);
        embeds = Linear.linear(pooled, textProjW).singletonOrThrow();
      } else if (clip) {
        long[] flatIdx = new long[batch];
        for (int b = 0; b < batch; b++) {
          flatIdx[b] = (long) b * len + poolIndex[b];
        }
        pooled = last.reshape(batch * (long) len, d).get(new NDIndex("{}", sub.create(flatIdx)));
        embeds = Linear.linear(pooled, textProjW).singletonOrThrow();
      } else {
        NDArray lastTok = last.get(new NDIndex(":, {}, :", len - 1));
        pooled = Linear.linear(lastTok, textProjW, textProjB).singletonOrThrow();
        embeds = pooled;
      }
      return new Outputs(
          rows(pooled, batch), rows(embeds, batch), collectHidden ? toFloats(last) : null, hidden, poolIndex);
    }
  }

  /**
   * Model logits between image and text embeddings: {@code exp(logit_scale) * cos + logit_bias}.
   *
   * @param imageEmbeds raw image projections
   * @param textEmbeds raw text projections
   * @return {@code logits_per_image}, {@code [images][texts]}
   */
  public float[][] logitsPerImage(float[][] imageEmbeds, float[][] textEmbeds) {
    return logits(imageEmbeds, textEmbeds, logitScale, logitBias());
  }

  /**
   * @param imageEmbeds raw image projections
   * @param textEmbeds raw text projections
   * @param logitScale raw logit scale (its exponential multiplies the cosine)
   * @param logitBias additive bias (0 for CLIP)
   * @return {@code logits_per_image}, {@code [images][texts]}
   */
  public static float[][] logits(float[][] imageEmbeds, float[][] textEmbeds, float logitScale, float logitBias) {
    double scale = Math.exp(logitScale);
    float[][] in = normalize(imageEmbeds);
    float[][] tn = normalize(textEmbeds);
    float[][] out = new float[in.length][tn.length];
    for (int i = 0; i < in.length; i++) {
      for (int t = 0; t < tn.length; t++) {
        double dot = 0;
        for (int k = 0; k < in[i].length; k++) {
          dot += (double) in[i][k] * tn[t][k];
        }
        out[i][t] = (float) (dot * scale + logitBias);
      }
    }
    return out;
  }

  /**
   * @param v vectors
   * @return each vector divided by its L2 norm
   */
  public static float[][] normalize(float[][] v) {
    float[][] out = new float[v.length][];
    for (int i = 0; i < v.length; i++) {
      double n = 0;
      for (float x : v[i]) {
        n += (double) x * x;
      }
      double inv = 1.0 / Math.sqrt(n);
      out[i] = new float[v[i].length];
      for (int k = 0; k < v[i].length; k++) {
        out[i][k] = (float) (v[i][k] * inv);
      }
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }

  // ---------------------------------------------------------------------------------------------

  private NDArray mapHead(NDArray last, ModelConfig.Encoder ve) {
    // torch.nn.MultiheadAttention(query = probe, key = value = last_hidden_state), batch_first.
    Shape s = last.getShape();
    long b = s.get(0);
    long n = s.get(1);
    int d = ve.hiddenSize();
    int heads = ve.numHeads();
    int hd = d / heads;
    NDArray kv = Linear.linear(last, headKvW, headKvB).singletonOrThrow()
        .reshape(b, n, 2, heads, hd).transpose(2, 0, 3, 1, 4); // [2, B, H, N, hd]
    NDArray k = kv.get(0);
    NDArray v = kv.get(1);
    NDArray scores = k.matMul(probeQ).transpose(0, 1, 3, 2); // [B, H, 1, N]
    NDArray probs = softmax(scores);
    NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, 1, d); // [B, 1, D]
    NDArray h = Linear.linear(ctx, headOutW, headOutB).singletonOrThrow();
    NDArray m = layerNorm(h, headLnW, headLnB, ve.layerNormEps());
    m = Linear.linear(m, headFc1W, headFc1B).singletonOrThrow();
    m = activation(m, ve.hiddenAct());
    m = Linear.linear(m, headFc2W, headFc2B).singletonOrThrow();
    return h.addi(m).reshape(b, d);
  }

  private NDArray layer(NDArray x, Layer w, ModelConfig.Encoder cfg, NDArray mask) {
    NDManager outer = x.getManager();
    try (NDManager scope = outer.newSubManager()) {
      x.attach(scope);
      NDArray h = layerNorm(x, w.ln1W(), w.ln1B(), cfg.layerNormEps());
      h = attention(h, w, cfg, mask);
      x.addi(h); // the residual stream is updated in place (the caller hands x over)
      h = layerNorm(x, w.ln2W(), w.ln2B(), cfg.layerNormEps());
      h = Linear.linear(h, w.fc1W(), w.fc1B()).singletonOrThrow();
      h = activation(h, cfg.hiddenAct());
      h = Linear.linear(h, w.fc2W(), w.fc2B()).singletonOrThrow();
      x.addi(h);
      x.attach(outer);
      return x;
    }
  }

  /**
   * A transformer layer evaluated for one query position per row ({@code queryIndex[b]}): keys and
   * values come from every position, the query, attention output, residual and MLP only from the
   * selected one. Returns {@code [B, 1, D]}, equal to the full layer's output at those positions.
   */
  private NDArray queryLayer(NDArray x, Layer w, ModelConfig.Encoder cfg, NDArray mask, long[] queryIndex) {
    NDManager outer = x.getManager();
    try (NDManager scope = outer.newSubManager()) {
      x.attach(scope);
      Shape s = x.getShape();
      long b = s.get(0);
      long len = s.get(1);
      int d = cfg.hiddenSize();
      int heads = cfg.numHeads();
      int hd = d / heads;
      long[] rowsIdx = new long[(int) b];
      for (int i = 0; i < b; i++) {
        rowsIdx[i] = i * len + queryIndex[i];
      }
      NDArray sel = scope.create(rowsIdx);
      NDArray h = layerNorm(x, w.ln1W(), w.ln1B(), cfg.layerNormEps());
      NDArray kv = Linear.linear(h, w.kvW(), w.kvB()).singletonOrThrow()
          .reshape(b, len, 2, heads, hd).transpose(2, 0, 3, 1, 4); // [2, B, H, L, hd]
      NDArray hSel = h.reshape(b * len, d).get(new NDIndex("{}", sel)); // [B, D]
      NDArray q = Linear.linear(hSel, w.qW(), w.qB()).singletonOrThrow().reshape(b, heads, 1, hd);
      NDArray scores = q.matMul(kv.get(0).transpose(0, 1, 3, 2)); // [B, H, 1, L]
      if (mask != null) {
        scores.addi(mask);
      }
      NDArray ctx = softmax(scores).matMul(kv.get(1)).reshape(b, 1, d); // [B, H, 1, hd] -> [B, 1, D]
      NDArray y = x.reshape(b * len, d).get(new NDIndex("{}", sel)).reshape(b, 1, d)
          .add(Linear.linear(ctx, w.outW(), w.outB()).singletonOrThrow());
      h = layerNorm(y, w.ln2W(), w.ln2B(), cfg.layerNormEps());
      h = Linear.linear(h, w.fc1W(), w.fc1B()).singletonOrThrow();
      h = activation(h, cfg.hiddenAct());
      h = Linear.linear(h, w.fc2W(), w.fc2B()).singletonOrThrow();
      y.addi(h);
      y.attach(outer);
      return y;
    }
  }

  /** Causal + padding mask rows of the query positions: {@code [B, 1, 1, L]}. */
  private NDArray queryMask(NDManager sub, int batch, int len, long[][] mask, long[] queryIndex) {
    float[] m = new float[batch * len];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < len; j++) {
        float v = j > queryIndex[b] ? maskMin : 0f;
        if (mask != null && mask[b][j] == 0) {
          v += maskMin;
        }
        m[b * len + j] = Math.max(v, maskMin);
      }
    }
    return cast(sub.create(m, new Shape(batch, 1, 1, len)));
  }

  private NDArray attention(NDArray x, Layer w, ModelConfig.Encoder cfg, NDArray mask) {
    Shape s = x.getShape();
    long b = s.get(0);
    long len = s.get(1);
    int d = cfg.hiddenSize();
    int heads = cfg.numHeads();
    int hd = d / heads;
    NDArray qkv = Linear.linear(x, w.qkvW(), w.qkvB()).singletonOrThrow()
        .reshape(b, len, 3, heads, hd).transpose(2, 0, 3, 1, 4); // [3, B, H, L, hd]
    NDArray q = qkv.get(0);
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [B, H, L, L]
    if (mask != null) {
      scores.addi(mask);
    }
    NDArray probs = softmax(scores);
    NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, len, d);
    return Linear.linear(ctx, w.outW(), w.outB()).singletonOrThrow();
  }

  private NDArray softmax(NDArray scores) {
    if (dtype == DataType.FLOAT32) {
      return scores.softmax(-1);
    }
    // SigLIP (and HF's fp16 practice) take the softmax in float32.
    return scores.toType(DataType.FLOAT32, false).softmax(-1).toType(dtype, false);
  }

  private NDArray textMask(NDManager sub, int batch, int len, boolean causal, long[][] mask) {
    if (!causal && mask == null) {
      return null;
    }
    if (!causal) {
      float[] m = new float[batch * len];
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < len; j++) {
          m[b * len + j] = mask[b][j] == 0 ? maskMin : 0f;
        }
      }
      return cast(sub.create(m, new Shape(batch, 1, 1, len)));
    }
    int rows = mask == null ? 1 : batch;
    float[] m = new float[rows * len * len];
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < len; i++) {
        for (int j = 0; j < len; j++) {
          float v = j > i ? maskMin : 0f;
          if (mask != null && mask[b][j] == 0) {
            v += maskMin;
          }
          // HF adds two finfo.min values (-> -inf); clamping keeps fully masked rows finite.
          m[(b * len + i) * len + j] = Math.max(v, maskMin);
        }
      }
    }
    return cast(sub.create(m, new Shape(rows, 1, len, len)));
  }

  private NDArray activation(NDArray h, String act) {
    return switch (act) {
      case "quick_gelu" -> h.mul(1.702f).getNDArrayInternal().sigmoid().muli(h);
      case "gelu" -> h.getNDArrayInternal().gelu();
      case "gelu_pytorch_tanh", "gelu_new" -> {
        // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        NDArray inner = h.mul(h).muli(h).muli(0.044715f).addi(h).muli((float) Math.sqrt(2.0 / Math.PI));
        yield inner.tanh().addi(1f).muli(h).muli(0.5f);
      }
      default -> throw new ConfigurationException("Unsupported hidden_act '" + act + "' in " + config.file());
    };
  }

  private static NDArray layerNorm(NDArray x, NDArray w, NDArray b, double eps) {
    long d = x.getShape().get(x.getShape().dimension() - 1);
    return LayerNorm.layerNorm(x, new Shape(d), w, b, (float) eps).singletonOrThrow();
  }

  private static NDArray scoped(NDArray a, NDManager m) {
    a.attach(m);
    return a;
  }

  private NDArray cast(NDArray a) {
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  private static float[] toFloats(NDArray a) {
    return a.toType(DataType.FLOAT32, false).toFloatArray();
  }

  private static float[][] rows(NDArray a, int batch) {
    float[] flat = toFloats(a);
    int d = flat.length / batch;
    float[][] out = new float[batch][];
    for (int b = 0; b < batch; b++) {
      out[b] = Arrays.copyOfRange(flat, b * d, (b + 1) * d);
    }
    return out;
  }

  private List<Layer> layers(WeightSource w, String prefix, ModelConfig.Encoder e) {
    int d = e.hiddenSize();
    int f = e.intermediateSize();
    double scale = 1.0 / Math.sqrt(e.headDim());
    List<Layer> out = new ArrayList<>(e.numLayers());
    for (int l = 0; l < e.numLayers(); l++) {
      String p = prefix + l + ".";
      float[] qkvW = new float[3 * d * d];
      float[] qkvB = new float[3 * d];
      String[] parts = {"q_proj", "k_proj", "v_proj"};
      for (int i = 0; i < 3; i++) {
        float[] wt = w.read(p + "self_attn." + parts[i] + ".weight", d, d);
        float[] bs = w.read(p + "self_attn." + parts[i] + ".bias", d);
        if (i == 0) {
          // HF scales the query after the projection; folding the scale into W_q and b_q is exact
          // for power-of-two head dims and within float rounding otherwise.
          for (int k = 0; k < wt.length; k++) {
            wt[k] = (float) (wt[k] * scale);
          }
          for (int k = 0; k < bs.length; k++) {
            bs[k] = (float) (bs[k] * scale);
          }
        }
        System.arraycopy(wt, 0, qkvW, i * d * d, d * d);
        System.arraycopy(bs, 0, qkvB, i * d, d);
      }
      NDArray qkvWArr = put(qkvW, 3L * d, d);
      NDArray qkvBArr = put(qkvB, 3L * d);
      out.add(new Layer(
          param(w, p + "layer_norm1.weight", d), param(w, p + "layer_norm1.bias", d),
          qkvWArr, qkvBArr,
          param(w, p + "self_attn.out_proj.weight", d, d), param(w, p + "self_attn.out_proj.bias", d),
          param(w, p + "layer_norm2.weight", d), param(w, p + "layer_norm2.bias", d),
          param(w, p + "mlp.fc1.weight", f, d), param(w, p + "mlp.fc1.bias", f),
          param(w, p + "mlp.fc2.weight", d, f), param(w, p + "mlp.fc2.bias", d),
          // row views of the fused projection for query-subset layers (share storage)
          qkvWArr.get(new NDIndex("0:{}", d)), qkvBArr.get(new NDIndex("0:{}", d)),
          qkvWArr.get(new NDIndex("{}:", d)), qkvBArr.get(new NDIndex("{}:", d))));
    }
    return List.copyOf(out);
  }

  private NDArray param(WeightSource w, String name, long... shape) {
    return put(w.read(name, shape), shape);
  }

  private NDArray put(float[] values, long... shape) {
    NDArray a = manager.create(values, new Shape(shape));
    if (dtype == DataType.FLOAT32) {
      return a;
    }
    NDArray h = a.toType(dtype, false);
    a.close();
    return h;
  }
}
