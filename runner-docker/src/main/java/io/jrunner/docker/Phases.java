// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.exec.BackendException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Times phases for a {@link PhaseListener} and the debug log. Thread-safe. */
final class Phases {
  private static final Logger LOG = LoggerFactory.getLogger(Phases.class);

  /** A phase's work. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws BackendException;
  }

  /** A phase's work without a result. */
  @FunctionalInterface
  interface Step {
    void run() throws BackendException;
  }

  private final PhaseListener listener;

  Phases(PhaseListener listener) {
    this.listener = listener;
  }

  <T> T time(String name, Work<T> work) throws BackendException {
    long t0 = System.nanoTime();
    try {
      return work.run();
    } finally {
      done(name, t0);
    }
  }

  void run(String name, Step step) throws BackendException {
    long t0 = System.nanoTime();
    try {
      step.run();
    } finally {
      done(name, t0);
    }
  }

  /** Reports a phase that started at {@code t0} ({@link System#nanoTime()}). */
  void done(String name, long t0) {
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    LOG.debug("phase {}: {} ms", name, took.toMillis());
    listener.phase(name, took);
  }
}
