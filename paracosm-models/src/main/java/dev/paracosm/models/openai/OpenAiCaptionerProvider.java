package dev.paracosm.models.openai;

import dev.paracosm.role.Captioner;
import dev.paracosm.role.CaptionerProvider;
import java.util.Map;

/**
 * Creates an {@link OpenAiCaptioner} from a spec string {@code <profile>:<model>@<baseUrl>[,<baseUrl>...]},
 * e.g. {@code vllm:Qwen/Qwen2.5-VL-7B-Instruct@http://gpu1:8000/v1} or {@code openai:gpt-4o}. Options:
 * {@code api_key_env}, {@code strict}, {@code connect_timeout}, {@code read_timeout}, {@code max_in_flight},
 * {@code max_queued}, {@code queue_timeout}, {@code max_attempts}, {@code load_balancing},
 * {@code max_image_side}, {@code max_image_pixels}, {@code max_response_bytes}, {@code allow_fields},
 * {@code system_prompt} (see docs/serving.md).
 */
public final class OpenAiCaptionerProvider implements CaptionerProvider {
  /** Creates the provider (ServiceLoader). */
  public OpenAiCaptionerProvider() {}

  @Override
  public String name() {
    return "openai-compatible captioner";
  }

  @Override
  public boolean supports(String spec) {
    return OpenAiSpec.supports(spec);
  }

  @Override
  public Captioner create(String spec, Map<String, String> options) {
    return OpenAiSpec.parse(spec).configure(OpenAiCaptioner.builder(), options).build();
  }
}
