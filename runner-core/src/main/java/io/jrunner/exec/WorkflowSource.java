// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.model.WorkflowRef;

/**
 * Reads the file of a reusable workflow ({@code jobs.<id>.uses}): a local one from the caller's
 * repository at the run's commit (the daemon) or from the working copy ({@code jrunner exec}), a
 * remote one from the Forgejo instance.
 *
 * <p>Threading: thread-safe.
 */
public interface WorkflowSource {
  /**
   * A workflow file's text.
   *
   * @param key identifies the file and its version (repository, commit and path), for cycle
   *     detection and log lines
   */
  record Loaded(String key, String yaml) {}

  /**
   * @param log receives progress lines for the job log
   * @throws WorkflowCallException when the file cannot be read (the message names the reference,
   *     and says when the repository may be private)
   */
  Loaded load(WorkflowRef ref, LineSink log) throws WorkflowCallException, InterruptedException;

  /** A source that reads nothing: every call fails with {@code reason}. */
  static WorkflowSource unavailable(String reason) {
    return (ref, log) -> {
      throw new WorkflowCallException("cannot read " + ref.uses() + ": " + reason);
    };
  }
}
