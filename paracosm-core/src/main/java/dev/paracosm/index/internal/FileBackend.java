package dev.paracosm.index.internal;

import dev.paracosm.ConfigurationException;
import dev.paracosm.FormatCorruptException;
import dev.paracosm.ParacosmException;
import dev.paracosm.index.IndexOptions;
import dev.paracosm.index.IndexedItem;
import dev.paracosm.index.StorageType;
import dev.paracosm.index.spi.BackendSnapshot;
import dev.paracosm.index.spi.IndexBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} backend. Commit protocol: write each new segment to {@code <name>.tmp}, fsync,
 * rename; write the new manifest to {@code manifest.json.tmp}, fsync, atomically move it over
 * {@code manifest.json}; fsync the directory. A crash at any point leaves the previous manifest (and
 * so the previous commit) intact; orphan files are removed when the next writer opens.
 */
final class FileBackend implements IndexBackend {
  private static final Logger LOG = LoggerFactory.getLogger(FileBackend.class);
  static final String LOCK_FILE = "write.lock";
  /** Records per segment are limited so that a segment stays well under the 2 GiB mapping limit. */
  private static final long MAX_SEGMENT_BYTES = 1L << 30;

  private final Path dir;
  private final boolean readOnly;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, Segment> segmentCache = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private volatile Manifest manifest;
  private volatile FileSnapshot current;
  private volatile boolean closed;

  private FileBackend(Path dir, boolean readOnly, FileChannel lockChannel, FileLock lock, Manifest manifest) {
    this.dir = dir;
    this.readOnly = readOnly;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.manifest = manifest;
  }

  static FileBackend openWriter(Path dir, IndexOptions options) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot create gallery index directory " + dir + ": " + e, e);
    }
    Path lockPath = dir.resolve(LOCK_FILE);
    FileChannel ch;
    FileLock lock;
    try {
      ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot open the writer lock " + lockPath + ": " + e, e);
    }
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(ch);
      throw new ConfigurationException("Gallery index " + dir + " is already open for writing (lock " + lockPath
          + " is held by another writer); close that writer first, or use GalleryIndex.openReadOnly");
    }
    try {
      Path mf = dir.resolve(Manifest.FILE);
      Manifest m;
      if (Files.exists(mf)) {
        m = readManifest(dir);
        checkMatches(dir, m, options);
      } else {
        m = new Manifest(0, options.encoderId(), options.dimension(), options.storage(), Map.of(), List.of());
        writeManifest(dir, m);
      }
      FileBackend b = new FileBackend(dir, false, ch, lock, m);
      b.removeOrphans();
      b.current = b.load(m);
      return b;
    } catch (RuntimeException | IOException e) {
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it anyway
      }
      closeQuietly(ch);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new ParacosmException("Cannot open gallery index " + dir + ": " + e, e);
    }
  }

  static FileBackend openReader(Path dir) {
    Manifest m = readManifest(dir);
    FileBackend b = new FileBackend(dir, true, null, null, m);
    b.current = b.loadRetrying(m);
    return b;
  }

  private static void checkMatches(Path dir, Manifest m, IndexOptions o) {
    if (!m.encoderId().equals(o.encoderId())) {
      throw new ConfigurationException("Gallery index " + dir + " was built with encoder '" + m.encoderId()
          + "' but was opened with encoder '" + o.encoderId() + "'; use a new directory for another encoder");
    }
    if (m.dimension() != o.dimension()) {
      throw new ConfigurationException("Gallery index " + dir + " has dimension " + m.dimension()
          + " but was opened with dimension " + o.dimension());
    }
    if (m.storage() != o.storage()) {
      throw new ConfigurationException("Gallery index " + dir + " stores " + m.storage()
          + " but was opened with storage " + o.storage());
    }
  }

  static Manifest readManifest(Path dir) {
    Path mf = dir.resolve(Manifest.FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(mf);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("No gallery index in " + dir + ": " + mf + " does not exist");
    } catch (IOException e) {
      throw new ParacosmException("Cannot read index manifest " + mf + ": " + e, e);
    }
    return Manifest.parse(bytes, mf);
  }

  private static void writeManifest(Path dir, Manifest m) throws IOException {
    Path tmp = dir.resolve(Manifest.FILE + ".tmp");
    Files.deleteIfExists(tmp);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(m.toJson());
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(Manifest.FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(dir);
  }

  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
      LOG.debug("Cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** Deletes temp files and segments no manifest references (left by a crash). Writer only. */
  private void removeOrphans() throws IOException {
    Set<String> live = new HashSet<>();
    manifest.segments().forEach(s -> live.add(s.file()));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        boolean orphanSegment = Manifest.SEGMENT_NAME.matcher(name).matches() && !live.contains(name);
        if (name.endsWith(".tmp") || orphanSegment) {
          LOG.info("Removing {} left by an interrupted commit in {}", name, dir);
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private FileSnapshot load(Manifest m) throws IOException {
    List<Segment> segs = new ArrayList<>();
    for (Manifest.SegmentRef ref : m.segments()) {
      String key = ref.file() + "|" + ref.bytes() + "|" + ref.crc32c();
      Segment s = segmentCache.get(key);
      if (s == null) {
        s = Segment.open(dir.resolve(ref.file()), ref.bytes(), ref.crc32c(), m.dimension(), m.storage());
        if (s.records() != ref.records()) {
          throw new FormatCorruptException("Index segment " + s.file + " has " + s.records()
              + " records but the manifest records " + ref.records());
        }
        segmentCache.put(key, s);
      }
      segs.add(s);
    }
    return new FileSnapshot(m.generation(), m.dimension(), segs);
  }

  /** Readers may race a compaction that deletes segments of an older manifest: re-read and retry. */
  private FileSnapshot loadRetrying(Manifest m) {
    for (int attempt = 0; ; attempt++) {
      try {
        return load(m);
      } catch (NoSuchFileException e) {
        if (attempt >= 20) {
          throw new FormatCorruptException("Gallery index " + dir + " manifest names a missing segment "
              + e.getFile(), e);
        }
        m = readManifest(dir);
      } catch (IOException e) {
        throw new ParacosmException("Cannot read gallery index " + dir + ": " + e, e);
      }
    }
  }

  @Override
  public String encoderId() {
    return manifest.encoderId();
  }

  @Override
  public int dimension() {
    return manifest.dimension();
  }

  @Override
  public StorageType storage() {
    return manifest.storage();
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public synchronized void add(IndexedItem item) {
    ensureOpen();
    Pending p = pending.computeIfAbsent(item.id(), Pending::new);
    p.metadata.putAll(item.metadata());
    item.components().forEach(p.components::put);
  }

  @Override
  public synchronized void commit() {
    ensureOpen();
    if (pending.isEmpty()) {
      return;
    }
    Manifest m = manifest;
    long gen = m.generation() + 1;
    List<Pending> records = new ArrayList<>(pending.values());
    try {
      List<Manifest.SegmentRef> refs = new ArrayList<>(m.segments());
      Map<String, String> comps = new TreeMap<>(m.components());
      int per = recordsPerSegment(records);
      for (int start = 0, part = 0; start < records.size(); start += per, part++) {
        List<Pending> chunk = records.subList(start, Math.min(records.size(), start + per));
        Manifest.SegmentRef ref = writeSegment(String.format("seg-%08d-%03d.pcs", gen, part), new PendingSource(chunk));
        refs.add(ref);
        ref.components().forEach(c -> comps.put(c, m.encoderId()));
      }
      fsyncDirectory(dir);
      Manifest next = new Manifest(gen, m.encoderId(), m.dimension(), m.storage(), comps, refs);
      writeManifest(dir, next);
      manifest = next;
      pending.clear();
      current = load(next);
    } catch (IOException e) {
      throw new ParacosmException("Cannot commit " + records.size() + " items to gallery index " + dir + ": " + e
          + " (the previous commit is intact; buffered items are kept for a retry)", e);
    }
  }

  private int recordsPerSegment(List<Pending> records) {
    int maxComps = 1;
    for (Pending p : records) {
      maxComps = Math.max(maxComps, p.components.size());
    }
    long perRecord = (long) maxComps * manifest.dimension() * manifest.storage().bytesPerValue() + 256;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MAX_SEGMENT_BYTES / perRecord));
  }

  private Manifest.SegmentRef writeSegment(String name, RecordSource src) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Path fin = dir.resolve(name);
    Files.deleteIfExists(tmp);
    Files.deleteIfExists(fin); // an orphan of a crashed commit with the same generation
    SegmentFormat.Written w = SegmentFormat.write(tmp, src, manifest.dimension(), manifest.storage());
    Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE);
    return new Manifest.SegmentRef(name, w.records(), w.bytes(), w.crc32c(), w.components());
  }

  @Override
  public synchronized void compact() {
    ensureOpen();
    Manifest m = manifest;
    FileSnapshot snap = current;
    if (m.segments().size() <= 1) {
      return;
    }
    long gen = m.generation() + 1;
    try {
      Manifest.SegmentRef ref = writeSegment(String.format("seg-%08d-%03d.pcs", gen, 0), snap);
      fsyncDirectory(dir);
      Manifest next = new Manifest(gen, m.encoderId(), m.dimension(), m.storage(), m.components(), List.of(ref));
      writeManifest(dir, next);
      manifest = next;
      current = load(next);
      for (Manifest.SegmentRef old : m.segments()) {
        Files.deleteIfExists(dir.resolve(old.file()));
        segmentCache.keySet().removeIf(k -> k.startsWith(old.file() + "|"));
      }
      fsyncDirectory(dir);
    } catch (IOException e) {
      throw new ParacosmException("Cannot compact gallery index " + dir + ": " + e, e);
    }
  }

  @Override
  public BackendSnapshot snapshot() {
    if (!readOnly) {
      return current;
    }
    synchronized (this) {
      Manifest m = readManifest(dir);
      if (m.generation() != current.generation()) {
        current = loadRetrying(m);
        manifest = m;
        Set<String> live = new TreeSet<>();
        m.segments().forEach(s -> live.add(s.file() + "|" + s.bytes() + "|" + s.crc32c()));
        segmentCache.keySet().retainAll(live);
      }
      return current;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Gallery index " + dir + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending.clear();
    if (lockChannel != null) {
      try {
        lock.release();
      } catch (IOException e) {
        LOG.warn("Cannot release the writer lock of {}: {}", dir, e.toString());
      }
      closeQuietly(lockChannel);
    }
  }

  /** Buffered, merged additions to one id since the last commit. */
  private static final class Pending {
    final String id;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, float[]> components = new LinkedHashMap<>();

    Pending(String id) {
      this.id = id;
    }
  }

  private static final class PendingSource implements RecordSource {
    private final List<Pending> records;
    private final List<String> names;

    PendingSource(List<Pending> records) {
      this.records = records;
      Set<String> n = new TreeSet<>();
      records.forEach(p -> n.addAll(p.components.keySet()));
      this.names = List.copyOf(n);
    }

    @Override
    public int size() {
      return records.size();
    }

    @Override
    public String id(int record) {
      return records.get(record).id;
    }

    @Override
    public Map<String, String> metadata(int record) {
      return records.get(record).metadata;
    }

    @Override
    public List<String> sortedComponentNames() {
      return names;
    }

    @Override
    public boolean has(String component, int record) {
      return records.get(record).components.containsKey(component);
    }

    @Override
    public void vector(String component, int record, float[] dst, int off) {
      float[] v = records.get(record).components.get(component);
      System.arraycopy(v, 0, dst, off, v.length);
    }
  }
}
