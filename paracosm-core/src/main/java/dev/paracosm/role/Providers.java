package dev.paracosm.role;

import dev.paracosm.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Looks up role providers on the classpath with {@link ServiceLoader} and creates roles from spec strings. */
public final class Providers {
  private Providers() {}

  /**
   * @param spec e.g. {@code hf:openai/clip-vit-base-patch32}
   * @param options provider options
   * @return a new encoder
   * @throws ConfigurationException if no provider on the classpath supports the spec
   */
  public static Encoder encoder(String spec, Map<String, String> options) {
    return create(EncoderProvider.class, "encoder", spec, options);
  }

  /**
   * @param spec spec string
   * @param options provider options
   * @return a new captioner
   */
  public static Captioner captioner(String spec, Map<String, String> options) {
    return create(CaptionerProvider.class, "captioner", spec, options);
  }

  /**
   * @param spec spec string
   * @param options provider options
   * @return a new image editor
   */
  public static ImageEditor imageEditor(String spec, Map<String, String> options) {
    return create(ImageEditorProvider.class, "image editor", spec, options);
  }

  /**
   * @param spec spec string
   * @param options provider options
   * @return a new text-to-image model
   */
  public static TextToImage textToImage(String spec, Map<String, String> options) {
    return create(TextToImageProvider.class, "text-to-image", spec, options);
  }

  /**
   * @param type provider interface
   * @param <P> provider type
   * @return every provider of that type on the classpath
   */
  public static <P extends RoleProvider<?>> List<P> list(Class<P> type) {
    List<P> out = new ArrayList<>();
    ServiceLoader.load(type, Providers.class.getClassLoader()).forEach(out::add);
    if (Thread.currentThread().getContextClassLoader() != null
        && Thread.currentThread().getContextClassLoader() != Providers.class.getClassLoader()) {
      for (P p : ServiceLoader.load(type, Thread.currentThread().getContextClassLoader())) {
        if (out.stream().noneMatch(q -> q.getClass().equals(p.getClass()))) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static <T, P extends RoleProvider<T>> T create(
      Class<P> type, String role, String spec, Map<String, String> options) {
    if (spec == null || spec.isBlank()) {
      throw new ConfigurationException("Empty " + role + " spec");
    }
    List<P> providers = list(type);
    for (P p : providers) {
      if (p.supports(spec)) {
        return p.create(spec, options == null ? Map.of() : options);
      }
    }
    throw new ConfigurationException("No " + role + " provider on the classpath supports spec '" + spec
        + "' (providers found: " + providers.stream().map(RoleProvider::name).toList()
        + "). Add the module that provides it (e.g. paracosm-models for hf:/dir:/openai specs) or register a "
        + type.getSimpleName() + " in META-INF/services.");
  }
}
