// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.time.Duration;
import java.util.Map;

/**
 * The default of {@code runner.shutdown_timeout} when the config file does not set it: {@value
 * #VARIABLE} (a Go duration such as {@code 0s} or {@code 30m}) if set, else 3h. The container image
 * sets it to {@code 0s}, which fits {@code docker stop}'s 10 s grace (docs/container.md). A value
 * in the file always wins.
 */
final class ShutdownDefault {
  static final String VARIABLE = "JRUNNER_SHUTDOWN_TIMEOUT";

  private ShutdownDefault() {}

  static Duration of(Map<String, String> environment, Duration fallback, Diagnostics diagnostics) {
    String value = environment.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      Duration d = GoDuration.parse(value.strip());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (IllegalArgumentException e) {
      diagnostics.problem(
          null,
          VARIABLE + ": expected a duration such as 0s, 90s or 30m, got \"" + value.strip() + "\"");
      return fallback;
    }
  }
}
