// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * {@code log:} settings. Levels are {@code trace}, {@code debug}, {@code info}, {@code warn},
 * {@code error} or {@code fatal} (logrus also accepts {@code warning} and {@code panic}).
 * Immutable.
 *
 * @param level the runner's own log level (default {@code info})
 * @param jobLevel the least level of runner messages written into job logs (default {@code info})
 */
public record LogSection(String level, String jobLevel) {
  static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "warning", "error", "fatal", "panic");

  public LogSection {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(jobLevel, "jobLevel");
  }

  /** {@code info} and {@code info}. */
  public static LogSection defaults() {
    return new LogSection("info", "info");
  }

  static LogSection read(YamlSection s, String legacyLevel) {
    String level = s.nonEmptyString("level", legacyLevel == null ? "info" : legacyLevel);
    String jobLevel = s.nonEmptyString("job_level", "info");
    check(s, "level", level);
    check(s, "job_level", jobLevel);
    s.warnUnknownKeys();
    return new LogSection(level, jobLevel);
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
