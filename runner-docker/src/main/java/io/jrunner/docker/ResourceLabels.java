// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.util.List;
import java.util.Map;

/**
 * The labels on every container, network and volume jrunner creates, so that cleanup and the
 * start-up sweep find exactly this runner's objects.
 */
public final class ResourceLabels {
  public static final String RUNNER = "io.jrunner.runner";
  public static final String TASK = "io.jrunner.task";

  private ResourceLabels() {}

  public static Map<String, String> of(String runnerId, long taskId) {
    return Map.of(RUNNER, runnerId, TASK, Long.toString(taskId));
  }

  /** A Docker API label filter matching every object of one runner. */
  public static List<String> runnerFilter(String runnerId) {
    return List.of(RUNNER + "=" + runnerId);
  }
}
