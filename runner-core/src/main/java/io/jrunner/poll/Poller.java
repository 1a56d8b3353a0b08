// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RetryPolicy;
import io.jrunner.proto.runner.v1.Task;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch loop: while a capacity slot is free, waits for the shared {@link RateLimiter}, fetches
 * up to the free capacity, and runs each task on its own virtual thread. No request is made while
 * all slots are busy. Errors are retried with backoff; rejected credentials end the loop.
 *
 * <p>Threading: {@link #run()} runs on one thread (the daemon's); other methods are thread-safe.
 */
public final class Poller {
  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

  private final TaskFetcher fetcher;
  private final RateLimiter limiter;
  private final TaskHandler handler;
  private final int capacity;
  private final Cancellation polling;
  private final Cancellation jobs;
  private final Sleeper sleeper;
  private final RetryPolicy errorBackoff;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<Long> running = new HashSet<>();
  // Consecutive fetch failures; only the polling thread touches it.
  private int failures;

  /**
   * @param polling cancel to stop fetching (graceful stop); running tasks go on
   * @param jobs the parent lifetime of every task; cancel to stop them
   */
  public Poller(
      TaskFetcher fetcher,
      RateLimiter limiter,
      TaskHandler handler,
      int capacity,
      Cancellation polling,
      Cancellation jobs,
      Sleeper sleeper,
      RetryPolicy errorBackoff) {
    this.fetcher = fetcher;
    this.limiter = limiter;
    this.handler = handler;
    this.capacity = Math.max(1, capacity);
    this.polling = polling;
    this.jobs = jobs;
    this.sleeper = sleeper;
    this.errorBackoff = errorBackoff;
    polling.onCancel(this::wakeUp);
  }

  /**
   * Polls until the polling lifetime is cancelled or the server rejects the credentials.
   *
   * @throws ConnectException when the credentials were rejected (the runner must re-register)
   */
  public void run() throws InterruptedException, ConnectException {
    while (true) {
      int free = awaitFreeSlot();
      if (free == 0 || !limiter.acquire(polling)) {
        return;
      }
      Optional<List<Task>> tasks = fetch(free, true);
      if (tasks.isEmpty()) {
        return;
      }
      tasks.get().forEach(this::start);
    }
  }

  /**
   * {@code one-job}: fetches until a task arrives ({@code wait}) or once, runs what arrived and
   * waits until it has reported.
   *
   * @return whether a task ran
   * @throws ConnectException when the credentials were rejected, or any fetch error without {@code
   *     wait}
   */
  public boolean runOne(boolean wait) throws InterruptedException, ConnectException {
    while (limiter.acquire(polling)) {
      Optional<List<Task>> tasks = fetch(1, wait);
      if (tasks.isEmpty()) {
        return false;
      }
      if (!tasks.get().isEmpty()) {
        tasks.get().forEach(this::start);
        awaitIdle(Duration.ofDays(365));
        return true;
      }
      if (!wait) {
        return false;
      }
    }
    return false;
  }

  /**
   * One FetchTask; a failure is logged and followed by a backoff sleep when {@code retryErrors}.
   *
   * @return the tasks (possibly none), or empty when polling stopped during the backoff
   */
  private Optional<List<Task>> fetch(int free, boolean retryErrors)
      throws InterruptedException, ConnectException {
    try {
      List<Task> tasks = fetcher.fetch(free);
      failures = 0;
      return Optional.of(tasks);
    } catch (ConnectException e) {
      if (e.credentialsRejected() || !retryErrors) {
        throw e;
      }
      if (e.code() == ConnectCode.DEADLINE_EXCEEDED) {
        LOG.warn("FetchTask had no answer in time; consider a larger runner.fetch_timeout");
      } else {
        LOG.warn("FetchTask failed: {}", e.getMessage());
      }
      failures++;
      Duration wait = errorBackoff.delayAfter(failures, ThreadLocalRandom.current());
      return sleeper.sleep(wait, polling) ? Optional.empty() : Optional.of(List.of());
    }
  }

  private void start(Task task) {
    lock.lock();
    try {
      if (!running.add(task.getId())) {
        LOG.warn("task {} is already running here; ignoring the second copy", task.getId());
        return;
      }
      if (running.size() > capacity) {
        LOG.warn("server sent more tasks than asked for; running task {} anyway", task.getId());
      }
    } finally {
      lock.unlock();
    }
    Cancellation lifetime = jobs.child();
    Thread.ofVirtual()
        .name("task-" + task.getId())
        .start(
            () -> {
              try {
                handler.handle(task, lifetime);
              } catch (Throwable e) { // a handler bug must not end the daemon
                LOG.error("task {} handler failed", task.getId(), e);
              } finally {
                finished(task.getId());
              }
            });
  }

  private void finished(long taskId) {
    lock.lock();
    try {
      running.remove(taskId);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until a slot is free; returns the free slots, or 0 when polling stopped. */
  private int awaitFreeSlot() throws InterruptedException {
    lock.lock();
    try {
      while (running.size() >= capacity && !polling.isCancelled()) {
        changed.await();
      }
      return polling.isCancelled() ? 0 : capacity - running.size();
    } finally {
      lock.unlock();
    }
  }

  private void wakeUp() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Tasks running now. */
  public int runningCount() {
    lock.lock();
    try {
      return running.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no task runs or the timeout passes.
   *
   * @return true when idle
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!running.isEmpty() && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return running.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Cancels every running task with {@link CancelReason#RUNNER_SHUTDOWN}. */
  public void cancelRunning() {
    jobs.cancel(CancelReason.RUNNER_SHUTDOWN);
  }
}
