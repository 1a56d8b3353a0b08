// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.exec.Conclusion;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The closing table of {@code jrunner exec}: one row per job (matrix combination) with its result
 * and how long it took, in the order the jobs finished. Plain text with aligned columns, so it
 * reads the same in a terminal and in a CI log. Thread-safe.
 */
final class RunSummary {
  /**
   * One row.
   *
   * @param job the job's display name
   * @param result its result
   * @param time how long it ran; empty when it did not run
   * @param note why it did not run, or empty
   */
  record Row(String job, Conclusion result, Optional<Duration> time, String note) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    lock.lock();
    try {
      rows.add(row);
    } finally {
      lock.unlock();
    }
  }

  List<Row> rows() {
    lock.lock();
    try {
      return List.copyOf(rows);
    } finally {
      lock.unlock();
    }
  }

  /** Prints the table; nothing when no job was reached. */
  void print(PrintWriter out) {
    List<Row> all = rows();
    if (all.isEmpty()) {
      return;
    }
    int width = "JOB".length();
    for (Row r : all) {
      width = Math.max(width, r.job().length());
    }
    out.println();
    out.println("Summary");
    out.println(String.format("  %-" + width + "s  %-9s  %8s", "JOB", "RESULT", "TIME"));
    for (Row r : all) {
      out.println(
          String.format(
                  "  %-" + width + "s  %-9s  %8s",
                  r.job(),
                  r.result().contextValue(),
                  r.time().map(RunSummary::format).orElse("-"))
              + (r.note().isEmpty() ? "" : "  " + r.note()));
    }
    long failed = all.stream().filter(r -> r.result() == Conclusion.FAILURE).count();
    out.println(
        "  "
            + all.size()
            + " job(s): "
            + (all.size() - failed)
            + " ok"
            + (failed > 0 ? ", " + failed + " failed" : ""));
    out.flush();
  }

  /** {@code 0.42s}, {@code 12.3s}, {@code 2m05s}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format("%.2fs", ms / 1000.0);
    }
    if (ms < 60_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    return String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }
}
