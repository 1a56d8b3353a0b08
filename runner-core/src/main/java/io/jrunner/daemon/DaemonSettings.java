// SPDX-License-Identifier: Apache-2.0
package io.jrunner.daemon;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the daemon needs from the configuration.
 *
 * @param version the runner version declared to the server
 * @param labelNames label names declared to the server (schemes stay local)
 * @param capacity concurrent tasks, at least 1
 * @param fetchInterval the least time between two FetchTask calls, across all slots
 * @param fetchTimeout the deadline of one FetchTask
 * @param shutdownTimeout how long a graceful stop waits for running tasks before cancelling them
 */
public record DaemonSettings(
    String version,
    List<String> labelNames,
    int capacity,
    Duration fetchInterval,
    Duration fetchTimeout,
    Duration shutdownTimeout) {
  public DaemonSettings {
    Objects.requireNonNull(version, "version");
    labelNames = List.copyOf(labelNames);
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    Objects.requireNonNull(fetchInterval, "fetchInterval");
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
  }
}
