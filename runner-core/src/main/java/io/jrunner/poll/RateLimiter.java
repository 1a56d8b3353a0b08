// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most one permit per interval, burst 1, shared by every caller: the runner's whole fetch rate
 * (forgejo-runner's {@code rate.Every(fetch_interval)}). Thread-safe.
 */
public final class RateLimiter {
  private final Duration interval;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock();
  private Instant next;

  public RateLimiter(Duration interval, Clock clock, Sleeper sleeper) {
    this.interval = interval;
    this.clock = clock;
    this.sleeper = sleeper;
    this.next = Instant.MIN;
  }

  /**
   * Waits for the next permit.
   *
   * @return false when {@code lifetime} was cancelled first (no permit taken)
   */
  public boolean acquire(Cancellation lifetime) throws InterruptedException {
    Duration wait;
    lock.lock();
    try {
      Instant now = clock.instant();
      Instant slot = next.isAfter(now) ? next : now;
      wait = Duration.between(now, slot);
      next = slot.plus(interval);
    } finally {
      lock.unlock();
    }
    if (wait.isZero() || wait.isNegative()) {
      return !lifetime.isCancelled();
    }
    return !sleeper.sleep(wait, lifetime);
  }
}
