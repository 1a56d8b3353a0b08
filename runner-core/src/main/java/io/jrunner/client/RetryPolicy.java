// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter and a cap: attempt {@code n} (1-based) waits a random time
 * in {@code [d/2, d]} where {@code d = min(maxDelay, initialDelay * multiplier^(n-1))}.
 *
 * @param maxAttempts attempts in all, including the first; 0 means no limit (the caller's deadline
 *     or cancellation ends it)
 * @param initialDelay the wait after the first failure
 * @param maxDelay the largest wait
 * @param multiplier growth per attempt, at least 1
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {

  /** Daemon calls (Declare, polling errors): 1 s doubling up to 30 s, no attempt limit. */
  public static final RetryPolicy DAEMON =
      new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 0 || multiplier < 1 || initialDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("invalid retry policy " + maxAttempts + "/" + multiplier);
    }
  }

  /** Whether another attempt may follow attempt number {@code attempt} (1-based). */
  public boolean allowsAnotherAfter(int attempt) {
    return maxAttempts == 0 || attempt < maxAttempts;
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration delayAfter(int attempt, RandomGenerator random) {
    double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, maxDelay.toMillis());
    long millis = (long) (capped / 2 + random.nextDouble() * capped / 2);
    return Duration.ofMillis(Math.max(0, millis));
  }
}
