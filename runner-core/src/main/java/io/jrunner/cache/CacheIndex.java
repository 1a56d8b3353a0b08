// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import com.google.gson.JsonParseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The durable index of cache entries: an H2 MVStore file ({@code index.mv.db}) with one map from id
 * to the entry as JSON and a counter for ids. Every change is committed and synced before the
 * method returns, so the index a restart reads is the one the last answer was based on.
 *
 * <p>Thread-safe: one lock around each change. Errors of the store become {@link CacheException}.
 */
final class CacheIndex implements AutoCloseable {
  private final ReentrantLock lock = new ReentrantLock();
  private final MVStore store;
  private final MVMap<Long, String> entries;
  private final MVMap<String, Long> meta;

  private CacheIndex(MVStore store) {
    this.store = store;
    this.entries = store.openMap("entries");
    this.meta = store.openMap("meta");
  }

  /** Opens (or creates) the index file. */
  static CacheIndex open(Path file) throws CacheException {
    try {
      return new CacheIndex(
          new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
    } catch (MVStoreException e) {
      throw new CacheException("cannot open the cache index " + file + ": " + e.getMessage(), e);
    }
  }

  /** Stores a new entry under the next id and returns it with that id. */
  CacheEntry insert(CacheEntry e) throws CacheException {
    lock.lock();
    try {
      long id = meta.getOrDefault("nextId", 1L);
      meta.put("nextId", id + 1);
      CacheEntry stored =
          new CacheEntry(
              id,
              e.repo(),
              e.key(),
              e.version(),
              e.size(),
              e.complete(),
              e.usedAt(),
              e.createdAt(),
              e.writeIsolationKey());
      entries.put(id, CacheJson.GSON.toJson(stored));
      commit();
      return stored;
    } catch (MVStoreException ex) {
      throw new CacheException("cache index: " + ex.getMessage(), ex);
    } finally {
      lock.unlock();
    }
  }

  /** Replaces the entry with the same id, if it still exists. */
  void update(CacheEntry e) throws CacheException {
    lock.lock();
    try {
      if (entries.containsKey(e.id())) {
        entries.put(e.id(), CacheJson.GSON.toJson(e));
        commit();
      }
    } catch (MVStoreException ex) {
      throw new CacheException("cache index: " + ex.getMessage(), ex);
    } finally {
      lock.unlock();
    }
  }

  void delete(long id) throws CacheException {
    lock.lock();
    try {
      if (entries.remove(id) != null) {
        commit();
      }
    } catch (MVStoreException ex) {
      throw new CacheException("cache index: " + ex.getMessage(), ex);
    } finally {
      lock.unlock();
    }
  }

  Optional<CacheEntry> get(long id) throws CacheException {
    try {
      return Optional.ofNullable(entries.get(id)).map(CacheIndex::decode);
    } catch (MVStoreException | JsonParseException ex) {
      throw new CacheException("cache index: " + ex.getMessage(), ex);
    }
  }

  /** Every entry, in id order (a consistent snapshot of the map). */
  List<CacheEntry> all() throws CacheException {
    try {
      List<CacheEntry> out = new ArrayList<>();
      for (String json : entries.values()) {
        out.add(decode(json));
      }
      return out;
    } catch (MVStoreException | JsonParseException ex) {
      throw new CacheException("cache index: " + ex.getMessage(), ex);
    }
  }

  private void commit() {
    store.commit();
    store.sync();
  }

  private static CacheEntry decode(String json) {
    return CacheJson.GSON.fromJson(json, CacheEntry.class);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!store.isClosed()) {
        store.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
