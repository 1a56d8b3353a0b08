// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.client.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link TaskReporter} paces and keeps a task's log. Constructor parameters with documented
 * defaults ({@link #defaults}); only {@code reportInterval} and the final retry come from {@code
 * config.yaml} today (docs/reporting.md).
 *
 * @param reportInterval the longest an idle task goes without an {@code UpdateTask} heartbeat
 *     (config {@code runner.report_interval}, default 1 s)
 * @param minSpacing the least time between two flushes of one task; bounds the request rate (250
 *     ms: at most 4 flushes a second plus one heartbeat)
 * @param maxBatchBytes the most row content in one {@code UpdateLog} (1 MiB)
 * @param memoryBytes the in-memory window of unacknowledged rows; beyond it rows stay on disk only
 *     (4 MiB of estimated heap; a flood goes through the spool, which holds every row anyway)
 * @param spoolDir where the per-task write-ahead spools live ({@code 0700} directory, {@code 0600}
 *     files)
 * @param logDir where the local copy of each job's log goes; empty for none
 * @param finalRetry backoff of the final report (config {@code runner.report_retry})
 * @param finalDeadline how long the final report may take in all, whatever the retry policy allows
 *     (10 min)
 * @param stepDebug whether {@code ::debug::} lines are shown ({@code ACTIONS_STEP_DEBUG})
 */
public record ReporterSettings(
    Duration reportInterval,
    Duration minSpacing,
    long maxBatchBytes,
    long memoryBytes,
    Path spoolDir,
    Optional<Path> logDir,
    RetryPolicy finalRetry,
    Duration finalDeadline,
    boolean stepDebug) {

  public ReporterSettings {
    Objects.requireNonNull(reportInterval, "reportInterval");
    Objects.requireNonNull(minSpacing, "minSpacing");
    Objects.requireNonNull(spoolDir, "spoolDir");
    Objects.requireNonNull(logDir, "logDir");
    Objects.requireNonNull(finalRetry, "finalRetry");
    Objects.requireNonNull(finalDeadline, "finalDeadline");
    if (reportInterval.isNegative()
        || reportInterval.isZero()
        || maxBatchBytes < 1
        || memoryBytes < 1) {
      throw new IllegalArgumentException("invalid reporter settings");
    }
  }

  /** The defaults above, spooling to {@code spoolDir}, with no local log copy. */
  public static ReporterSettings defaults(Path spoolDir) {
    return new ReporterSettings(
        Duration.ofSeconds(1),
        Duration.ofMillis(250),
        1024 * 1024,
        4L * 1024 * 1024,
        spoolDir,
        Optional.empty(),
        new RetryPolicy(0, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0),
        Duration.ofMinutes(10),
        false);
  }

  public ReporterSettings withReportInterval(Duration value) {
    return new ReporterSettings(
        value,
        minSpacing,
        maxBatchBytes,
        memoryBytes,
        spoolDir,
        logDir,
        finalRetry,
        finalDeadline,
        stepDebug);
  }

  public ReporterSettings withLogDir(Path value) {
    return new ReporterSettings(
        reportInterval,
        minSpacing,
        maxBatchBytes,
        memoryBytes,
        spoolDir,
        Optional.of(value),
        finalRetry,
        finalDeadline,
        stepDebug);
  }

  public ReporterSettings withFinalRetry(RetryPolicy retry, Duration deadline) {
    return new ReporterSettings(
        reportInterval,
        minSpacing,
        maxBatchBytes,
        memoryBytes,
        spoolDir,
        logDir,
        retry,
        deadline,
        stepDebug);
  }

  public ReporterSettings withMemoryBytes(long value) {
    return new ReporterSettings(
        reportInterval,
        minSpacing,
        maxBatchBytes,
        value,
        spoolDir,
        logDir,
        finalRetry,
        finalDeadline,
        stepDebug);
  }

  public ReporterSettings withMaxBatchBytes(long value) {
    return new ReporterSettings(
        reportInterval,
        minSpacing,
        value,
        memoryBytes,
        spoolDir,
        logDir,
        finalRetry,
        finalDeadline,
        stepDebug);
  }
}
