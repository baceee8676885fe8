package dev.paracosm.role;

/** Service interface for plugins that provide {@link Captioner} implementations ({@code META-INF/services}). */
public interface CaptionerProvider extends RoleProvider<Captioner> {}
