// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import com.google.protobuf.Struct;
import io.jrunner.cache.CacheRuns;
import io.jrunner.cache.WriteIsolation;
import io.jrunner.proto.runner.v1.Task;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Registers a task's run with the cache proxy (forgejo-runner's {@code Runner.run}): repository,
 * run id and the write-isolation key of its event. Stateless.
 */
final class TaskCache {
  private TaskCache() {}

  /**
   * The task's cache lease, or empty when the runner has no cache or the event is a pull request
   * without a {@code refs/pull/} ref (then {@code warn} gets a line and the job has no cache).
   */
  static Optional<CacheRuns.Lease> open(CacheRuns runs, Task task, Consumer<String> warn) {
    Struct event =
        task.getContext()
            .getFieldsMap()
            .getOrDefault("event", com.google.protobuf.Value.getDefaultInstance())
            .getStructValue();
    String action =
        event.getFieldsMap().containsKey("action")
            ? event.getFieldsMap().get("action").getStringValue()
            : "";
    com.google.protobuf.Value merged =
        event
            .getFieldsMap()
            .getOrDefault("pull_request", com.google.protobuf.Value.getDefaultInstance())
            .getStructValue()
            .getFieldsMap()
            .get("merged");
    String key;
    try {
      key =
          WriteIsolation.key(
              TaskContexts.string(task, "event_name"),
              TaskContexts.string(task, "ref"),
              action,
              merged != null && merged.hasBoolValue()
                  ? Optional.of(merged.getBoolValue())
                  : Optional.empty());
    } catch (IllegalArgumentException e) {
      warn.accept("Warning: this job gets no cache: " + e.getMessage());
      return Optional.empty();
    }
    return runs.open(
        TaskContexts.string(task, "repository"), TaskContexts.string(task, "run_id"), key);
  }
}
