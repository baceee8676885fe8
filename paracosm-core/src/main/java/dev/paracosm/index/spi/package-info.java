/**
 * Service provider interface for gallery index storage backends (in the spirit of Lucene codecs):
 * a backend stores raw component embeddings and serves immutable snapshots of them; fusion, metadata
 * filtering and exact search are done above it by {@link dev.paracosm.index.IndexSnapshot}. Register
 * an {@link dev.paracosm.index.spi.IndexBackendProvider} in {@code
 * META-INF/services/dev.paracosm.index.spi.IndexBackendProvider}. The built-in backend is {@code
 * file}.
 */
package dev.paracosm.index.spi;
