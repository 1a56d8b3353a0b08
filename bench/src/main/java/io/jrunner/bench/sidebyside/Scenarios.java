// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.RecordedCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs each scenario once for one runner: a fresh fake Forgejo on loopback, a fresh working
 * directory with the shared {@code config.yaml}, {@code register}, {@code daemon}, the job(s),
 * stop. Every daemon start also adds a start-up sample. A scenario whose job does not succeed, or
 * whose log misses lines, throws: the harness reports no figure for a run that did not do the work.
 *
 * @param sizes the scenario sizes (short or full mode)
 * @param root where the working directories go; each is deleted after a successful scenario
 */
record Scenarios(Sizes sizes, Path root, Samples out) {

  /** Scenario sizes. */
  record Sizes(
      int idleSeconds,
      int lines,
      int sparseTicks,
      int capacity,
      int capacityLines,
      int capacityTicks) {
    static final Sizes FULL = new Sizes(60, 1_000_000, 40, 8, 50_000, 20);
    static final Sizes SHORT = new Sizes(5, 10_000, 5, 2, 2_000, 3);
  }

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

  void idle(RunnerUnderTest runner) throws Exception {
    withDaemon(
        runner,
        1,
        (server, daemon) -> {
          Thread.sleep(5_000);
          Map<Long, Long> cpu0 = ProcMetrics.threadCpuNanos(daemon.pid());
          long t0 = System.nanoTime();
          int fetches0 = server.calls("FetchTask").size();
          List<Double> rss = new ArrayList<>();
          List<Double> pss = new ArrayList<>();
          for (int i = 0; i < sizes.idleSeconds(); i++) {
            Thread.sleep(1_000);
            ProcMetrics.Memory m = ProcMetrics.memory(daemon.pid());
            rss.add((double) m.rssKib());
            pss.add((double) m.pssKib());
          }
          long cpu = ProcMetrics.cpuNanosBetween(cpu0, ProcMetrics.threadCpuNanos(daemon.pid()));
          double window = System.nanoTime() - t0;
          int fetches = server.calls("FetchTask").size() - fetches0;
          out.add(Metric.IDLE_RSS, runner.name(), median(rss));
          out.add(Metric.IDLE_PSS, runner.name(), median(pss));
          out.add(Metric.IDLE_CPU, runner.name(), 100.0 * cpu / window);
          out.add(Metric.IDLE_REQUESTS, runner.name(), fetches / (window / 60e9));
        });
  }

  void oneStep(RunnerUnderTest runner) throws Exception {
    single(
        runner,
        Workflows.steps(1),
        Metric.ONE_STEP_TOTAL,
        Metric.ONE_STEP_FIXED,
        null,
        Metric.ONE_STEP_NEXT_FIXED);
  }

  void twentySteps(RunnerUnderTest runner) throws Exception {
    single(
        runner,
        Workflows.steps(20),
        Metric.TWENTY_TOTAL,
        Metric.TWENTY_FIXED,
        Metric.TWENTY_STEP,
        null);
  }

  void manyLines(RunnerUnderTest runner) throws Exception {
    withDaemon(
        runner,
        1,
        (server, daemon) -> {
          server.enqueueJob(
              FakeJob.fromYaml("lines", List.of("busybox"), Workflows.lines(sizes.lines())));
          long id = only(TaskTimes.awaitFinished(server, 1, JOB_TIMEOUT, daemon));
          TaskTimes.Finished f = succeeded(TaskTimes.of(server, id), runner);
          long rows = TaskTimes.numericRows(server, id);
          if (rows != sizes.lines()) {
            throw new IllegalStateException(
                runner.name() + ": the fake stored " + rows + " of " + sizes.lines() + " lines");
          }
          double total = millis(server.task(id).started(), f.finalReport());
          out.add(Metric.LINES_TOTAL, runner.name(), total);
          out.add(Metric.LINES_RATE, runner.name(), sizes.lines() / (total / 1000));
          out.add(Metric.LINES_REQUESTS, runner.name(), f.requests() / (total / 1000));
          out.add(Metric.LINES_PEAK, runner.name(), (double) ProcMetrics.peakRssKib(daemon.pid()));
        });
  }

  void sparse(RunnerUnderTest runner) throws Exception {
    withDaemon(
        runner,
        1,
        (server, daemon) -> {
          server.enqueueJob(
              FakeJob.fromYaml(
                  "sparse", List.of("debian"), Workflows.ticks(0, sizes.sparseTicks())));
          Set<Long> ids = TaskTimes.awaitFinished(server, 1, JOB_TIMEOUT, daemon);
          succeeded(TaskTimes.of(server, only(ids)), runner);
          List<Double> lat = TaskTimes.tickLatenciesMillis(server, ids);
          requireTicks(runner, lat, sizes.sparseTicks());
          out.addAll(Metric.SPARSE_P50, runner.name(), lat);
          out.addAll(Metric.SPARSE_P99, runner.name(), lat);
        });
  }

  void capacity(RunnerUnderTest runner) throws Exception {
    int c = sizes.capacity();
    withDaemon(
        runner,
        c,
        (server, daemon) -> {
          Instant enqueued = Instant.now();
          for (int i = 0; i < c; i++) {
            server.enqueueJob(
                FakeJob.fromYaml(
                    "cap",
                    List.of("debian"),
                    Workflows.ticks(sizes.capacityLines(), sizes.capacityTicks())));
          }
          Set<Long> ids = TaskTimes.awaitFinished(server, c, JOB_TIMEOUT, daemon);
          Instant last = enqueued;
          for (long id : ids) {
            TaskTimes.Finished f = succeeded(TaskTimes.of(server, id), runner);
            last = f.finalReport().isAfter(last) ? f.finalReport() : last;
          }
          List<Double> lat = TaskTimes.tickLatenciesMillis(server, ids);
          requireTicks(runner, lat, c * sizes.capacityTicks());
          out.add(Metric.CAPACITY_TOTAL, runner.name(), millis(enqueued, last));
          out.add(
              Metric.CAPACITY_PEAK, runner.name(), (double) ProcMetrics.peakRssKib(daemon.pid()));
          out.addAll(Metric.CAPACITY_LAG_P50, runner.name(), lat);
          out.addAll(Metric.CAPACITY_LAG_P99, runner.name(), lat);
        });
  }

  /**
   * One job of {@code yaml} in a new daemon; with {@code nextFixed}, a second one in the same
   * daemon after it, whose set-up + tear-down goes there (what a daemon pays once, such as making
   * its Docker client at the first job, shows as the difference).
   */
  private void single(
      RunnerUnderTest runner,
      String yaml,
      Metric total,
      Metric fixed,
      Metric perStep,
      Metric nextFixed)
      throws Exception {
    withDaemon(
        runner,
        1,
        (server, daemon) -> {
          server.enqueueJob(FakeJob.fromYaml("steps", List.of("busybox"), yaml));
          long id = only(TaskTimes.awaitFinished(server, 1, JOB_TIMEOUT, daemon));
          TaskTimes.Finished f = succeeded(TaskTimes.of(server, id), runner);
          Instant started = server.task(id).started();
          out.add(total, runner.name(), millis(started, f.finalReport()));
          out.add(
              fixed,
              runner.name(),
              millis(started, f.firstStepStart()) + millis(f.lastStepStop(), f.finalReport()));
          if (perStep != null) {
            for (Duration d : f.steps()) {
              out.add(perStep, runner.name(), d.toNanos() / 1e6);
            }
          }
          if (nextFixed != null) {
            server.enqueueJob(FakeJob.fromYaml("steps", List.of("busybox"), yaml));
            Set<Long> both = TaskTimes.awaitFinished(server, 2, JOB_TIMEOUT, daemon);
            long second = both.stream().filter(x -> x != id).findFirst().orElseThrow();
            TaskTimes.Finished g = succeeded(TaskTimes.of(server, second), runner);
            Instant next = server.task(second).started();
            out.add(
                nextFixed,
                runner.name(),
                millis(next, g.firstStepStart()) + millis(g.lastStepStop(), g.finalReport()));
          }
        });
  }

  @FunctionalInterface
  private interface Body {
    void run(FakeForgejoServer server, RunnerUnderTest.Daemon daemon) throws Exception;
  }

  private void withDaemon(RunnerUnderTest runner, int capacity, Body body) throws Exception {
    Path dir = Files.createTempDirectory(root, runner.name() + "-");
    try (FakeForgejoServer server = FakeForgejoServer.start()) {
      RunnerUnderTest.writeConfig(dir, capacity);
      runner.register(dir, server.url(), server.registrationToken());
      try (RunnerUnderTest.Daemon daemon = runner.startDaemon(dir)) {
        RecordedCall first;
        try {
          first = server.awaitCall("FetchTask", c -> true, Duration.ofMinutes(2));
        } catch (AssertionError e) {
          throw new IllegalStateException(
              runner.name() + " never fetched: " + RunnerUnderTest.tail(daemon.log()), e);
        }
        out.add(Metric.STARTUP, runner.name(), millis(daemon.spawned(), first.at()));
        try {
          body.run(server, daemon);
        } catch (Exception | AssertionError e) {
          throw new IllegalStateException(
              runner.name()
                  + " failed in "
                  + dir
                  + ": "
                  + e.getMessage()
                  + "\n--- daemon log tail:\n"
                  + RunnerUnderTest.tail(daemon.log()),
              e);
        }
      }
    }
    deleteTree(dir);
  }

  private static TaskTimes.Finished succeeded(TaskTimes.Finished f, RunnerUnderTest runner) {
    if (f.result() != Result.RESULT_SUCCESS) {
      throw new IllegalStateException(runner.name() + ": task " + f.id() + " ended " + f.result());
    }
    return f;
  }

  private static void requireTicks(RunnerUnderTest runner, List<Double> lat, int expected) {
    if (lat.size() != expected) {
      throw new IllegalStateException(
          runner.name() + ": " + lat.size() + " of " + expected + " tick lines reached the fake");
    }
  }

  private static long only(Set<Long> ids) {
    if (ids.size() != 1) {
      throw new IllegalStateException("expected one task, got " + ids);
    }
    return ids.iterator().next();
  }

  private static double millis(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e6;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Double::compare);
    return s.get(s.size() / 2);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
