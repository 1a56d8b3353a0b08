// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is said when a task's spool cannot be written (typically a full file system) and its {@link
 * RowQueue} keeps the log in memory instead: one line in the daemon's log when it happens, one
 * warning in the job's log at its end. Stateless; called under the reporter's lock.
 */
final class SpoolFallback {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolFallback.class);

  private SpoolFallback() {}

  /** Logs the fallback once per task, the first time the queue reports it. */
  static void noticed(TaskReporter r, RowQueue queue) {
    if (r.spoolFallbackLogged || queue.spoolFailure().isEmpty()) {
      return;
    }
    r.spoolFallbackLogged = true;
    LOG.warn(
        "task {}: cannot write the spool ({}); its log is kept in memory until the server has"
            + " it, and a crash now would lose it",
        r.taskId,
        describe(queue.spoolFailure().get()));
  }

  /** The job-log warning, when the spool was given up. */
  static Optional<String> warning(RowQueue queue) {
    return queue
        .spoolFailure()
        .map(
            e ->
                "Warning: the runner could not write this job's log spool ("
                    + describe(e)
                    + "); the log was kept in memory instead. Free space where the runner keeps"
                    + " its spool (next to the .runner file)");
  }

  /** An I/O error for a log line, without the exception's class name. */
  static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "a file system error";
    }
    return switch (e) {
      case java.nio.file.NoSuchFileException n -> "no such file: " + message;
      case java.nio.file.AccessDeniedException a -> "permission denied: " + message;
      case java.nio.file.FileAlreadyExistsException f -> "the file exists already: " + message;
      default -> message;
    };
  }
}
