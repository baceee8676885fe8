package dev.paracosm.models.openai;

import dev.paracosm.role.TextToImage;
import dev.paracosm.role.TextToImageProvider;
import java.util.Map;

/**
 * Creates an {@link OpenAiTextToImage} from a spec string {@code <profile>:<model>@<baseUrl>[,...]},
 * e.g. {@code sglang:Qwen/Qwen-Image@http://gpu3:30000/v1} or {@code openai:gpt-image-1}. Options as for
 * {@link OpenAiCaptionerProvider} (without {@code system_prompt}).
 */
public final class OpenAiTextToImageProvider implements TextToImageProvider {
  /** Creates the provider (ServiceLoader). */
  public OpenAiTextToImageProvider() {}

  @Override
  public String name() {
    return "openai-compatible text-to-image";
  }

  @Override
  public boolean supports(String spec) {
    return OpenAiSpec.supports(spec);
  }

  @Override
  public TextToImage create(String spec, Map<String, String> options) {
    return OpenAiSpec.parse(spec).configure(OpenAiTextToImage.builder(), options).build();
  }
}
