// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code runner.report_retry:}: how the final log/state report of a task is retried. The delay
 * starts at {@code initialDelay} and doubles each attempt, capped at {@code maxDelay}. Immutable.
 *
 * @param maxRetries attempts after the first (default 10; {@code 0} in the file means the default)
 * @param initialDelay first delay (default 100ms; zero or negative means the default)
 * @param maxDelay cap on the delay; {@link Duration#ZERO} (the default) means no cap
 */
public record ReportRetry(int maxRetries, Duration initialDelay, Duration maxDelay) {
  public ReportRetry {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
  }

  /** 10 retries from 100ms, no cap. */
  public static ReportRetry defaults() {
    return new ReportRetry(10, Duration.ofMillis(100), Duration.ZERO);
  }

  static ReportRetry read(YamlSection s) {
    ReportRetry d = defaults();
    // yaml.v3 decodes max_retries into a uint: negative is an error, 0 means the default
    int maxRetries = (int) s.integer("max_retries", 0, 0, Integer.MAX_VALUE);
    Duration initial = s.duration("initial_delay");
    Duration max = s.duration("max_delay");
    s.warnUnknownKeys();
    return new ReportRetry(
        maxRetries == 0 ? d.maxRetries() : maxRetries,
        initial == null || !initial.isPositive() ? d.initialDelay() : initial,
        max == null || max.isNegative() ? Duration.ZERO : max);
  }
}
