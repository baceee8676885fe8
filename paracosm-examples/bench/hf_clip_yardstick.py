#!/usr/bin/env python3
"""Yardstick for EncoderBench: an op-for-op replica of Hugging Face transformers' (v4.41.2) eager
CLIPModel image and text forward (get_image_features / get_text_features) in plain torch, because
transformers itself cannot be installed here (no PyPI). Same shapes, same ops in the same order as
modeling_clip.py: q/k/v as three Linear layers, `_shape(...).contiguous()`, bmm attention with the
additive 4-D causal + padding masks, QuickGELU/GELU MLP, pre-LN layers, argmax EOS pooling.

Weights are random (nn.Module default init); the network is built from the checkpoint's
config.json with the CLIPConfig defaults of v4.41.2 for omitted keys.

Usage (Debian python3-torch):
  /usr/bin/python3 paracosm-examples/bench/hf_clip_yardstick.py \
      --config paracosm-models/src/test/resources/fixtures/models/full-size/openai--clip-vit-base-patch32 \
      --batch 32 --images 256 --threads 2
Prints: images_per_s=... texts_per_s=...
"""
import argparse
import json
import math
import os
import time

import torch
from torch import nn

TEXT_DEFAULTS = dict(vocab_size=49408, hidden_size=512, intermediate_size=2048, num_hidden_layers=12,
                     num_attention_heads=8, max_position_embeddings=77, hidden_act="quick_gelu",
                     layer_norm_eps=1e-5, eos_token_id=49407)
VISION_DEFAULTS = dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                       num_channels=3, image_size=224, patch_size=32, hidden_act="quick_gelu", layer_norm_eps=1e-5)


class Cfg:
    def __init__(self, d, defaults):
        for k, v in defaults.items():
            setattr(self, k, d.get(k, v))


class QuickGELUActivation(nn.Module):
    def forward(self, input):
        return input * torch.sigmoid(1.702 * input)


def act_fn(name):
    return QuickGELUActivation() if name == "quick_gelu" else nn.GELU()


class CLIPVisionEmbeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embed_dim = config.hidden_size
        self.class_embedding = nn.Parameter(torch.randn(self.embed_dim))
        self.patch_embedding = nn.Conv2d(config.num_channels, self.embed_dim, kernel_size=config.patch_size,
                                         stride=config.patch_size, bias=False)
        self.num_patches = (config.image_size // config.patch_size) ** 2
        self.num_positions = self.num_patches + 1
        self.position_embedding = nn.Embedding(self.num_positions, self.embed_dim)
        self.register_buffer("position_ids", torch.arange(self.num_positions).expand((1, -1)), persistent=False)

    def forward(self, pixel_values):
        batch_size = pixel_values.shape[0]
        target_dtype = self.patch_embedding.weight.dtype
        patch_embeds = self.patch_embedding(pixel_values.to(dtype=target_dtype))
        patch_embeds = patch_embeds.flatten(2).transpose(1, 2)
        class_embeds = self.class_embedding.expand(batch_size, 1, -1)
        embeddings = torch.cat([class_embeds, patch_embeds], dim=1)
        embeddings = embeddings + self.position_embedding(self.position_ids)
        return embeddings


class CLIPTextEmbeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.token_embedding = nn.Embedding(config.vocab_size, config.hidden_size)
        self.position_embedding = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.register_buffer("position_ids", torch.arange(config.max_position_embeddings).expand((1, -1)),
                             persistent=False)

    def forward(self, input_ids):
        seq_length = input_ids.shape[-1]
        position_ids = self.position_ids[:, :seq_length]
        inputs_embeds = self.token_embedding(input_ids)
        position_embeds = self.position_embedding(position_ids)
        return inputs_embeds + position_embeds


class CLIPAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embed_dim = config.hidden_size
        self.num_heads = config.num_attention_heads
        self.head_dim = self.embed_dim // self.num_heads
        self.scale = self.head_dim ** -0.5
        self.dropout = 0.0
        self.k_proj = nn.Linear(self.embed_dim, self.embed_dim)
        self.v_proj = nn.Linear(self.embed_dim, self.embed_dim)
        self.q_proj = nn.Linear(self.embed_dim, self.embed_dim)
        self.out_proj = nn.Linear(self.embed_dim, self.embed_dim)

    def _shape(self, tensor, seq_len, bsz):
        return tensor.view(bsz, seq_len, self.num_heads, self.head_dim).transpose(1, 2).contiguous()

    def forward(self, hidden_states, attention_mask=None, causal_attention_mask=None):
        bsz, tgt_len, embed_dim = hidden_states.size()
        query_states = self.q_proj(hidden_states) * self.scale
        key_states = self._shape(self.k_proj(hidden_states), -1, bsz)
        value_states = self._shape(self.v_proj(hidden_states), -1, bsz)
        proj_shape = (bsz * self.num_heads, -1, self.head_dim)
        query_states = self._shape(query_states, tgt_len, bsz).view(*proj_shape)
        key_states = key_states.view(*proj_shape)
        value_states = value_states.view(*proj_shape)
        src_len = key_states.size(1)
        attn_weights = torch.bmm(query_states, key_states.transpose(1, 2))
        if causal_attention_mask is not None:
            attn_weights = attn_weights.view(bsz, self.num_heads, tgt_len, src_len) + causal_attention_mask
            attn_weights = attn_weights.view(bsz * self.num_heads, tgt_len, src_len)
        if attention_mask is not None:
            attn_weights = attn_weights.view(bsz, self.num_heads, tgt_len, src_len) + attention_mask
            attn_weights = attn_weights.view(bsz * self.num_heads, tgt_len, src_len)
        attn_weights = nn.functional.softmax(attn_weights, dim=-1)
        attn_probs = nn.functional.dropout(attn_weights, p=self.dropout, training=self.training)
        attn_output = torch.bmm(attn_probs, value_states)
        attn_output = attn_output.view(bsz, self.num_heads, tgt_len, self.head_dim)
        attn_output = attn_output.transpose(1, 2)
        attn_output = attn_output.reshape(bsz, tgt_len, embed_dim)
        return self.out_proj(attn_output)


class CLIPMLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.activation_fn = act_fn(config.hidden_act)
        self.fc1 = nn.Linear(config.hidden_size, config.intermediate_size)
        self.fc2 = nn.Linear(config.intermediate_size, config.hidden_size)

    def forward(self, hidden_states):
        return self.fc2(self.activation_fn(self.fc1(hidden_states)))


class CLIPEncoderLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.self_attn = CLIPAttention(config)
        self.layer_norm1 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.mlp = CLIPMLP(config)
        self.layer_norm2 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden_states, attention_mask, causal_attention_mask):
        residual = hidden_states
        hidden_states = self.layer_norm1(hidden_states)
        hidden_states = self.self_attn(hidden_states, attention_mask, causal_attention_mask)
        hidden_states = residual + hidden_states
        residual = hidden_states
        hidden_states = self.layer_norm2(hidden_states)
        hidden_states = self.mlp(hidden_states)
        return residual + hidden_states


class CLIPEncoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.layers = nn.ModuleList([CLIPEncoderLayer(config) for _ in range(config.num_hidden_layers)])

    def forward(self, inputs_embeds, attention_mask=None, causal_attention_mask=None):
        hidden_states = inputs_embeds
        for layer in self.layers:
            hidden_states = layer(hidden_states, attention_mask, causal_attention_mask)
        return hidden_states


def make_causal_mask(bsz, tgt_len, dtype):
    mask = torch.full((tgt_len, tgt_len), torch.finfo(dtype).min)
    mask_cond = torch.arange(mask.size(-1))
    mask.masked_fill_(mask_cond < (mask_cond + 1).view(mask.size(-1), 1), 0)
    mask = mask.to(dtype)
    return mask[None, None, :, :].expand(bsz, 1, tgt_len, tgt_len)


def expand_mask(mask, dtype, tgt_len):
    bsz, src_len = mask.size()
    expanded_mask = mask[:, None, None, :].expand(bsz, 1, tgt_len, src_len).to(dtype)
    inverted_mask = 1.0 - expanded_mask
    return inverted_mask.masked_fill(inverted_mask.to(torch.bool), torch.finfo(dtype).min)


class CLIPTextTransformer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embeddings = CLIPTextEmbeddings(config)
        self.encoder = CLIPEncoder(config)
        self.final_layer_norm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.eos_token_id = config.eos_token_id

    def forward(self, input_ids, attention_mask):
        input_shape = input_ids.size()
        input_ids = input_ids.view(-1, input_shape[-1])
        hidden_states = self.embeddings(input_ids)
        causal_attention_mask = make_causal_mask(input_shape[0], input_shape[1], hidden_states.dtype)
        attention_mask = expand_mask(attention_mask, hidden_states.dtype, input_shape[1])
        last_hidden_state = self.encoder(hidden_states, attention_mask, causal_attention_mask)
        last_hidden_state = self.final_layer_norm(last_hidden_state)
        if self.eos_token_id == 2:
            idx = input_ids.to(dtype=torch.int).argmax(dim=-1)
        else:
            idx = (input_ids.to(dtype=torch.int) == self.eos_token_id).int().argmax(dim=-1)
        return last_hidden_state[torch.arange(last_hidden_state.shape[0]), idx]


class CLIPVisionTransformer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embeddings = CLIPVisionEmbeddings(config)
        self.pre_layrnorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.encoder = CLIPEncoder(config)
        self.post_layernorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, pixel_values):
        hidden_states = self.embeddings(pixel_values)
        hidden_states = self.pre_layrnorm(hidden_states)
        last_hidden_state = self.encoder(hidden_states)
        pooled_output = last_hidden_state[:, 0, :]
        return self.post_layernorm(pooled_output)


class CLIPModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.text = Cfg(cfg.get("text_config", {}), TEXT_DEFAULTS)
        self.vision = Cfg(cfg.get("vision_config", {}), VISION_DEFAULTS)
        proj = cfg.get("projection_dim", 512)
        self.text_model = CLIPTextTransformer(self.text)
        self.vision_model = CLIPVisionTransformer(self.vision)
        self.visual_projection = nn.Linear(self.vision.hidden_size, proj, bias=False)
        self.text_projection = nn.Linear(self.text.hidden_size, proj, bias=False)

    def get_image_features(self, pixel_values):
        return self.visual_projection(self.vision_model(pixel_values))

    def get_text_features(self, input_ids, attention_mask):
        return self.text_projection(self.text_model(input_ids, attention_mask))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--images", type=int, default=256)
    ap.add_argument("--texts", type=int, default=None)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--text-tokens", type=int, default=None,
                    help="real tokens per text incl. BOS/EOS; the rest is EOS padding to the context length")
    args = ap.parse_args()
    texts = args.texts or args.images
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    with open(os.path.join(args.config, "config.json")) as f:
        cfg = json.load(f)
    if "CLIPModel" not in cfg.get("architectures", ["CLIPModel"]):
        raise SystemExit("yardstick replicates CLIPModel only")
    model = CLIPModel(cfg).eval()
    v, t = model.vision, model.text
    b = args.batch
    pixels = torch.randn(b, v.num_channels, v.image_size, v.image_size)
    length = t.max_position_embeddings
    real = min(length, args.text_tokens) if args.text_tokens and args.text_tokens >= 2 else length
    ids = torch.randint(1, 49405, (b, length))
    ids[:, real - 1:] = 49407
    ids[:, 0] = 49406
    mask = torch.zeros(b, length, dtype=torch.long)
    mask[:, :real] = 1
    with torch.no_grad():
        model.get_image_features(pixels)  # warm-up
        model.get_text_features(ids, mask)
        start = time.perf_counter()
        done = 0
        while done < args.images:
            n = min(b, args.images - done)
            model.get_image_features(pixels[:n])
            done += n
        img_s = time.perf_counter() - start
        start = time.perf_counter()
        done = 0
        while done < texts:
            n = min(b, texts - done)
            model.get_text_features(ids[:n], mask[:n])
            done += n
        txt_s = time.perf_counter() - start
    print(f"engine=torch-{torch.__version__} threads={torch.get_num_threads()} batch={b} "
          f"images={args.images} texts={texts} text_tokens={real}/{length}")
    print(f"images_per_s={args.images / img_s:.2f} texts_per_s={texts / txt_s:.2f}")


if __name__ == "__main__":
    main()
