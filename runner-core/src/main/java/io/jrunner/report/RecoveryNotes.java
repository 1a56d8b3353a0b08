// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.proto.runner.v1.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon-log lines {@link SpoolRecovery} writes when a left-over spool or step layout was only
 * partly readable (cut short by a crash or a full disk): what was recovered and what was not.
 * Stateless.
 */
final class RecoveryNotes {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryNotes.class);

  private RecoveryNotes() {}

  /**
   * @param tornAt the spool offset where unreadable bytes start, or -1
   * @param layout the step layout read back, empty when missing or unreadable
   */
  static void log(long taskId, long tornAt, Optional<TaskState> layout, Path spoolDir) {
    if (tornAt >= 0) {
      LOG.warn(
          "task {}: the spool ends in a torn record at byte {} (cut short by a crash or a full"
              + " disk); the rows before it are recovered, the rest is lost",
          taskId,
          tornAt);
    }
    Path state = SpoolState.pathOf(spoolDir, taskId);
    if (layout.isEmpty() && Files.exists(state)) {
      LOG.warn(
          "task {}: the step layout {} cannot be read (cut short or damaged); the task is reported"
              + " failed without closing its steps one by one",
          taskId,
          state.getFileName());
    }
  }
}
