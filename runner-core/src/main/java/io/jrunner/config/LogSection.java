// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code log:} settings. Levels are {@code trace}, {@code debug}, {@code info}, {@code warn},
 * {@code error} or {@code fatal} (logrus also accepts {@code warning} and {@code panic}).
 * Immutable.
 *
 * @param level the runner's own log level (default {@code info})
 * @param jobLevel the least level of runner messages written into job logs (default {@code info})
 * @param jobLogDir jrunner: where the runner keeps its own masked copy of each job's log ({@code
 *     task-<id>.log}, mode {@code 0600}); relative paths are relative to the working directory;
 *     empty (the default) keeps no copy
 * @param jobLogRetention jrunner: copies older than this are deleted (default 7 days)
 * @param jobLogMaxFiles jrunner: at most this many copies are kept, the oldest go first (default
 *     1000)
 */
public record LogSection(
    String level,
    String jobLevel,
    Optional<Path> jobLogDir,
    Duration jobLogRetention,
    int jobLogMaxFiles) {
  static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "warning", "error", "fatal", "panic");

  /** Default of {@code job_log_retention}. */
  public static final Duration JOB_LOG_RETENTION = Duration.ofDays(7);

  /** Default of {@code job_log_max_files}. */
  public static final int JOB_LOG_MAX_FILES = 1000;

  public LogSection {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(jobLevel, "jobLevel");
    Objects.requireNonNull(jobLogDir, "jobLogDir");
    Objects.requireNonNull(jobLogRetention, "jobLogRetention");
    if (!jobLogRetention.isPositive() || jobLogMaxFiles < 1) {
      throw new IllegalArgumentException("job log retention and max files must be positive");
    }
  }

  /** The levels given, and no local copy of job logs. */
  public LogSection(String level, String jobLevel) {
    this(level, jobLevel, Optional.empty(), JOB_LOG_RETENTION, JOB_LOG_MAX_FILES);
  }

  /** {@code info} and {@code info}, no local copy of job logs. */
  public static LogSection defaults() {
    return new LogSection("info", "info");
  }

  static LogSection read(YamlSection s, String legacyLevel, LoadContext context) {
    String level = s.nonEmptyString("level", legacyLevel == null ? "info" : legacyLevel);
    String jobLevel = s.nonEmptyString("job_level", "info");
    check(s, "level", level);
    check(s, "job_level", jobLevel);
    Optional<Path> dir = Optional.ofNullable(s.path("job_log_dir", null));
    Duration retention = s.duration("job_log_retention");
    long maxFiles = s.integer("job_log_max_files", JOB_LOG_MAX_FILES, 1, Integer.MAX_VALUE);
    s.warnUnknownKeys();
    dir.map(d -> context.workingDirectory().resolve(d))
        .filter(d -> Files.exists(d) && !Files.isDirectory(d))
        .ifPresent(
            d ->
                s.diagnostics()
                    .problem(
                        s.locate("job_log_dir"),
                        s.keyPath("job_log_dir") + ": " + d + " exists and is not a directory"));
    return new LogSection(
        level,
        jobLevel,
        dir,
        retention == null || !retention.isPositive() ? JOB_LOG_RETENTION : retention,
        (int) maxFiles);
  }

  private static void check(YamlSection s, String key, String level) {
    if (!LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
      s.diagnostics()
          .problem(
              s.locate(key),
              s.keyPath(key)
                  + ": unknown level \""
                  + level
                  + "\" (use trace, debug, info, warn, error or fatal)");
    }
  }
}
