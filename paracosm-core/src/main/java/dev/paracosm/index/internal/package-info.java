/**
 * The built-in {@code file} index backend: a JSON manifest (the commit point) listing immutable,
 * checksummed binary segment files that are read through memory mapping. Not API: use {@link
 * dev.paracosm.index.GalleryIndex}. The format is described in {@code docs/architecture.md}.
 */
package dev.paracosm.index.internal;
