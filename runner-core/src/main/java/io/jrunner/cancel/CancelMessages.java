// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cancel;

import java.time.Duration;
import java.util.Optional;

/**
 * The job-log line that says why a job was stopped when its steps did not end it, in GitHub
 * Actions' words: the server cancelled it ("The operation was canceled."), the runner is shutting
 * down ("The runner has received a shutdown signal. …"), or {@code timeout-minutes} was reached
 * ("The job has exceeded the maximum execution time of 1h0m0s"). Pure and thread-safe.
 */
public final class CancelMessages {
  /** A cancel from the server: Cancel pressed in the UI, or the run stopped by the API. */
  public static final String SERVER_CANCELLED =
      "The run was cancelled on the server. The operation was canceled.";

  /** The runner stopped (SIGTERM, {@code shutdown_timeout} passed) while the job ran. */
  public static final String RUNNER_SHUTDOWN =
      "The runner has received a shutdown signal. This can happen when the runner service is"
          + " stopped, or a manually started runner is canceled.";

  private CancelMessages() {}

  /**
   * The line for a job cancelled by its parent lifetime (the server or the runner); empty for
   * {@link CancelReason#TIMEOUT}, whose line names the limit ({@link #timeout(Duration)}).
   */
  public static Optional<String> of(CancelReason reason) {
    return switch (reason) {
      case SERVER_CANCELLED -> Optional.of(SERVER_CANCELLED);
      case RUNNER_SHUTDOWN -> Optional.of(RUNNER_SHUTDOWN);
      case TIMEOUT -> Optional.empty();
    };
  }

  /** {@code timeout-minutes} reached: GitHub's line, the limit written as Go writes a duration. */
  public static String timeout(Duration limit) {
    return "The job has exceeded the maximum execution time of " + goDuration(limit);
  }

  /** {@code 1h0m0s}, {@code 45m0s}, {@code 30s}, {@code 1.5s}: Go's {@code Duration.String}. */
  static String goDuration(Duration d) {
    long millis = d.toMillis();
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    long secondsMillis = millis % 60_000;
    String seconds =
        secondsMillis % 1000 == 0
            ? Long.toString(secondsMillis / 1000)
            : java.math.BigDecimal.valueOf(secondsMillis, 3).stripTrailingZeros().toPlainString();
    if (hours > 0) {
      return hours + "h" + minutes + "m" + seconds + "s";
    }
    if (minutes > 0) {
      return minutes + "m" + seconds + "s";
    }
    return seconds + "s";
  }
}
