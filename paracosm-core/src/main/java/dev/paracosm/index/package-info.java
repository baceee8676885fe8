/**
 * The persistent gallery index: every raw component embedding of every gallery item (image,
 * synthetic counterpart, captions, ...) tagged with the encoder that produced it, stored once and
 * fused at query time. Open a writer with {@link dev.paracosm.index.GalleryIndex#open}, readers
 * with {@link dev.paracosm.index.GalleryIndex#openReadOnly}, and search an immutable {@link
 * dev.paracosm.index.IndexSnapshot}. Storage backends plug in through {@link
 * dev.paracosm.index.spi.IndexBackendProvider}.
 */
package dev.paracosm.index;
