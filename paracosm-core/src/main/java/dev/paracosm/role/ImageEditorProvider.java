package dev.paracosm.role;

/** Service interface for plugins that provide {@link ImageEditor} implementations ({@code META-INF/services}). */
public interface ImageEditorProvider extends RoleProvider<ImageEditor> {}
