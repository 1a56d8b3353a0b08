// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cancel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lifetime that can be cancelled once, with a reason, like Go's context: children are cancelled
 * with their parent, listeners run once on cancellation, and waits wake up.
 *
 * <p>Thread-safe. Listeners run on the cancelling thread and must not block.
 */
public final class Cancellation {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition cancelled = lock.newCondition();
  private final List<Runnable> listeners = new ArrayList<>();
  private CancelReason reason;

  private Cancellation() {}

  /** A root lifetime that ends only when cancelled. */
  public static Cancellation root() {
    return new Cancellation();
  }

  /** A child cancelled with this one (with the parent's reason), or alone. */
  public Cancellation child() {
    Cancellation child = new Cancellation();
    onCancel(() -> child.cancel(reason().orElse(CancelReason.RUNNER_SHUTDOWN)));
    return child;
  }

  /** Cancels with a reason; the first reason wins, later calls do nothing. */
  public void cancel(CancelReason why) {
    List<Runnable> toRun;
    lock.lock();
    try {
      if (reason != null) {
        return;
      }
      reason = why;
      cancelled.signalAll();
      toRun = List.copyOf(listeners);
      listeners.clear();
    } finally {
      lock.unlock();
    }
    toRun.forEach(Runnable::run);
  }

  public boolean isCancelled() {
    return reason().isPresent();
  }

  public Optional<CancelReason> reason() {
    lock.lock();
    try {
      return Optional.ofNullable(reason);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code listener} once when cancelled; at once if already cancelled. */
  public void onCancel(Runnable listener) {
    lock.lock();
    try {
      if (reason == null) {
        listeners.add(listener);
        return;
      }
    } finally {
      lock.unlock();
    }
    listener.run();
  }

  /**
   * Sleeps up to {@code duration}, waking early on cancellation.
   *
   * @return true when cancelled (now or before), false when the time passed
   */
  public boolean await(Duration duration) throws InterruptedException {
    long nanos = duration.toNanos();
    lock.lock();
    try {
      while (reason == null && nanos > 0) {
        nanos = cancelled.awaitNanos(nanos);
      }
      return reason != null;
    } finally {
      lock.unlock();
    }
  }
}
