// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cancel;

/** Why a lifetime ended. */
public enum CancelReason {
  /** The server reported the task cancelled or failed (UpdateTask response). */
  SERVER_CANCELLED,
  /** A deadline passed (job timeout, {@code runner.timeout}). */
  TIMEOUT,
  /** The runner is stopping (SIGTERM, after {@code shutdown_timeout}). */
  RUNNER_SHUTDOWN
}
