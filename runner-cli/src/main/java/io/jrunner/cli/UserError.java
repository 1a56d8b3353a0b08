// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

/**
 * A failure the user can act on: printed as one line ({@code jrunner: error: <message>}), never as
 * a stack trace, and mapped to its exit code by {@link ErrorHandler}.
 */
public final class UserError extends Exception {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public UserError(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserError(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
