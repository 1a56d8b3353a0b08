// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jrunner.proto.runner.v1.TaskState;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last step layout a task sent, kept beside its spool as {@code task-<id>.state} (the {@code
 * TaskState} message, mode {@code 0600}), so that {@link SpoolRecovery} can close every step of a
 * task that a killed runner left running: without it the web UI would show the running step as
 * running for ever.
 *
 * <p>Written atomically (a temporary file renamed over the old one), so a crash leaves the previous
 * or the new state, never a torn one. Stateless and thread-safe for distinct tasks; one writer per
 * task. Errors are the file system's {@link IOException}s.
 */
final class SpoolState {
  private SpoolState() {}

  static Path pathOf(Path dir, long taskId) {
    return dir.resolve("task-" + taskId + ".state");
  }

  /** Replaces the stored state of the task. */
  static void write(Path dir, long taskId, TaskState state) throws IOException {
    PrivateFiles.directory(dir);
    Path target = pathOf(dir, taskId);
    Path tmp = dir.resolve("task-" + taskId + ".state.tmp");
    PrivateFiles.fresh(tmp);
    Files.write(tmp, state.toByteArray());
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The stored state; empty when there is none or it cannot be decoded. */
  static Optional<TaskState> read(Path dir, long taskId) throws IOException {
    try {
      return Optional.of(TaskState.parseFrom(Files.readAllBytes(pathOf(dir, taskId))));
    } catch (NoSuchFileException | InvalidProtocolBufferException e) {
      return Optional.empty();
    }
  }

  /** Removes the stored state (and a temporary file a crash may have left). */
  static void delete(Path dir, long taskId) throws IOException {
    Files.deleteIfExists(pathOf(dir, taskId));
    Files.deleteIfExists(dir.resolve("task-" + taskId + ".state.tmp"));
  }
}
