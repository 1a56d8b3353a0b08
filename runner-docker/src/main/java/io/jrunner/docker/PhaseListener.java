// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.time.Duration;

/**
 * Observes how long each phase of a Docker job environment's set-up and tear-down took (network,
 * volumes, image, job container, removal): for benchmarks and debug logs. Called on the thread that
 * ran the phase (set-up phases may run on several threads at once); must be thread-safe and quick.
 */
@FunctionalInterface
public interface PhaseListener {
  /** Ignores every phase. */
  PhaseListener NONE = (name, took) -> {};

  /**
   * @param name the phase, e.g. {@code network}, {@code job container start}, {@code remove
   *     containers}
   * @param took its wall-clock time
   */
  void phase(String name, Duration took);
}
