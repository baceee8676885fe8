package dev.paracosm.fusion;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Benchmark protocols of method.md §5: post-processing of a ranking. */
public enum Protocol {
  /** Shared gallery, full ranking, no post-processing. */
  GENERIC,
  /** Reference image removed from the ranking; subset ranking over the query's group members. */
  CIRR,
  /** Shared gallery; the reference is not excluded. */
  CIRCO,
  /** Per-category gallery; no post-processing. */
  FASHIONIQ,
  /** Per-query gallery with the target first; no post-processing. */
  GENECIS;

  /** @return the lowercase id */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param id a protocol id
   * @return the protocol
   * @throws dev.paracosm.InvalidInputException for an unknown id
   */
  public static Protocol fromId(String id) {
    return Names.parse(Protocol.class, "protocol", id, Protocol::id);
  }

  /**
   * Post-processes a ranking of gallery ids under this protocol: {@link #CIRR} removes the
   * reference image id after sorting; every other protocol returns the ranking unchanged.
   *
   * @param rankedIds gallery ids, best first
   * @param referenceId the query's reference image id, or {@code null}
   * @return the reported ranking
   */
  public List<String> apply(List<String> rankedIds, String referenceId) {
    if (this != CIRR || referenceId == null) {
      return List.copyOf(rankedIds);
    }
    List<String> out = new ArrayList<>(rankedIds.size());
    for (String id : rankedIds) {
      if (!id.equals(referenceId)) {
        out.add(id);
      }
    }
    return List.copyOf(out);
  }

  /**
   * CIRR's subset ranking: the reference-free ranking filtered to the query's {@code
   * img_set.members} (which include the reference, so five images remain).
   *
   * @param processedRanking the ranking after {@link #apply}
   * @param groupMembers the query's group members
   * @return the subset ranking, best first
   */
  public static List<String> subsetRanking(List<String> processedRanking, Collection<String> groupMembers) {
    Set<String> members = new HashSet<>(groupMembers);
    List<String> out = new ArrayList<>(members.size());
    for (String id : processedRanking) {
      if (members.contains(id)) {
        out.add(id);
      }
    }
    return List.copyOf(out);
  }

  /**
   * How many gallery entries to rank before {@link #apply} so that {@code k} remain afterwards.
   *
   * @param k entries wanted after post-processing
   * @return entries to rank
   */
  public int rankDepth(int k) {
    return this == CIRR && k < Integer.MAX_VALUE ? k + 1 : k;
  }
}
