// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobListener;
import io.jrunner.report.SecretMasker;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prints a job's events for {@code jrunner exec}: a header per step, its output indented under it,
 * and the result of each step and of the job. Thread-safe.
 */
final class ConsoleListener implements JobListener {
  private final PrintWriter out;
  private final String job;
  private final ReentrantLock lock = new ReentrantLock();
  private final SecretMasker masker;

  /**
   * @param secrets values never printed (the {@code -s} secrets); {@code ::add-mask::} values are
   *     added as the job reports them
   */
  ConsoleListener(PrintWriter out, String job, java.util.Collection<String> secrets) {
    this.out = out;
    this.job = job;
    this.masker = new SecretMasker(List.copyOf(secrets));
  }

  @Override
  public void onEvent(JobEvent event) {
    lock.lock();
    try {
      switch (event) {
        case JobEvent.JobStarted s ->
            out.println("[" + job + "] ⭐ Set up job (" + s.stepCount() + " steps)");
        case JobEvent.StepStarted s -> out.println("[" + job + "] ⭐ " + masker.mask(s.name()));
        case JobEvent.LogLine l -> {
          if (!l.text().strip().startsWith("::add-mask::")) {
            out.println("[" + job + "]   | " + masker.mask(l.text()));
          }
        }
        case JobEvent.SecretAdded s -> masker.add(s.value());
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
          f.outputs()
              .forEach((k, v) -> out.println("[" + job + "]   output " + k + "=" + masker.mask(v)));
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
