// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Duration> waits = new ArrayList<>();

  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };

  private final RateLimiter limiter =
      new RateLimiter(
          Duration.ofSeconds(2),
          clock,
          (d, lifetime) -> {
            waits.add(d);
            now = now.plus(d);
            return lifetime.isCancelled();
          });

  @Test
  void onePermitPerIntervalAcrossCallers() throws Exception {
    Cancellation lifetime = Cancellation.root();

    limiter.acquire(lifetime);
    limiter.acquire(lifetime);
    now = now.plusMillis(500);
    limiter.acquire(lifetime);
    now = now.plusSeconds(10);
    limiter.acquire(lifetime);

    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(1500));
  }

  @Test
  void acquire_returnsFalseWhenCancelled() throws Exception {
    Cancellation lifetime = Cancellation.root();
    limiter.acquire(lifetime);
    lifetime.cancel(CancelReason.RUNNER_SHUTDOWN);

    assertThat(limiter.acquire(lifetime)).isFalse();
  }
}
