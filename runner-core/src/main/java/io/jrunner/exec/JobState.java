// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.JobStatus;

/** A job's running status: failed yet, cancelled yet. Owned by the job's thread. */
final class JobState {
  private final Cancellation cancel;
  private boolean failed;

  JobState(Cancellation cancel) {
    this.cancel = cancel;
  }

  Cancellation cancellation() {
    return cancel;
  }

  void fail() {
    failed = true;
  }

  boolean cancelled() {
    return cancel.isCancelled();
  }

  /** What success(), failure() and cancelled() see. */
  JobStatus.State status() {
    if (cancelled()) {
      return JobStatus.State.CANCELLED;
    }
    return failed ? JobStatus.State.FAILURE : JobStatus.State.SUCCESS;
  }

  Conclusion result() {
    if (cancelled()) {
      return Conclusion.CANCELLED;
    }
    return failed ? Conclusion.FAILURE : Conclusion.SUCCESS;
  }
}
