// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.cancel.Cancellation;
import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.proto.runner.v1.Result;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a task's report, in Forgejo's order (protocol.md §4.8, §4.11): {@code UpdateLog}
 * batches with {@code no_more} on the one that reaches the last row, until every row is
 * acknowledged, then {@code UpdateTask} with the final result, {@code stopped_at} and every output
 * not yet in {@code sent_outputs}. Failures are retried with the settings' backoff until its
 * deadline; the job's cancellation plays no part. The final result is written to the spool first:
 * if the process dies now, {@link SpoolRecovery} still reports it. On success the spool is deleted;
 * when the server is unreachable past the deadline it is kept for the next start, and the rows and
 * outputs not acknowledged are counted in a log line.
 *
 * <p>Threading: runs once, on the closing thread, after the loop stopped.
 */
final class FinalSequence {
  private static final Logger LOG = LoggerFactory.getLogger(FinalSequence.class);

  private final TaskReporter r;
  private final Sender sender;

  FinalSequence(TaskReporter reporter) {
    this.r = reporter;
    this.sender = new Sender(reporter);
  }

  boolean run(Result result, Instant stopped) throws InterruptedException {
    try {
      r.spool.appendEnd(result);
    } catch (IOException e) {
      LOG.warn("task {}: spool: {}", r.taskId, SpoolFallback.describe(e));
    }
    long deadline = System.nanoTime() + r.settings.finalDeadline().toNanos();
    boolean logsDone = false;
    String failure = "";
    boolean retryable = true;
    for (int attempt = 1; ; attempt++) {
      retryable = true;
      try {
        while (!logsDone) {
          long before = acked();
          logsDone = sender.log(true);
          if (!logsDone && acked() <= before) {
            throw new IOException("log acknowledged up to " + acked() + " of " + end());
          }
        }
        if (sender.state(result, stopped).outputsDone()) {
          deleteSpool();
          return true;
        }
        failure = "outputs not acknowledged";
      } catch (ConnectException e) {
        if (e.code() == ConnectCode.ALREADY_EXISTS && !logsDone) {
          logsDone = true; // the log is archived already: a previous no_more went through
          attempt--;
          continue;
        }
        failure = e.getMessage();
        retryable = e.isRetryable();
      } catch (IOException e) {
        failure = e.getMessage();
      }
      Duration wait = r.settings.finalRetry().delayAfter(attempt, ThreadLocalRandom.current());
      boolean pastDeadline = System.nanoTime() + wait.toNanos() - deadline > 0;
      if (!retryable || pastDeadline || !r.settings.finalRetry().allowsAnotherAfter(attempt)) {
        giveUp(attempt, failure, retryable);
        return false;
      }
      if (attempt == 1) {
        LOG.warn("task {}: final report incomplete ({}); retrying", r.taskId, failure);
      }
      r.sleeper.sleep(wait, Cancellation.root());
    }
  }

  private void giveUp(int attempts, String failure, boolean keepSpool) {
    long rows = end() - acked();
    LOG.error(
        "task {}: final report abandoned after {} attempt(s) ({}): {} log row(s) and {} output(s)"
            + " not acknowledged{}",
        r.taskId,
        attempts,
        failure,
        rows,
        outputsLeft(),
        keepSpool ? "; spool " + r.spool.path() + " kept for the next start" : "");
    if (keepSpool) {
      try {
        r.spool.close();
      } catch (IOException e) {
        LOG.warn("task {}: spool: {}", r.taskId, SpoolFallback.describe(e));
      }
    } else {
      deleteSpool();
    }
  }

  private void deleteSpool() {
    try {
      r.spool.delete();
    } catch (IOException e) {
      LOG.warn("task {}: could not delete spool: {}", r.taskId, SpoolFallback.describe(e));
    }
  }

  private long acked() {
    r.lock.lock();
    try {
      return r.queue.acked();
    } finally {
      r.lock.unlock();
    }
  }

  private long end() {
    r.lock.lock();
    try {
      return r.end();
    } finally {
      r.lock.unlock();
    }
  }

  private int outputsLeft() {
    r.lock.lock();
    try {
      return r.outputs.unsent().size();
    } finally {
      r.lock.unlock();
    }
  }
}
