// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobListener;
import io.jrunner.report.SecretMasker;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prints a job's events for {@code jrunner exec}: a header per step, its output indented under it,
 * the result and duration of each step and of the job. Log lines go through the daemon's {@link
 * SecretMasker}, multi-line secrets included (a line that may start one waits for the next). With
 * {@code colour}, results are coloured (ANSI; only for a terminal). Thread-safe.
 */
final class ConsoleListener implements JobListener {
  private final PrintWriter out;
  private final String job;
  private final ReentrantLock lock = new ReentrantLock();
  private final SecretMasker masker;
  private final boolean colour;
  private final RunSummary summary;
  private final List<String> pending = new ArrayList<>();
  private Instant jobStart;
  private Instant stepStart;

  /**
   * @param secrets values never printed (the {@code -s} secrets); {@code ::add-mask::} values are
   *     added as the job reports them
   */
  ConsoleListener(PrintWriter out, String job, java.util.Collection<String> secrets) {
    this(out, job, secrets, false, new RunSummary());
  }

  /**
   * @param colour colour the results (a terminal)
   * @param summary receives the job's row when it finishes
   */
  ConsoleListener(
      PrintWriter out,
      String job,
      java.util.Collection<String> secrets,
      boolean colour,
      RunSummary summary) {
    this.out = out;
    this.job = job;
    this.masker = new SecretMasker(List.copyOf(secrets));
    this.colour = colour;
    this.summary = summary;
  }

  @Override
  public void onEvent(JobEvent event) {
    lock.lock();
    try {
      switch (event) {
        case JobEvent.JobStarted s -> {
          jobStart = s.at();
          out.println("[" + job + "] ⭐ Set up job (" + s.stepCount() + " steps)");
        }
        case JobEvent.StepStarted s -> {
          flushPending(true);
          stepStart = s.at();
          out.println("[" + job + "] ⭐ " + masker.mask(s.name()));
        }
        case JobEvent.LogLine l -> {
          if (!l.text().strip().startsWith("::add-mask::")) {
            pending.add(masker.mask(l.text()));
            flushPending(false);
          }
        }
        case JobEvent.SecretAdded s -> masker.add(s.value());
        case JobEvent.StepFinished f -> {
          flushPending(true);
          out.println(
              "["
                  + job
                  + "]   "
                  + mark(f.conclusion())
                  + (f.outcome() != f.conclusion()
                      ? " (" + f.outcome().contextValue() + ", continue-on-error)"
                      : "")
                  + (stepStart != null
                      ? " [" + RunSummary.format(Duration.between(stepStart, f.at())) + "]"
                      : ""));
          stepStart = null;
        }
        case JobEvent.JobFinished f -> {
          flushPending(true);
          Optional<Duration> took =
              Optional.ofNullable(jobStart).map(s -> Duration.between(s, f.at()));
          out.println(
              "["
                  + job
                  + "] 🏁 Job "
                  + paint(f.result(), f.result().contextValue())
                  + took.map(d -> " [" + RunSummary.format(d) + "]").orElse(""));
          f.outputs()
              .forEach((k, v) -> out.println("[" + job + "]   output " + k + "=" + masker.mask(v)));
          summary.add(new RunSummary.Row(job, f.result(), took, ""));
        }
      }
      out.flush();
    } finally {
      lock.unlock();
    }
  }

  /** Prints the pending lines that can no longer be the start of a multi-line secret. */
  private void flushPending(boolean noMore) {
    if (pending.isEmpty()) {
      return;
    }
    int ready = masker.hasMultiLine() ? masker.maskAcross(pending, noMore) : pending.size();
    for (int i = 0; i < ready; i++) {
      out.println("[" + job + "]   | " + pending.get(i));
    }
    pending.subList(0, ready).clear();
  }

  private String mark(Conclusion c) {
    return paint(
        c,
        switch (c) {
          case SUCCESS -> "✅ success";
          case FAILURE -> "❌ failure";
          case CANCELLED -> "🚫 cancelled";
          case SKIPPED -> "⏭ skipped";
        });
  }

  private String paint(Conclusion c, String text) {
    if (!colour) {
      return text;
    }
    String code =
        switch (c) {
          case SUCCESS -> "32";
          case FAILURE -> "31";
          case CANCELLED -> "33";
          case SKIPPED -> "90";
        };
    return "\u001b[" + code + "m" + text + "\u001b[0m";
  }
}
