// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

/**
 * Receives a job's events. Called from the job's thread and from output reader threads;
 * implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface JobListener {
  void onEvent(JobEvent event);
}
