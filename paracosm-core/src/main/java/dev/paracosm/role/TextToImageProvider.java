package dev.paracosm.role;

/** Service interface for plugins that provide {@link TextToImage} implementations ({@code META-INF/services}). */
public interface TextToImageProvider extends RoleProvider<TextToImage> {}
