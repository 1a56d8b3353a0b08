// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one process's memory and CPU from Linux {@code /proc}: RSS and PSS from {@code
 * smaps_rollup}, the peak RSS ({@code VmHWM}) from {@code status}, and on-CPU time from the
 * per-thread {@code schedstat} (nanoseconds the scheduler ran each thread, finer than {@code
 * stat}'s clock ticks).
 *
 * <p>Stateless and thread-safe. Every method throws {@link IOException} when the process is gone.
 */
final class ProcMetrics {
  private ProcMetrics() {}

  /** Resident and proportional set size in KiB. */
  record Memory(long rssKib, long pssKib) {}

  static Memory memory(long pid) throws IOException {
    long rss = -1;
    long pss = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
      if (line.startsWith("Rss:")) {
        rss = kib(line);
      } else if (line.startsWith("Pss:")) {
        pss = kib(line);
      }
    }
    if (rss < 0 || pss < 0) {
      throw new IOException("no Rss/Pss in /proc/" + pid + "/smaps_rollup");
    }
    return new Memory(rss, pss);
  }

  /** The process's peak resident set ({@code VmHWM}) in KiB. */
  static long peakRssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return kib(line);
      }
    }
    throw new IOException("no VmHWM in /proc/" + pid + "/status");
  }

  /**
   * On-CPU nanoseconds per live thread id. A thread that ends between two snapshots loses its time,
   * so {@link #cpuNanosBetween} counts new threads from zero; an idle daemon keeps its threads.
   */
  static Map<Long, Long> threadCpuNanos(long pid) throws IOException {
    Map<Long, Long> out = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        try {
          String first = Files.readString(task.resolve("schedstat")).trim().split(" ")[0];
          out.put(Long.parseLong(task.getFileName().toString()), Long.parseLong(first));
        } catch (NoSuchFileException gone) {
          // the thread ended while we listed it
        }
      }
    }
    return out;
  }

  /** CPU nanoseconds spent between two snapshots of {@link #threadCpuNanos}. */
  static long cpuNanosBetween(Map<Long, Long> before, Map<Long, Long> after) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  private static long kib(String line) {
    String[] parts = line.trim().split("\\s+");
    return Long.parseLong(parts[1]);
  }
}
