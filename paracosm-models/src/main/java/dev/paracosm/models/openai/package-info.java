/**
 * OpenAI-compatible HTTP clients for the generative roles: {@link
 * dev.paracosm.models.openai.OpenAiCaptioner} (chat completions with images),
 * {@link dev.paracosm.models.openai.OpenAiImageEditor} ({@code /images/edits}) and {@link
 * dev.paracosm.models.openai.OpenAiTextToImage} ({@code /images/generations}), with per-server
 * {@link dev.paracosm.models.openai.ServerProfile profiles}, bounded concurrency, load balancing,
 * failover and retries, and providers for spec strings such as
 * {@code vllm:Qwen/Qwen2.5-VL-7B-Instruct@http://gpu1:8000/v1}. See docs/serving.md.
 */
package dev.paracosm.models.openai;
