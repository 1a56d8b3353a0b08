// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench;

import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ClientSettings;
import io.jrunner.client.ConnectRunnerClient;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.exec.Conclusion;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.report.ReporterSettings;
import io.jrunner.report.TaskReporter;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A harness for the two reporting budgets of docs/reporting.md, against the fake Forgejo on
 * loopback: how long one line takes to be stored by the server (quiet spells and busy moments), and
 * how many requests a steadily logging task makes (one line a millisecond for 5 s).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.jrunner.bench.ReporterBudget [probes]}.
 */
public final class ReporterBudget {
  private ReporterBudget() {}

  public static void main(String[] args) throws Exception {
    int probes = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    Path spool = Files.createTempDirectory("jrunner-bench-spool");
    try (FakeForgejoServer server = FakeForgejoServer.start()) {
      Runner runner = server.registerRunner("bench", List.of("x"));
      ConnectRunnerClient client =
          ConnectRunnerClient.create(
              ClientSettings.anonymous(URI.create(server.url()), "bench")
                  .withCallTimeout(Duration.ofSeconds(10))
                  .withCredentials(new RunnerCredentials(runner.getUuid(), runner.getToken())));
      server.enqueueJob(FakeJob.of("j", List.of("x"), "echo 0"));
      long taskId =
          client
              .fetchTask(FetchTaskRequest.getDefaultInstance(), null, Duration.ofSeconds(5))
              .getTask()
              .getId();
      TaskReporter reporter =
          TaskReporter.start(
              taskId,
              List.of(),
              client,
              ReporterSettings.defaults(spool).withReportInterval(Duration.ofSeconds(1)),
              Cancellation.root(),
              Clock.systemUTC(),
              Sleeper.SYSTEM);
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < probes; i++) {
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 400));
        int before = server.task(taskId).log().size();
        long start = System.nanoTime();
        reporter.line("probe " + i);
        while (server.task(taskId).log().size() == before) {
          Thread.onSpinWait();
        }
        micros.add((System.nanoTime() - start) / 1_000);
      }
      micros.sort(Long::compare);
      int calls = server.calls().size();
      long start = System.nanoTime();
      int lines = 5_000;
      for (int i = 0; i < lines; i++) {
        reporter.line("steady " + i);
        Thread.sleep(1);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = (server.calls().size() - calls) / seconds;
      reporter.close(Conclusion.SUCCESS, "done");
      System.out.printf(
          Locale.ROOT,
          "line latency: median %.1f ms, p90 %.1f ms, max %.1f ms (n=%d)%n",
          micros.get(micros.size() / 2) / 1000.0,
          micros.get((int) Math.ceil(micros.size() * 0.9) - 1) / 1000.0,
          micros.getLast() / 1000.0,
          micros.size());
      System.out.printf(
          Locale.ROOT,
          "steady logging (%d lines over %.1f s): %.1f requests/s%n",
          lines,
          seconds,
          rate);
    }
  }
}
