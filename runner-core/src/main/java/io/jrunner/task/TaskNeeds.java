// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobCondition;
import io.jrunner.expr.JobStatus;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Task;
import io.jrunner.proto.runner.v1.TaskNeed;
import java.util.List;

/**
 * The results of a task's needed jobs ({@code Task.needs}) as the status functions of its {@code
 * if:} see them. The server sends the job's direct needs only, so a failure further up reaches the
 * job only through the results of its direct needs. Stateless.
 */
final class TaskNeeds {
  private TaskNeeds() {}

  /** {@link JobCondition#needState} over the task's needs. */
  static JobStatus.State state(Task task) {
    List<Conclusion> results =
        task.getNeedsMap().values().stream().map(TaskNeed::getResult).map(TaskNeeds::of).toList();
    return JobCondition.needState(results);
  }

  /** A need's result; one the server did not settle counts as a failure. */
  static Conclusion of(Result result) {
    return switch (result) {
      case RESULT_SUCCESS -> Conclusion.SUCCESS;
      case RESULT_SKIPPED -> Conclusion.SKIPPED;
      case RESULT_CANCELLED -> Conclusion.CANCELLED;
      case RESULT_FAILURE, RESULT_UNSPECIFIED, UNRECOGNIZED -> Conclusion.FAILURE;
    };
  }
}
