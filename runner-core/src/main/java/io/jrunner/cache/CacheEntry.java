// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.util.Objects;

/**
 * One cache entry of the index. Immutable; times are Unix seconds (as forgejo-runner's bbolt
 * records).
 *
 * @param id the entry's number, also its file name
 * @param repo the repository full name the entry belongs to
 * @param key the lower-cased cache key
 * @param version the client's version string (paths and compression)
 * @param size the declared size in bytes, -1 when unknown; the real size once complete
 * @param complete committed: the file exists and lookups may return it
 * @param usedAt last reserve, upload or download
 * @param createdAt reservation time
 * @param writeIsolationKey empty, or the pull request ref that wrote it
 */
public record CacheEntry(
    long id,
    String repo,
    String key,
    String version,
    long size,
    boolean complete,
    long usedAt,
    long createdAt,
    String writeIsolationKey) {
  public CacheEntry {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(writeIsolationKey, "writeIsolationKey");
  }

  CacheEntry used(long at) {
    return new CacheEntry(id, repo, key, version, size, complete, at, createdAt, writeIsolationKey);
  }

  CacheEntry completed(long realSize) {
    return new CacheEntry(
        id, repo, key, version, realSize, true, usedAt, createdAt, writeIsolationKey);
  }
}
