// SPDX-License-Identifier: Apache-2.0
package io.jrunner.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The runner's own figures, written in Prometheus' text exposition format (version 0.0.4) by {@link
 * #render()}: tasks by result, tasks running, task durations (a histogram), job log rows and bytes
 * sent, report retries and errors, poll errors, and whether the Docker engine answers.
 *
 * <p>Thread-safe and lock-free: counters are {@link LongAdder}s updated from any task or poll
 * thread; {@link #render()} reads a consistent-enough snapshot (each figure on its own).
 */
public final class RunnerMetrics {
  /** Upper bounds of the duration histogram, in seconds. */
  static final double[] BUCKETS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600};

  private final Map<String, LongAdder> tasksByResult = new ConcurrentHashMap<>();
  private final AtomicLong running = new AtomicLong();
  private final LongAdder[] durationBuckets = new LongAdder[BUCKETS.length];
  private final LongAdder durationCount = new LongAdder();
  private final DoubleAdder durationSum = new DoubleAdder();
  private final LongAdder logRows = new LongAdder();
  private final LongAdder logBytes = new LongAdder();
  private final Map<String, LongAdder> reportErrors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> reportRetries = new ConcurrentHashMap<>();
  private final LongAdder pollErrors = new LongAdder();
  private final LongAdder polls = new LongAdder();
  private volatile BooleanSupplier dockerUp;

  public RunnerMetrics() {
    // Written from the start, so that rate() and increase() see the first task of each result.
    for (String result : java.util.List.of("success", "failure", "cancelled", "skipped")) {
      tasksByResult.put(result, new LongAdder());
    }
    for (int i = 0; i < durationBuckets.length; i++) {
      durationBuckets[i] = new LongAdder();
    }
  }

  /**
   * Where the Docker figure comes from: called on every scrape, so it must answer quickly (cache
   * the engine's ping). Unset, {@code jrunner_docker_up} is not written.
   */
  public void dockerHealth(BooleanSupplier up) {
    this.dockerUp = up;
  }

  /** The engine's health as last set, or empty when this runner has no Docker labels. */
  public java.util.Optional<Boolean> dockerUp() {
    BooleanSupplier s = dockerUp;
    return s == null ? java.util.Optional.empty() : java.util.Optional.of(s.getAsBoolean());
  }

  /** A task was taken and starts running. */
  public void taskStarted() {
    running.incrementAndGet();
  }

  /**
   * A task ended.
   *
   * @param result its reported result in lower case ({@code success}, {@code failure}, {@code
   *     cancelled}, {@code skipped}), or {@code unknown} when no final result was acknowledged
   */
  public void taskFinished(String result, Duration took) {
    running.decrementAndGet();
    tasksByResult
        .computeIfAbsent(result.toLowerCase(Locale.ROOT), r -> new LongAdder())
        .increment();
    double seconds = took.toMillis() / 1000.0;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        durationBuckets[i].increment();
      }
    }
    durationCount.increment();
    durationSum.add(seconds);
  }

  /** Job log rows sent to the server (each retry counts again: these are bytes on the wire). */
  public void logSent(int rows, long bytes) {
    logRows.add(rows);
    logBytes.add(bytes);
  }

  /** A report call ({@code UpdateLog} or {@code UpdateTask}) failed. */
  public void reportError(String method) {
    reportErrors.computeIfAbsent(method, m -> new LongAdder()).increment();
  }

  /** A report call repeats one that failed. */
  public void reportRetry(String method) {
    reportRetries.computeIfAbsent(method, m -> new LongAdder()).increment();
  }

  /** A {@code FetchTask} answered ({@code ok}) or failed. */
  public void polled(boolean ok) {
    polls.increment();
    if (!ok) {
      pollErrors.increment();
    }
  }

  /** Tasks running now. */
  public long running() {
    return running.get();
  }

  /** The exposition text, {@code text/plain; version=0.0.4}. */
  public String render() {
    StringBuilder out = new StringBuilder(2048);
    header(out, "jrunner_tasks_total", "counter", "Tasks finished, by reported result.");
    for (String result : new java.util.TreeSet<>(tasksByResult.keySet())) {
      out.append("jrunner_tasks_total{result=\"")
          .append(result)
          .append("\"} ")
          .append(tasksByResult.get(result).sum())
          .append('\n');
    }
    header(out, "jrunner_tasks_running", "gauge", "Tasks running now.");
    out.append("jrunner_tasks_running ").append(running.get()).append('\n');
    header(
        out,
        "jrunner_task_duration_seconds",
        "histogram",
        "Time from taking a task to its final report.");
    for (int i = 0; i < BUCKETS.length; i++) {
      out.append("jrunner_task_duration_seconds_bucket{le=\"")
          .append(number(BUCKETS[i]))
          .append("\"} ")
          .append(durationBuckets[i].sum())
          .append('\n');
    }
    long count = durationCount.sum();
    out.append("jrunner_task_duration_seconds_bucket{le=\"+Inf\"} ").append(count).append('\n');
    out.append("jrunner_task_duration_seconds_sum ").append(number(durationSum.sum())).append('\n');
    out.append("jrunner_task_duration_seconds_count ").append(count).append('\n');
    counter(out, "jrunner_log_rows_total", "Job log rows sent to the server.", logRows.sum());
    counter(
        out,
        "jrunner_log_bytes_total",
        "Job log bytes (UTF-8) sent to the server.",
        logBytes.sum());
    byMethod(out, "jrunner_report_errors_total", "Report calls that failed.", reportErrors);
    byMethod(
        out, "jrunner_report_retries_total", "Report calls repeating a failed one.", reportRetries);
    counter(out, "jrunner_polls_total", "FetchTask calls made.", polls.sum());
    counter(out, "jrunner_poll_errors_total", "FetchTask calls that failed.", pollErrors.sum());
    dockerUp()
        .ifPresent(
            up -> {
              header(out, "jrunner_docker_up", "gauge", "1 when the Docker engine answers.");
              out.append("jrunner_docker_up ").append(up ? 1 : 0).append('\n');
            });
    return out.toString();
  }

  private static void byMethod(
      StringBuilder out, String name, String help, Map<String, LongAdder> values) {
    header(out, name, "counter", help);
    for (String method : java.util.List.of("UpdateLog", "UpdateTask")) {
      LongAdder v = values.get(method);
      out.append(name)
          .append("{method=\"")
          .append(method)
          .append("\"} ")
          .append(v == null ? 0 : v.sum())
          .append('\n');
    }
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    header(out, name, "counter", help);
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String number(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v)
        ? Long.toString((long) v)
        : Double.toString(v);
  }
}
