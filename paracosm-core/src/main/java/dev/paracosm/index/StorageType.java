package dev.paracosm.index;

/** How component vectors are stored on disk. Searches always run in float32. */
public enum StorageType {
  /** IEEE binary32, 4 bytes per value: exact. */
  FLOAT32,
  /** IEEE binary16, 2 bytes per value, rounded to nearest even: half the disk and page cache. */
  FLOAT16;

  /** @return bytes per stored value */
  public int bytesPerValue() {
    return this == FLOAT32 ? 4 : 2;
  }
}
