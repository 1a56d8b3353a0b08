// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ClientSettings;
import io.jrunner.client.ConnectRunnerClient;
import io.jrunner.client.RetryPolicy;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A fake Forgejo with a registered runner and one task assigned to it, for reporter tests. */
final class FakeTask implements AutoCloseable {
  final FakeForgejoServer server;
  final ConnectRunnerClient client;
  final long taskId;

  private FakeTask(FakeForgejoServer server, ConnectRunnerClient client, long taskId) {
    this.server = server;
    this.client = client;
    this.taskId = taskId;
  }

  /** A task whose job has {@code steps} run steps. */
  static FakeTask start(int steps) throws Exception {
    FakeForgejoServer server = FakeForgejoServer.start();
    Runner runner = server.registerRunner("t", List.of("x"));
    ConnectRunnerClient client =
        ConnectRunnerClient.create(
            ClientSettings.anonymous(URI.create(server.url()), "t")
                .withCallTimeout(Duration.ofSeconds(10))
                .withCredentials(new RunnerCredentials(runner.getUuid(), runner.getToken())));
    String[] commands = new String[steps];
    for (int i = 0; i < steps; i++) {
      commands[i] = "echo " + i;
    }
    server.enqueueJob(FakeJob.of("j", List.of("x"), commands));
    long id =
        client
            .fetchTask(FetchTaskRequest.getDefaultInstance(), null, Duration.ofSeconds(5))
            .getTask()
            .getId();
    return new FakeTask(server, client, id);
  }

  /** Quick settings for tests: short interval and retries, spool in {@code dir}. */
  static ReporterSettings settings(Path dir) {
    return ReporterSettings.defaults(dir.resolve("spool"))
        .withReportInterval(Duration.ofMillis(300))
        .withFinalRetry(
            new RetryPolicy(0, Duration.ofMillis(20), Duration.ofMillis(200), 2.0),
            Duration.ofSeconds(20));
  }

  TaskReporter reporter(ReporterSettings settings, List<String> secrets, Cancellation job)
      throws IOException {
    return TaskReporter.start(
        taskId, secrets, client, settings, job, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  @Override
  public void close() {
    server.close();
  }
}
