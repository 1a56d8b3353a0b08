// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

/**
 * The rows of the side-by-side table, in print order. {@code percentile} is applied to all samples
 * of a cell (50 = the median across interleaved runs, or of pooled line latencies); {@code scale}
 * turns the stored unit into the printed one.
 */
enum Metric {
  IDLE_RSS("idle daemon RSS (median over the window)", "MiB", 50, 1 / 1024.0),
  IDLE_PSS("idle daemon PSS (median over the window)", "MiB", 50, 1 / 1024.0),
  IDLE_CPU("idle CPU (schedstat, % of one core)", "%", 50, 1),
  IDLE_REQUESTS("idle requests per minute (FetchTask)", "/min", 50, 1),
  STARTUP("process start → first FetchTask (every daemon start)", "s", 50, 1 / 1000.0),
  ONE_STEP_TOTAL("1-step job: task → final report", "s", 50, 1 / 1000.0),
  ONE_STEP_FIXED("1-step job: set-up + tear-down", "s", 50, 1 / 1000.0),
  ONE_STEP_NEXT_FIXED("1-step job, the daemon's second: set-up + tear-down", "s", 50, 1 / 1000.0),
  TWENTY_TOTAL("20-step job: task → final report", "s", 50, 1 / 1000.0),
  TWENTY_STEP("20-step job: one step `run: true` (median step)", "ms", 50, 1),
  TWENTY_FIXED("20-step job: set-up + tear-down", "s", 50, 1 / 1000.0),
  LINES_TOTAL("N-line job: task → final report", "s", 50, 1 / 1000.0),
  LINES_RATE("N-line job: throughput", "lines/s", 50, 1),
  LINES_REQUESTS("N-line job: requests per second (UpdateLog + UpdateTask)", "/s", 50, 1),
  LINES_PEAK("N-line job: daemon peak RSS (VmHWM)", "MiB", 50, 1 / 1024.0),
  CAPACITY_TOTAL("capacity C, C concurrent jobs: enqueue → last final report", "s", 50, 1 / 1000.0),
  CAPACITY_PEAK("capacity C, C concurrent jobs: daemon peak RSS (VmHWM)", "MiB", 50, 1 / 1024.0),
  CAPACITY_LAG_P50("capacity C, C concurrent jobs: log lag p50", "ms", 50, 1),
  CAPACITY_LAG_P99("capacity C, C concurrent jobs: log lag p99", "ms", 99, 1),
  SPARSE_P50("sparse log: line printed → acked at the fake, p50", "ms", 50, 1),
  SPARSE_P99("sparse log: line printed → acked at the fake, p99", "ms", 99, 1),
  DOCKER_EXEC("raw `docker exec … true` (Engine API)", "ms", 50, 1),
  DOCKER_RUN("raw `docker run --rm … true` (Engine API)", "ms", 50, 1);

  final String label;
  final String unit;
  final double percentile;
  final double scale;

  Metric(String label, String unit, double percentile, double scale) {
    this.label = label;
    this.unit = unit;
    this.percentile = percentile;
    this.scale = scale;
  }

  /** The raw Docker figure printed next to this row, or null. */
  Metric floor() {
    return switch (this) {
      case TWENTY_STEP -> DOCKER_EXEC;
      case ONE_STEP_FIXED, ONE_STEP_NEXT_FIXED, TWENTY_FIXED -> DOCKER_RUN;
      default -> null;
    };
  }
}
