// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's entries: the index ({@link CacheIndex}) and the bytes ({@link CacheFiles}) under one
 * directory, with forgejo-runner's lookup and access rules and its garbage collection, plus a size
 * limit. Protocol-free: {@link CacheServer} maps its answers to HTTP.
 *
 * <p>{@link #open} opens the index at once; {@link #openLazily} at the first call that needs it, so
 * that an idle runner neither loads H2 nor holds the index in memory (an {@link IndexClaim} keeps
 * other processes out meanwhile). Either way the first opening removes what a crash left and runs a
 * GC before any answer is given.
 *
 * <p>Thread-safe. Index failures are {@link CacheException}s; file failures {@link IOException}s.
 */
public final class CacheStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheStore.class);
  static final Duration KEEP_USED = Duration.ofDays(30);
  static final Duration KEEP_UNUSED = Duration.ofDays(7);
  static final Duration KEEP_TEMP = Duration.ofMinutes(5);
  static final Duration KEEP_OLD = Duration.ofMinutes(5);
  static final Duration GC_INTERVAL = Duration.ofHours(1);

  private final Path indexFile;
  private final CacheFiles files;
  private final Clock clock;
  private final long maxBytes;
  private final CacheCounters counters;
  private final AtomicBoolean gcRunning = new AtomicBoolean();
  private final ReentrantLock gcLock = new ReentrantLock();
  private long lastGc = Long.MIN_VALUE;

  /** Guards opening and closing the index: {@link #loading}, {@link #claim}, {@link #closed}. */
  private final ReentrantLock openLock = new ReentrantLock();

  /** The index once it is open and recovered; null before. */
  private volatile CacheIndex ready;

  /** The index while the thread holding {@link #openLock} recovers it; null otherwise. */
  private CacheIndex loading;

  /** Held until the index is opened ({@link #openLazily} only). */
  private IndexClaim claim;

  private boolean closed;

  /** May a run use an entry: granted with the entry, or refused. */
  public sealed interface Access {
    /** Allowed; {@code entry} is the current state. */
    record Granted(CacheEntry entry) implements Access {}

    /** Refused, with the HTTP status and message forgejo-runner sends. */
    record Refusal(int status, String message) implements Access {}
  }

  private CacheStore(
      Path indexFile, CacheFiles files, Clock clock, long maxBytes, CacheCounters counters) {
    this.indexFile = indexFile;
    this.files = files;
    this.clock = clock;
    this.maxBytes = maxBytes;
    this.counters = counters;
  }

  /**
   * Opens the store in {@code dir} (created with mode 0700 if missing), removes what a crash left
   * (chunks and files without an index entry, entries whose file is gone) and runs a first GC.
   *
   * @param maxBytes total size of entries above which the least recently used are evicted; 0 or
   *     less for no limit
   */
  public static CacheStore open(Path dir, long maxBytes, Clock clock, CacheCounters counters)
      throws IOException, CacheException {
    CacheStore store = create(dir, maxBytes, clock, counters);
    store.openLock.lock();
    try {
      store.load();
    } finally {
      store.openLock.unlock();
    }
    return store;
  }

  /**
   * The store in {@code dir} (created with mode 0700 if missing, its {@code files} and {@code tmp}
   * too), with the index opened, recovered and collected as by {@link #open} only when a call first
   * needs it; such a call fails with a {@link CacheException} if that fails, and the next one tries
   * again. {@link #gcIfDue()} does not open it. The index file is locked meanwhile.
   *
   * @param maxBytes as for {@link #open}
   * @throws CacheException when another process uses the directory
   * @throws IOException when the directory cannot be created
   */
  public static CacheStore openLazily(Path dir, long maxBytes, Clock clock, CacheCounters counters)
      throws IOException, CacheException {
    CacheStore store = create(dir, maxBytes, clock, counters);
    store.claim = IndexClaim.take(store.indexFile);
    return store;
  }

  private static CacheStore create(Path dir, long maxBytes, Clock clock, CacheCounters counters)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: its own defaults apply.
      }
    }
    return new CacheStore(
        dir.resolve("index.mv.db"), new CacheFiles(dir), clock, maxBytes, counters);
  }

  /** The open index, opening it first if need be (see {@link #openLazily}). */
  private CacheIndex index() throws CacheException {
    CacheIndex index = ready;
    if (index != null) {
      return index;
    }
    openLock.lock();
    try {
      if (ready != null) {
        return ready;
      }
      if (loading != null) { // this thread, recovering it in load()
        return loading;
      }
      try {
        load();
      } catch (IOException e) {
        throw new CacheException("cannot open the cache: " + e.getMessage(), e);
      }
      return ready;
    } finally {
      openLock.unlock();
    }
  }

  /** Opens, recovers and collects the index; the caller holds {@link #openLock}. */
  private void load() throws IOException, CacheException {
    if (closed) {
      throw new CacheException("the cache is closed");
    }
    if (claim != null) {
      claim.release();
      claim = null;
    }
    CacheIndex index = CacheIndex.open(indexFile);
    loading = index;
    try {
      recover();
      gc();
    } catch (IOException | CacheException | RuntimeException e) {
      index.close();
      throw e;
    } finally {
      loading = null;
    }
    ready = index;
  }

  private void recover() throws IOException, CacheException {
    Set<Long> known = new HashSet<>();
    for (CacheEntry e : index().all()) {
      if (e.complete() && !files.exists(e.id())) {
        index().delete(e.id());
        LOG.warn("cache entry {} ({}) lost its file; removed from the index", e.id(), e.key());
      } else {
        known.add(e.id());
      }
    }
    int swept = files.sweep(known);
    if (swept > 0) {
      LOG.info("cache: removed {} leftover file(s) of interrupted uploads", swept);
    }
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  /**
   * The entry for the first of {@code keys} (lower-cased) that matches: per key, an exact key
   * first, then a key starting with it; same repository and version, complete only, newest first.
   * With a write-isolation key, entries written under it are searched first, then shared ones.
   */
  public Optional<CacheEntry> find(
      String repo, List<String> keys, String version, String writeIsolationKey)
      throws CacheException {
    List<String> lowered = keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    List<CacheEntry> all = index().all();
    Optional<CacheEntry> found = find(all, repo, lowered, version, writeIsolationKey);
    if (found.isEmpty() && !writeIsolationKey.isEmpty()) {
      found = find(all, repo, lowered, version, "");
    }
    if (found.isPresent() && !files.exists(found.get().id())) {
      index().delete(found.get().id());
      found = Optional.empty();
    }
    if (found.isPresent()) {
      counters.hit();
    } else {
      counters.miss();
    }
    return found;
  }

  private static Optional<CacheEntry> find(
      List<CacheEntry> all, String repo, List<String> keys, String version, String wik) {
    Comparator<CacheEntry> newest =
        Comparator.comparingLong(CacheEntry::createdAt).thenComparingLong(CacheEntry::id);
    List<CacheEntry> candidates =
        all.stream()
            .filter(
                e ->
                    e.complete()
                        && e.repo().equals(repo)
                        && e.version().equals(version)
                        && e.writeIsolationKey().equals(wik))
            .toList();
    for (String key : keys) {
      Optional<CacheEntry> exact = candidates.stream().filter(e -> e.key().equals(key)).max(newest);
      if (exact.isPresent()) {
        return exact;
      }
      Optional<CacheEntry> prefix =
          candidates.stream().filter(e -> e.key().startsWith(key)).max(newest);
      if (prefix.isPresent()) {
        return prefix;
      }
    }
    return Optional.empty();
  }

  /** Reserves a new, incomplete entry; {@code size} 0 (unknown) is stored as -1. */
  public CacheEntry reserve(
      String repo, String key, String version, long size, String writeIsolationKey)
      throws CacheException {
    long now = now();
    return index()
        .insert(
            new CacheEntry(
                0,
                repo,
                key.toLowerCase(Locale.ROOT),
                version,
                size == 0 ? -1 : size,
                false,
                now,
                now,
                writeIsolationKey));
  }

  /**
   * The entry {@code id} if {@code repo} may write it: 404 when it is not reserved (or belongs to
   * another repository), 403 when its write-isolation key differs, 400 when already complete.
   */
  public Access writable(long id, String repo, String writeIsolationKey) throws CacheException {
    Optional<CacheEntry> e = index().get(id).filter(c -> c.repo().equals(repo));
    if (e.isEmpty()) {
      return new Access.Refusal(404, "cache " + id + ": not reserved");
    }
    if (!e.get().writeIsolationKey().equals(writeIsolationKey)) {
      return new Access.Refusal(
          403,
          "cache authorized for write isolation \""
              + writeIsolationKey
              + "\", but attempting to operate on \""
              + e.get().writeIsolationKey()
              + "\"");
    }
    if (e.get().complete()) {
      return new Access.Refusal(
          400, "cache " + id + " \"" + e.get().key() + "\": already complete");
    }
    return new Access.Granted(e.get());
  }

  /** Stores one uploaded chunk of a writable entry (see {@link #writable}). */
  public void upload(CacheEntry entry, long offset, InputStream body)
      throws IOException, CacheException {
    long n = files.writeChunk(entry.id(), offset, body);
    counters.bytesIn(n);
    index().update(entry.used(now()));
  }

  /**
   * Commits a writable entry: joins its chunks into its file and marks it complete, then evicts
   * entries over the size limit.
   *
   * @return the refusal (500) when the chunks do not make the declared size, else empty
   */
  public Optional<Access.Refusal> commit(CacheEntry entry) throws IOException, CacheException {
    long size;
    try {
      size = files.commit(entry.id(), entry.size());
    } catch (CacheFiles.BrokenUploadException e) {
      return Optional.of(new Access.Refusal(500, "commit(" + entry.id() + "): " + e.getMessage()));
    }
    CacheEntry current = index().get(entry.id()).orElse(entry);
    index().update(current.completed(size));
    counters.committed();
    LOG.info(
        "cache: saved {} ({} bytes) for {}{}",
        entry.key(),
        size,
        entry.repo(),
        entry.writeIsolationKey().isEmpty() ? "" : " (" + entry.writeIsolationKey() + ")");
    evict();
    return Optional.empty();
  }

  /**
   * The entry {@code id} if {@code repo} may read it (its write-isolation key matches or it has
   * none); 404 otherwise, 403 for another isolation key. Marks it used.
   */
  public Access readable(long id, String repo, String writeIsolationKey) throws CacheException {
    Optional<CacheEntry> e = index().get(id).filter(c -> c.repo().equals(repo));
    if (e.isEmpty() || !e.get().complete() || !files.exists(id)) {
      return new Access.Refusal(404, "cache " + id + ": not reserved");
    }
    String own = e.get().writeIsolationKey();
    if (!own.isEmpty() && !own.equals(writeIsolationKey)) {
      return new Access.Refusal(
          403,
          "cache authorized for write isolation \""
              + writeIsolationKey
              + "\", but attempting to operate on \""
              + own
              + "\"");
    }
    CacheEntry used = e.get().used(now());
    index().update(used);
    return new Access.Granted(used);
  }

  /** The committed file of an entry (see {@link #readable}). */
  public Path file(CacheEntry entry) {
    return files.file(entry.id());
  }

  /** Counts bytes served to clients. */
  void served(long n) {
    counters.bytesOut(n);
  }

  /**
   * Runs {@link #gc()} if none ran in the last hour, on a virtual thread; never blocks. Nothing
   * while the index is not open: it is collected when it opens, and nothing can have changed
   * before.
   */
  public void gcIfDue() {
    if (ready == null) {
      return;
    }
    long now = now();
    gcLock.lock();
    try {
      if (lastGc != Long.MIN_VALUE && now - lastGc < GC_INTERVAL.toSeconds()) {
        return;
      }
    } finally {
      gcLock.unlock();
    }
    Thread.ofVirtual().name("cache-gc").start(this::gcQuietly);
  }

  private void gcQuietly() {
    try {
      gc();
    } catch (IOException | CacheException | RuntimeException e) {
      LOG.error("cache GC failed: {}", e.getMessage());
    }
  }

  /**
   * forgejo-runner's GC, now: incomplete entries unused for 5 minutes, entries unused for 7 days,
   * entries created more than 30 days ago, and older complete duplicates (same repository, key,
   * version and isolation) not used for 5 minutes; then the size limit. One at a time.
   */
  public void gc() throws IOException, CacheException {
    if (!gcRunning.compareAndSet(false, true)) {
      return;
    }
    try {
      long now = now();
      gcLock.lock();
      try {
        lastGc = now;
      } finally {
        gcLock.unlock();
      }
      Map<List<Object>, List<CacheEntry>> groups = new LinkedHashMap<>();
      for (CacheEntry e : index().all()) {
        if (!e.complete() && e.usedAt() < now - KEEP_TEMP.toSeconds()) {
          remove(e, "incomplete");
        } else if (e.usedAt() < now - KEEP_UNUSED.toSeconds()) {
          remove(e, "unused for 7 days");
        } else if (e.createdAt() < now - KEEP_USED.toSeconds()) {
          remove(e, "older than 30 days");
        } else if (e.complete()) {
          groups
              .computeIfAbsent(
                  List.of(e.repo(), e.key(), e.version(), e.writeIsolationKey()),
                  k -> new ArrayList<>())
              .add(e);
        }
      }
      for (List<CacheEntry> same : groups.values()) {
        same.sort(
            Comparator.comparingLong(CacheEntry::createdAt).thenComparingLong(CacheEntry::id));
        for (CacheEntry old : same.subList(0, same.size() - 1)) {
          if (old.usedAt() < now - KEEP_OLD.toSeconds()) {
            remove(old, "replaced by a newer entry");
          }
        }
      }
      evict();
    } finally {
      gcRunning.set(false);
    }
  }

  /** Removes least recently used complete entries while the total is above the limit. */
  private void evict() throws IOException, CacheException {
    if (maxBytes <= 0) {
      return;
    }
    List<CacheEntry> complete =
        new ArrayList<>(index().all().stream().filter(CacheEntry::complete).toList());
    long total = complete.stream().mapToLong(CacheEntry::size).sum();
    complete.sort(Comparator.comparingLong(CacheEntry::usedAt).thenComparingLong(CacheEntry::id));
    for (CacheEntry e : complete) {
      if (total <= maxBytes) {
        break;
      }
      remove(e, "over the size limit of " + maxBytes + " bytes");
      total -= e.size();
    }
  }

  private void remove(CacheEntry e, String why) throws IOException, CacheException {
    index().delete(e.id());
    files.remove(e.id());
    counters.removed();
    LOG.info("cache: removed {} {} of {} ({})", e.id(), e.key(), e.repo(), why);
  }

  /** Total bytes of complete entries. */
  public long totalBytes() throws CacheException {
    return index().all().stream().filter(CacheEntry::complete).mapToLong(CacheEntry::size).sum();
  }

  /** Closes the index (or gives up its claim); later calls fail. */
  @Override
  public void close() {
    openLock.lock();
    try {
      closed = true;
      if (ready != null) {
        ready.close();
      }
      if (claim != null) {
        claim.release();
        claim = null;
      }
    } finally {
      openLock.unlock();
    }
  }
}
