// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Fault;
import io.jrunner.testkit.Views.TaskView;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees, from the command line against the fake Forgejo: the daemon's per-task log
 * lines, the job log's reason for a cancelled job, {@code /metrics} scraped, the exit codes of
 * {@code one-job}, and the messages for a refused token, a revoked runner and a Docker host that
 * does not answer.
 */
class OperationsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FakeForgejoServer server;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    config("");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void daemon_logsEachTaskServesMetricsHealthAndReadiness_andIgnoresSighup() throws Exception {
    int port = freePort();
    config("metrics:\n  addr: 127.0.0.1:" + port + "\n");
    register("self:host");
    Process daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    try {
      server.enqueueJob(FakeJob.of("build", List.of("self"), "echo one; echo two"));
      TaskView ok = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);
      server.enqueueJob(FakeJob.of("broken", List.of("self"), "exit 3"));
      TaskView failed = server.awaitTaskDone(nextTask(ok.id()), WAIT);
      assertThat(failed.result()).isEqualTo(Result.RESULT_FAILURE);
      awaitStderr("task " + failed.id() + " finished");

      String metrics = get(port, "/metrics").body();
      assertThat(metrics)
          .contains("# TYPE jrunner_tasks_total counter")
          .contains("jrunner_tasks_total{result=\"success\"} 1")
          .contains("jrunner_tasks_total{result=\"failure\"} 1")
          .contains("jrunner_tasks_running 0")
          .contains("jrunner_task_duration_seconds_count 2")
          .contains("jrunner_task_duration_seconds_bucket{le=\"+Inf\"} 2")
          .contains("jrunner_report_errors_total{method=\"UpdateLog\"} 0")
          .contains("jrunner_poll_errors_total 0")
          .doesNotContain("jrunner_docker_up");
      assertThat(counter(metrics, "jrunner_log_rows_total")).isGreaterThanOrEqualTo(3);
      assertThat(counter(metrics, "jrunner_log_bytes_total")).isGreaterThanOrEqualTo(6);
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(port, "/readyz");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(get(port, "/nothing").statusCode()).isEqualTo(404);

      server.failNext("FetchTask", 1_000_000, new Fault.ConnectError("unavailable", "down"));
      awaitMetric(port, "jrunner_poll_errors_total", 1);
      HttpResponse<String> notReady = get(port, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("the last poll of the server failed");
      server.clearFaults();

      String log = JrunnerProcess.stderr(dir);
      assertThat(log)
          .contains(
              "task "
                  + ok.id()
                  + " started: repository jr/demo, workflow ci.yml, job build, ref"
                  + " refs/heads/main")
          .containsPattern("task " + ok.id() + " finished: success after \\d+\\.\\ds")
          .containsPattern("task " + failed.id() + " finished: failure after \\d+\\.\\ds")
          .doesNotContain(server.registrationToken());

      assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor())
          .isZero();
      awaitStderr("SIGHUP ignored: jrunner does not reload its configuration");
      assertThat(daemon.isAlive()).isTrue();
    } finally {
      daemon.destroy();
      assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void jobLog_saysWhyAJobWasCancelled_timeoutServerOrShutdown() throws Exception {
    config("runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 1s\n");
    register("self:host");
    Process daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    try {
      server.enqueueJob(
          FakeJob.fromYaml(
              "slow",
              List.of("self"),
              "on: push\njobs:\n  slow:\n    runs-on: self\n    timeout-minutes: 0.05\n"
                  + "    steps:\n      - run: sleep 60\n"));
      TaskView timedOut = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);
      assertThat(timedOut.result()).isEqualTo(Result.RESULT_CANCELLED);
      assertThat(timedOut.lines())
          .contains("The job has exceeded the maximum execution time of 3s", "Job cancelled");

      server.enqueueJob(FakeJob.of("ui", List.of("self"), "echo started", "sleep 60"));
      long ui = nextTask(timedOut.id());
      server.awaitCall(
          "UpdateLog",
          c -> server.task(ui) != null && server.task(ui).lines().contains("started"),
          WAIT);
      server.cancelTask(ui);
      TaskView cancelled = server.awaitTaskDone(ui, WAIT);
      assertThat(cancelled.lines())
          .contains(CancelLines.SERVER, "Job cancelled")
          .doesNotContain(CancelLines.SHUTDOWN);

      server.enqueueJob(FakeJob.of("stopping", List.of("self"), "echo started", "sleep 60"));
      long stopping = nextTask(ui);
      server.awaitCall(
          "UpdateLog",
          c -> server.task(stopping) != null && server.task(stopping).lines().contains("started"),
          WAIT);
      daemon.destroy(); // SIGTERM; shutdown_timeout 1s, then the job is cancelled
      assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
      TaskView shutdown = server.awaitTaskDone(stopping, WAIT);
      assertThat(shutdown.lines())
          .contains(CancelLines.SHUTDOWN, "Job cancelled")
          .doesNotContain(CancelLines.SERVER);
    } finally {
      daemon.destroy();
      daemon.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void oneJob_exitsZeroForAnyReportedResult_printsItLast_andJobExitCodeGivesOne() throws Exception {
    register("self:host");
    server.enqueueJob(FakeJob.of("red", List.of("self"), "exit 5"));
    // the config before the subcommand, as docs/operations.md once wrote it
    JrunnerProcess.Result plain = JrunnerProcess.run(dir, "--config", "config.yaml", "one-job");
    assertThat(plain.exitCode()).as(plain.stderr()).isZero();
    assertThat(plain.stdout().strip().lines().toList().getLast()).isEqualTo("result: failure");

    server.enqueueJob(FakeJob.of("red2", List.of("self"), "exit 5"));
    JrunnerProcess.Result strict =
        JrunnerProcess.run(dir, "one-job", "--job-exit-code", "-c", "config.yaml");
    assertThat(strict.exitCode()).as(strict.stderr()).isEqualTo(1);
    assertThat(strict.stdout().strip().lines().toList().getLast()).isEqualTo("result: failure");

    server.enqueueJob(FakeJob.of("green", List.of("self"), "true"));
    JrunnerProcess.Result green =
        JrunnerProcess.run(dir, "one-job", "--job-exit-code", "-c", "config.yaml");
    assertThat(green.exitCode()).as(green.stderr()).isZero();
    assertThat(green.stdout().strip().lines().toList().getLast()).isEqualTo("result: success");

    JrunnerProcess.Result none = JrunnerProcess.run(dir, "one-job", "-c", "config.yaml");
    assertThat(none.exitCode()).isEqualTo(2);
  }

  @Test
  void register_aTokenGiteaRefusesWithCodeUnknown_exitsFour() throws Exception {
    server.failNext(
        "Register", 1, new Fault.ConnectError("unknown", "runner registration token not found"));
    JrunnerProcess.Result r =
        JrunnerProcess.run(
            dir,
            "register",
            "--no-interactive",
            "--instance",
            server.url(),
            "--token",
            server.registrationToken());
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
    assertThat(r.stderr())
        .contains("refused the registration token: runner registration token not found")
        .doesNotContain("cannot reach")
        .doesNotContain("\tat ");
  }

  @Test
  void revokedRunner_isToldToRegisterWithForce_whichThenWorks() throws Exception {
    register("self:host");
    Path runnerFile = dir.resolve(".runner");
    String text = Files.readString(runnerFile);
    String token =
        com.google.gson.JsonParser.parseString(text).getAsJsonObject().get("token").getAsString();
    Files.writeString(runnerFile, text.replace(token, "0".repeat(40)));

    JrunnerProcess.Result daemon = JrunnerProcess.run(dir, "daemon", "-c", "config.yaml");
    assertThat(daemon.exitCode()).isEqualTo(4);
    assertThat(daemon.stderr()).contains("`jrunner register --force --instance URL --token TOKEN`");

    JrunnerProcess.Result again =
        JrunnerProcess.run(
            dir,
            "register",
            "--force",
            "--no-interactive",
            "--instance",
            server.url(),
            "--token",
            server.registrationToken(),
            "--labels",
            "self:host");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
  }

  @Test
  void dockerHostThatDoesNotAnswer_failsInsteadOfFallingBack() throws Exception {
    register("docker:docker://runner-test/busybox:latest");
    Process p =
        JrunnerProcess.start(
            List.of(),
            Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + freePort()),
            dir,
            "daemon",
            "-c",
            "config.yaml");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = JrunnerProcess.stderr(dir);
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    assertThat(err)
        .contains("DOCKER_HOST names this engine and jrunner does not fall back")
        .doesNotContain("/var/run/docker.sock")
        .doesNotContain("\tat ");
    assertThat(server.calls("FetchTask")).isEmpty();
  }

  /** The reason lines, as docs/operations.md quotes them. */
  private static final class CancelLines {
    static final String SERVER = "The run was cancelled on the server. The operation was canceled.";
    static final String SHUTDOWN =
        "The runner has received a shutdown signal. This can happen when the runner service is"
            + " stopped, or a manually started runner is canceled.";
  }

  private void config(String extra) throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        extra.contains("runner:")
            ? extra
            : "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\n" + extra);
  }

  private void register(String labels) throws Exception {
    JrunnerProcess.register(dir, server, labels);
  }

  private long nextTask(long previous) throws Exception {
    server.awaitCall(
        "FetchTask", c -> server.tasks().stream().anyMatch(t -> t.id() > previous), WAIT);
    return server.tasks().stream().filter(t -> t.id() > previous).findFirst().orElseThrow().id();
  }

  /** Waits (woken by the daemon's polls) until its log contains {@code text}. */
  private void awaitStderr(String text) throws Exception {
    server.awaitCall("FetchTask", c -> stderr().contains(text), WAIT);
  }

  /** Waits (woken by the daemon's polls) until a counter reaches {@code atLeast}. */
  private void awaitMetric(int port, String name, long atLeast) throws Exception {
    server.awaitCall("FetchTask", c -> counter(scrape(port), name) >= atLeast, WAIT);
  }

  private String stderr() {
    try {
      return JrunnerProcess.stderr(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String scrape(int port) {
    try {
      return get(port, "/metrics").body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long counter(String metrics, String name) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToLong(l -> Long.parseLong(l.substring(name.length() + 1).strip()))
        .findFirst()
        .orElse(-1);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
