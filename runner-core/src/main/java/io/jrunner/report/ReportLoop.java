// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.client.ConnectException;
import io.jrunner.proto.runner.v1.Result;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running task's flusher, on its own virtual thread {@code report-<task>}. It sleeps until there
 * is something to send, then flushes at most once per {@code minSpacing}: an {@code UpdateLog} of
 * one batch when rows wait, an {@code UpdateTask} when the step layout changed and no rows wait, or
 * when {@code report_interval} passed since the last one (the heartbeat, and how a server-side
 * cancel is learnt). A lone line after a quiet spell goes out at once; a flood goes out in capped
 * batches every {@code minSpacing}. After a failure the next flush waits a backoff of at most
 * {@code report_interval}, so heartbeats keep being attempted.
 *
 * <p>Threading: started and stopped by its {@link TaskReporter}; waits on the reporter's condition
 * (real time, {@link System#nanoTime}) so events wake it. Errors are logged once per failure
 * streak.
 */
final class ReportLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ReportLoop.class);

  private final TaskReporter r;
  private final Sender sender;
  private final long spacing;
  private final long interval;
  private Thread thread;
  private boolean stopping;
  private long lastFlush;
  private long lastState;
  private long sentVersion = -1;
  private boolean outputsPending;
  private int failures;
  private long backoff;

  ReportLoop(TaskReporter reporter) {
    this.r = reporter;
    this.sender = new Sender(reporter);
    this.spacing = reporter.settings.minSpacing().toNanos();
    this.interval = reporter.settings.reportInterval().toNanos();
  }

  void start() {
    lastFlush = System.nanoTime() - spacing;
    lastState = System.nanoTime() - interval;
    thread = Thread.ofVirtual().name("report-" + r.taskId).start(this::run);
  }

  /** Stops the loop after its current flush and waits for it. */
  void stop() throws InterruptedException {
    r.lock.lock();
    try {
      stopping = true;
      r.wake.signalAll();
    } finally {
      r.lock.unlock();
    }
    thread.join();
  }

  private void run() {
    try {
      for (Work w = next(); w != null; w = next()) {
        flush(w);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Work(boolean log, boolean state) {}

  /** Waits until a flush is due; null when stopping. */
  private Work next() throws InterruptedException {
    r.lock.lock();
    try {
      while (!stopping) {
        long now = System.nanoTime();
        boolean rows = r.queue.acked() < r.queue.end();
        boolean heartbeat = now - lastState >= interval;
        boolean changed = r.layout.version() != sentVersion || outputsPending;
        boolean due = rows || heartbeat || changed;
        long earliest = lastFlush + spacing + backoff;
        if (due && now - earliest >= 0) {
          return new Work(rows, heartbeat || (changed && !rows));
        }
        long wait = due ? earliest - now : lastState + interval - now;
        r.wake.awaitNanos(Math.max(wait, 1_000_000));
      }
      return null;
    } finally {
      r.lock.unlock();
    }
  }

  private void rejected(ConnectException e) {
    if (e.credentialsRejected()) {
      r.credentialsRejected();
    }
  }

  private void flush(Work w) {
    String failure = null;
    if (w.log()) {
      try {
        sender.log(false);
      } catch (ConnectException e) {
        failure = e.getMessage();
        rejected(e);
      } catch (IOException e) {
        failure = "spool: " + e;
      }
    }
    if (w.state()) { // even after a failed UpdateLog: heartbeats and cancels must get through
      try {
        Sender.StateAnswer answer = sender.state(Result.RESULT_UNSPECIFIED, null);
        r.serverResult(answer.serverResult());
        r.lock.lock();
        try {
          sentVersion = answer.version();
          outputsPending = !answer.outputsDone();
          lastState = System.nanoTime();
        } finally {
          r.lock.unlock();
        }
      } catch (ConnectException e) {
        failure = e.getMessage();
        rejected(e);
      }
    }
    r.lock.lock();
    try {
      lastFlush = System.nanoTime();
      if (failure == null) {
        if (failures > 0) {
          LOG.info("task {}: reporting works again after {} failure(s)", r.taskId, failures);
        }
        failures = 0;
        backoff = 0;
      } else {
        if (failures++ == 0) {
          LOG.warn("task {}: report failed, retrying: {}", r.taskId, failure);
        }
        long delay =
            r.settings.finalRetry().delayAfter(failures, ThreadLocalRandom.current()).toNanos();
        backoff = Math.min(delay, interval);
        if (w.state()) {
          lastState = System.nanoTime(); // the heartbeat was attempted; next one in an interval
        }
      }
    } finally {
      r.lock.unlock();
    }
  }
}
