// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cache;

import java.util.Optional;

/**
 * Gives a task its {@code ACTIONS_CACHE_URL}: registers the run with the proxy and hands back a
 * lease whose URL carries the run key; closing the lease forgets the key. Implementations are
 * thread-safe.
 */
public interface CacheRuns {
  /** No cache: jobs get no {@code ACTIONS_CACHE_URL}. */
  CacheRuns NONE = (repository, runNumber, writeIsolationKey) -> Optional.empty();

  /**
   * Registers a run.
   *
   * @return the lease, or empty when this runner has no cache
   */
  Optional<Lease> open(String repository, String runNumber, String writeIsolationKey);

  /** A registered run. */
  interface Lease extends AutoCloseable {
    /** {@code <proxy>/<runKey>/}. */
    String url();

    @Override
    void close();
  }
}
