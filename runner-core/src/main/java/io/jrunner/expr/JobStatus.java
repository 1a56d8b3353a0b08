// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

/**
 * Where {@code success()}, {@code failure()} and {@code cancelled()} read the state of the job (or,
 * inside a composite action, of its steps so far). The engine provides it; implementations must be
 * safe to call from the evaluating thread at any time and must not block.
 */
@FunctionalInterface
public interface JobStatus {
  /** The state the status functions test. */
  enum State {
    /** Nothing has failed and the job was not cancelled: {@code success()} is true. */
    SUCCESS,
    /** A previous step (or a needed job) failed: {@code failure()} is true. */
    FAILURE,
    /** The run was cancelled: {@code cancelled()} is true. */
    CANCELLED,
    /**
     * For a job's own {@code if:}: a needed job was skipped (and none failed), so {@code
     * success()}, {@code failure()} and {@code cancelled()} are all false; only {@code always()} or
     * an expression without status function runs the job.
     */
    NEEDS_SKIPPED
  }

  State state();

  /** A status that never changes. */
  static JobStatus of(State state) {
    return () -> state;
  }
}
