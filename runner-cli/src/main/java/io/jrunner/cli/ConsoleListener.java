// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobListener;
import java.io.PrintWriter;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prints a job's events for {@code jrunner exec}: a header per step, its output indented under it,
 * and the result of each step and of the job. Thread-safe.
 */
final class ConsoleListener implements JobListener {
  private final PrintWriter out;
  private final String job;
  private final ReentrantLock lock = new ReentrantLock();

  ConsoleListener(PrintWriter out, String job) {
    this.out = out;
    this.job = job;
  }

  @Override
  public void onEvent(JobEvent event) {
    lock.lock();
    try {
      switch (event) {
        case JobEvent.JobStarted s ->
            out.println("[" + job + "] ⭐ Set up job (" + s.stepCount() + " steps)");
        case JobEvent.StepStarted s -> out.println("[" + job + "] ⭐ " + s.name());
        case JobEvent.LogLine l -> out.println("[" + job + "]   | " + l.text());
        case JobEvent.SecretAdded s -> {
          // Masking is the reporter's business; nothing to print.
        }
        case JobEvent.StepFinished f ->
            out.println(
                "["
                    + job
                    + "]   "
                    + mark(f.conclusion())
                    + (f.outcome() != f.conclusion()
                        ? " (" + f.outcome().contextValue() + ", continue-on-error)"
                        : ""));
        case JobEvent.JobFinished f -> {
          out.println("[" + job + "] 🏁 Job " + f.result().contextValue());
          f.outputs().forEach((k, v) -> out.println("[" + job + "]   output " + k + "=" + v));
        }
      }
      out.flush();
    } finally {
      lock.unlock();
    }
  }

  private static String mark(Conclusion c) {
    return switch (c) {
      case SUCCESS -> "✅ success";
      case FAILURE -> "❌ failure";
      case CANCELLED -> "🚫 cancelled";
      case SKIPPED -> "⏭ skipped";
    };
  }
}
