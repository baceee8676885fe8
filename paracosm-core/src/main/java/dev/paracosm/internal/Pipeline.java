package dev.paracosm.internal;

import dev.paracosm.Gallery;
import dev.paracosm.Hit;
import dev.paracosm.IndexReport;
import dev.paracosm.ProgressListener;
import dev.paracosm.Query;
import dev.paracosm.QueryEncoding;
import dev.paracosm.SearchOptions;
import dev.paracosm.fusion.FusionConfig;
import dev.paracosm.fusion.Mode;
import dev.paracosm.fusion.QueryComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pipeline behind {@link dev.paracosm.Paracosm}. Not public API. */
public final class Pipeline implements AutoCloseable {
  private final PipelineConfig config;

  /** @param config resolved settings */
  public Pipeline(PipelineConfig config) {
    this.config = config;
    throw new UnsupportedOperationException("pipeline under construction");
  }

  /** @param fusion fusion @return components */
  public static Set<QueryComponent> componentsFor(FusionConfig fusion) {
    throw new UnsupportedOperationException("pipeline under construction");
  }

  /** @param g gallery @param l listener @return report */
  public IndexReport index(Gallery g, ProgressListener l) {
    throw new UnsupportedOperationException("pipeline under construction");
  }

  /** @param q queries @param k k @param o options @return hits */
  public List<List<Hit>> searchBatch(List<Query> q, int k, SearchOptions o) {
    throw new UnsupportedOperationException("pipeline under construction");
  }

  /** @param q query @param c components @return encoding */
  public QueryEncoding encodeQuery(Query q, Set<QueryComponent> c) {
    throw new UnsupportedOperationException("pipeline under construction");
  }

  /** @param e encodings @param q queries @param k k @param o options @return hits */
  public List<List<Hit>> searchEncoded(List<QueryEncoding> e, List<Query> q, int k, SearchOptions o) {
    throw new UnsupportedOperationException("pipeline under construction");
  }

  /** @return fusion */
  public FusionConfig defaultFusion() {
    return config.fusion();
  }

  /** @return modes */
  public Set<Mode> availableModes() {
    throw new UnsupportedOperationException("pipeline under construction");
  }

  /** @return counters */
  public Map<String, Long> counters() {
    throw new UnsupportedOperationException("pipeline under construction");
  }

  /** @return dir */
  public Path indexDirectory() {
    return config.indexDirectory();
  }

  @Override
  public void close() {}
}
