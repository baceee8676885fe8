package dev.paracosm.models.openai;

import dev.paracosm.role.ImageEditor;
import dev.paracosm.role.ImageEditorProvider;
import java.util.Map;

/**
 * Creates an {@link OpenAiImageEditor} from a spec string {@code <profile>:<model>@<baseUrl>[,...]},
 * e.g. {@code vllm-omni:Qwen/Qwen-Image-Edit@http://gpu2:8091/v1} or {@code openai:gpt-image-1}. Options
 * as for {@link OpenAiCaptionerProvider} (without {@code system_prompt}).
 */
public final class OpenAiImageEditorProvider implements ImageEditorProvider {
  /** Creates the provider (ServiceLoader). */
  public OpenAiImageEditorProvider() {}

  @Override
  public String name() {
    return "openai-compatible image editor";
  }

  @Override
  public boolean supports(String spec) {
    return OpenAiSpec.supports(spec);
  }

  @Override
  public ImageEditor create(String spec, Map<String, String> options) {
    return OpenAiSpec.parse(spec).configure(OpenAiImageEditor.builder(), options).build();
  }
}
