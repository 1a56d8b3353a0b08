// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobListener;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The events of one job of a called reusable workflow, as job-level lines of the calling task: a
 * task whose job is a {@code uses:} call has no step rows (Forgejo builds them from {@code steps:}
 * only), so the set-up and each step become a {@code ##[group]} block the web UI folds, followed by
 * the step's result. Masks are passed on; the inner job's start and end are not (the task has one
 * of each).
 *
 * <p>Thread-safe, as a {@link JobListener} must be.
 */
final class GroupedJobLog implements JobListener {
  private final JobListener task;
  private final String name;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean open;

  GroupedJobLog(JobListener task, String name, Clock clock) {
    this.task = task;
    this.name = name;
    this.clock = clock;
  }

  @Override
  public void onEvent(JobEvent event) {
    lock.lock();
    try {
      switch (event) {
        case JobEvent.JobStarted s -> group("Set up job " + name);
        case JobEvent.StepStarted s -> group(name + " › " + s.name());
        case JobEvent.LogLine l -> line(l.text());
        case JobEvent.SecretAdded s -> task.onEvent(s);
        case JobEvent.StepFinished f -> {
          close();
          line(
              name
                  + " › step "
                  + (f.index() + 1)
                  + ": "
                  + f.conclusion().contextValue()
                  + (f.outcome() != f.conclusion()
                      ? " (" + f.outcome().contextValue() + ", continue-on-error)"
                      : ""));
        }
        case JobEvent.JobFinished f -> {
          close();
          line(
              (f.result() == Conclusion.SUCCESS ? "✅ " : "❌ ")
                  + name
                  + ": job "
                  + f.result().contextValue());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void group(String title) {
    close();
    line("##[group]" + title);
    open = true;
  }

  private void close() {
    if (open) {
      line("##[endgroup]");
      open = false;
    }
  }

  private void line(String text) {
    task.onEvent(new JobEvent.LogLine(OptionalInt.empty(), clock.instant(), text));
  }
}
