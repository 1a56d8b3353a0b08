// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the daemon keeps its local job log copies ({@link LocalLogCopy}), from {@code
 * log.job_log_retention} and {@code log.job_log_max_files}. The daemon calls {@link #sweep} at
 * start and after each task. Immutable; sweeping is safe from any thread (a copy being written is
 * the newest file, so it is kept unless {@code maxFiles} is reached by newer ones).
 *
 * @param dir the copies' directory ({@code log.job_log_dir})
 * @param maxAge copies last written longer ago are deleted
 * @param maxFiles at most this many copies are kept, the newest
 */
public record LogRetention(Path dir, Duration maxAge, int maxFiles) {
  private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

  public LogRetention {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxFiles < 1) {
      throw new IllegalArgumentException("maxFiles must be at least 1");
    }
  }

  /**
   * Deletes the copies beyond the limits; an I/O error is logged, never thrown.
   *
   * @return how many copies were deleted
   */
  public int sweep(Instant now) {
    try {
      int deleted = LocalLogCopy.sweep(dir, maxAge, maxFiles, now);
      if (deleted > 0) {
        LOG.info("deleted {} old job log file(s) in {}", deleted, dir);
      }
      return deleted;
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot sweep the job log copies in {}: {}", dir, e.toString());
      return 0;
    }
  }
}
