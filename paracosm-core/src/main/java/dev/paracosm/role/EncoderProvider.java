package dev.paracosm.role;

/** Service interface for plugins that provide {@link Encoder} implementations ({@code META-INF/services}). */
public interface EncoderProvider extends RoleProvider<Encoder> {}
