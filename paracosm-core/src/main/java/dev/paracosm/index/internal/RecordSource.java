package dev.paracosm.index.internal;

import java.util.List;
import java.util.Map;

/** What a segment is written from: pending records of a commit, or a snapshot being compacted. */
interface RecordSource {
  int size();

  String id(int record);

  Map<String, String> metadata(int record);

  /** @return component names, sorted */
  List<String> sortedComponentNames();

  boolean has(String component, int record);

  /** Copies the record's vector of that component into dst[off, off + dim). */
  void vector(String component, int record, float[] dst, int off);
}
