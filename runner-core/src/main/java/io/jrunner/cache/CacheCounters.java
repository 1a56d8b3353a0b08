// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one cache server: lookups that hit or missed, bytes uploaded and served,
 * entries committed and removed. Thread-safe (adders); read by the log and, later, by metrics.
 */
public final class CacheCounters {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final LongAdder removed = new LongAdder();

  /** A point-in-time copy of the counters. */
  public record Snapshot(
      long hits, long misses, long bytesIn, long bytesOut, long commits, long removed) {}

  void hit() {
    hits.increment();
  }

  void miss() {
    misses.increment();
  }

  void bytesIn(long n) {
    bytesIn.add(n);
  }

  void bytesOut(long n) {
    bytesOut.add(n);
  }

  void committed() {
    commits.increment();
  }

  void removed() {
    removed.increment();
  }

  /** The current values. */
  public Snapshot snapshot() {
    return new Snapshot(
        hits.sum(), misses.sum(), bytesIn.sum(), bytesOut.sum(), commits.sum(), removed.sum());
  }
}
