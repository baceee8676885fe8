package dev.paracosm.index;

import dev.paracosm.ConfigurationException;
import java.util.Objects;

/**
 * How to create or open a gallery index for writing. Required: {@link Builder#encoderId} and
 * {@link Builder#dimension}. Optional: {@link Builder#storage} (default {@link
 * StorageType#FLOAT32}) and {@link Builder#backend} (default {@code "file"}).
 *
 * <p>Opening an existing index checks that encoder id, dimension and storage type match what it
 * was created with.
 */
public final class IndexOptions {
  private final String encoderId;
  private final int dimension;
  private final StorageType storage;
  private final String backend;

  private IndexOptions(Builder b) {
    if (b.encoderId == null || b.encoderId.isBlank()) {
      throw new ConfigurationException("IndexOptions: encoderId is required (the model id of the encoder, "
          + "e.g. hf:openai/clip-vit-base-patch32)");
    }
    if (b.dimension < 1) {
      throw new ConfigurationException("IndexOptions: dimension is required and must be >= 1, got " + b.dimension);
    }
    if (b.backend == null || b.backend.isBlank()) {
      throw new ConfigurationException("IndexOptions: backend name must be non-blank");
    }
    this.encoderId = b.encoderId;
    this.dimension = b.dimension;
    this.storage = Objects.requireNonNull(b.storage, "storage");
    this.backend = b.backend;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the id of the encoder that produced every component */
  public String encoderId() {
    return encoderId;
  }

  /** @return the embedding dimension */
  public int dimension() {
    return dimension;
  }

  /** @return the on-disk storage type */
  public StorageType storage() {
    return storage;
  }

  /** @return the backend name, found through {@link dev.paracosm.index.spi.IndexBackendProvider} */
  public String backend() {
    return backend;
  }

  @Override
  public String toString() {
    return "IndexOptions[encoderId=" + encoderId + ", dimension=" + dimension + ", storage=" + storage
        + ", backend=" + backend + "]";
  }

  /** Builder for {@link IndexOptions}. */
  public static final class Builder {
    private String encoderId;
    private int dimension;
    private StorageType storage = StorageType.FLOAT32;
    private String backend = "file";

    private Builder() {}

    /**
     * @param v the encoder's model id (required)
     * @return this
     */
    public Builder encoderId(String v) {
      encoderId = v;
      return this;
    }

    /**
     * @param v the embedding dimension (required)
     * @return this
     */
    public Builder dimension(int v) {
      dimension = v;
      return this;
    }

    /**
     * @param v storage type (default FLOAT32)
     * @return this
     */
    public Builder storage(StorageType v) {
      storage = v;
      return this;
    }

    /**
     * @param v backend name (default {@code file})
     * @return this
     */
    public Builder backend(String v) {
      backend = v;
      return this;
    }

    /**
     * @return the validated options
     * @throws ConfigurationException if a required setting is missing or invalid
     */
    public IndexOptions build() {
      return new IndexOptions(this);
    }
  }
}
