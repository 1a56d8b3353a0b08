// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import io.jrunner.cancel.Cancellation;
import io.jrunner.proto.runner.v1.Task;

/**
 * Runs one task end to end, including its final report to the server.
 *
 * <p>Threading: called on a dedicated virtual thread per task, concurrently for different tasks.
 * The call blocks until the task is finished and reported; the poller frees the capacity slot only
 * when it returns.
 *
 * <p>Errors: implementations report failures to the server themselves and must not throw; an
 * unexpected exception is logged by the poller and the slot freed.
 */
@FunctionalInterface
public interface TaskHandler {
  /**
   * @param task the task as the server sent it
   * @param lifetime cancelled when the runner stops without waiting any longer (after {@code
   *     shutdown_timeout}); the handler cancels the job then and still reports
   */
  void handle(Task task, Cancellation lifetime);
}
