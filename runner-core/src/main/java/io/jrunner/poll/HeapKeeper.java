// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.proto.runner.v1.Task;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the daemon's heap near what is live, a {@link TaskHandler} around the real one. The
 * launcher's serial collector grows the old generation whenever young collections promote more than
 * it holds, and only a full collection, which it runs when the ceiling is reached, gives that back:
 * a log flood's rows wait for their {@code UpdateLog} long enough to be promoted, so without help
 * every job would leave the heap at {@code -Xmx} (docs/benchmarks.md). Two rules:
 *
 * <ul>
 *   <li><b>idle</b>: once no task has run for {@link Settings#quiet} (after start-up, and after the
 *       last running task ends), one full collection; with {@code -XX:MaxHeapFreeRatio} the heap
 *       then shrinks to what is live;
 *   <li><b>busy</b>: while tasks run, every {@link Settings#check}, a full collection when the used
 *       heap passes the soft limit: {@link Settings#softLimit}, or 1.5 times what was live after
 *       the last collection when that is more, so that a large live set never makes it collect
 *       again and again.
 * </ul>
 *
 * <p>Threading: any thread; waits run on virtual threads of their own. Collections never overlap.
 * The {@link Heap}'s exceptions are not caught ({@code System.gc()} throws none).
 */
public final class HeapKeeper implements TaskHandler {
  /** The heap as the keeper sees it. */
  public interface Heap {
    /** Bytes in use now, garbage included. */
    long used();

    /** A full collection; returns the bytes in use after it. */
    long collect();

    /** The JVM's own heap: {@link Runtime} figures and {@link System#gc()}. */
    Heap RUNTIME =
        new Heap() {
          @Override
          public long used() {
            Runtime r = Runtime.getRuntime();
            return r.totalMemory() - r.freeMemory();
          }

          @Override
          public long collect() {
            System.gc();
            return used();
          }
        };
  }

  /**
   * @param quiet how long no task must run before the idle collection
   * @param check how often the used heap is checked while tasks run
   * @param softLimit the used heap above which a busy daemon collects
   */
  public record Settings(Duration quiet, Duration check, long softLimit) {
    /** 10 s quiet (back-to-back jobs never pay for one), checks every 100 ms, 24 MiB. */
    public static final Settings DEFAULTS =
        new Settings(Duration.ofSeconds(10), Duration.ofMillis(100), 24L * 1024 * 1024);
  }

  private final TaskHandler delegate;
  private final Settings settings;
  private final Sleeper sleeper;
  private final Heap heap;
  private final ReentrantLock lock = new ReentrantLock();
  private int running;
  private long liveAfterCollect;
  private Cancellation idleWait;
  private Cancellation busyWatch;

  public HeapKeeper(TaskHandler delegate, Settings settings, Sleeper sleeper, Heap heap) {
    this.delegate = delegate;
    this.settings = settings;
    this.sleeper = sleeper;
    this.heap = heap;
  }

  @Override
  public void handle(Task task, Cancellation lifetime) {
    lock.lock();
    try {
      if (running++ == 0) {
        idleWait = cancel(idleWait); // not idle after all
        Cancellation watch = Cancellation.root();
        busyWatch = watch;
        Thread.ofVirtual().name("heap-watch").start(() -> watch(watch));
      }
    } finally {
      lock.unlock();
    }
    try {
      delegate.handle(task, lifetime);
    } finally {
      lock.lock();
      try {
        if (--running == 0) {
          busyWatch = cancel(busyWatch);
          scheduleIdleLocked();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Starts the quiet time now, e.g. once start-up is over; ignored while a task runs. */
  public void idleNow() {
    lock.lock();
    try {
      if (running == 0) {
        scheduleIdleLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  private void scheduleIdleLocked() {
    cancel(idleWait);
    Cancellation wait = Cancellation.root();
    idleWait = wait;
    Thread.ofVirtual().name("heap-idle").start(() -> idle(wait));
  }

  private void idle(Cancellation wait) {
    if (!pause(settings.quiet(), wait)) {
      return;
    }
    lock.lock();
    try {
      if (idleWait == wait && running == 0) {
        idleWait = null;
        collectLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  private void watch(Cancellation watch) {
    while (pause(settings.check(), watch)) {
      lock.lock();
      try {
        if (busyWatch != watch) {
          return;
        }
        if (heap.used() > Math.max(settings.softLimit(), liveAfterCollect * 3 / 2)) {
          collectLocked();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void collectLocked() {
    liveAfterCollect = heap.collect();
  }

  /** Waits; false when {@code lifetime} ended first (or the thread was interrupted). */
  private boolean pause(Duration duration, Cancellation lifetime) {
    try {
      return !sleeper.sleep(duration, lifetime);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Cancellation cancel(Cancellation c) {
    if (c != null) {
      c.cancel(CancelReason.RUNNER_SHUTDOWN);
    }
    return null;
  }
}
