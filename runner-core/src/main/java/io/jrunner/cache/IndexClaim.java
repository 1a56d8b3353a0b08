// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the index file ({@code index.mv.db}, created empty if missing) that a {@link
 * CacheStore} holds from its start until it opens the index, when H2's own lock on the same file
 * takes over. So a second process on the same cache directory is refused at its start, as when the
 * index was opened at once, without loading H2 for it.
 *
 * <p>Not thread-safe: its store takes and releases it under its own lock.
 */
final class IndexClaim {
  private final FileChannel channel;
  private final FileLock lock;

  private IndexClaim(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code file}.
   *
   * @throws CacheException when another process (or another store of this one) holds it, or it
   *     cannot be opened
   */
  static IndexClaim take(Path file) throws CacheException {
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CacheException("cannot open the cache index " + file + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      release(channel);
      throw new CacheException(
          "cannot open the cache index " + file + ": it is in use by another process");
    }
    return new IndexClaim(channel, lock);
  }

  /** Unlocks the file, for H2 to lock it; idempotent. */
  void release() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it as well.
    }
    release(channel);
  }

  private static void release(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was written through it.
    }
  }
}
