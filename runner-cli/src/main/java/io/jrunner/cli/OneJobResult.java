// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.util.Optional;

/**
 * {@code one-job}'s ending: prints the task's result as the last line on stdout ({@code result:
 * success}) and picks the exit code (the table in docs/operations.md): 0 when the server
 * acknowledged a result, whatever it is, so an orchestrator does not retry a reported task; 1 when
 * it did not; with {@code --job-exit-code}, 1 also for a result other than success.
 */
final class OneJobResult {
  private OneJobResult() {}

  static int exitCode(Optional<String> result, boolean jobExitCode) {
    String r = result.orElse("unknown");
    System.out.println("result: " + r);
    System.out.flush();
    if (r.equals("unknown")) {
      return ExitCode.FAILURE.code();
    }
    if (jobExitCode && !r.equals("success")) {
      return ExitCode.JOB_FAILED.code();
    }
    return ExitCode.OK.code();
  }
}
