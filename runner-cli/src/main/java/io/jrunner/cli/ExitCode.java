// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

/**
 * The process exit codes, documented in docs/operations.md. systemd restarts on any non-zero code
 * except {@link #CREDENTIALS_REJECTED} and {@link #CONFIG} (the unit's RestartPreventExitStatus),
 * where a restart cannot help.
 */
public enum ExitCode {
  OK(0),
  /**
   * A runtime failure: the server could not be reached, a call failed, an I/O error; for {@code
   * one-job}, a task whose result the server did not acknowledge.
   */
  FAILURE(1),
  /** {@code one-job --job-exit-code}: the job ran, was reported, and did not succeed. */
  JOB_FAILED(1),
  /** Bad command line (picocli's usage code). */
  USAGE(2),
  /** {@code one-job} found no task (forgejo-runner v13 uses 2 as well). */
  NO_TASK(2),
  /** Invalid configuration, labels or registration file. */
  CONFIG(3),
  /** The server rejected the runner's credentials or the registration token. */
  CREDENTIALS_REJECTED(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
