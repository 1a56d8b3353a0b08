// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.google.gson.JsonParser;
import io.jrunner.docker.DockerClients;
import io.jrunner.docker.ResourceLabels;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Views.TaskView;
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
 * Signals mid-job (issue 15), the daemon process with Docker jobs against the fake Forgejo: SIGHUP
 * is ignored with a log line and the job goes on; SIGTERM and SIGINT stop polling, let a job that
 * ends within {@code shutdown_timeout} finish, cancel the one that does not, report both, leave no
 * container, network or volume, and exit (143 and 130, the JVM's codes after those signals).
 */
class SignalsIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SHUTDOWN_LINE = "The runner has received a shutdown signal.";

  @TempDir Path dir;
  private FakeForgejoServer server;
  private Process daemon;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    Files.writeString(
        dir.resolve("config.yaml"),
        "runner:\n  capacity: 2\n  fetch_interval: 100ms\n  shutdown_timeout: 8s\n");
    JrunnerProcess.register(dir, server, "sig:docker://runner-test/busybox:latest");
    daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    server.awaitCall("FetchTask", c -> c.httpStatus() == 200, WAIT);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      daemon.destroyForcibly();
      daemon.waitFor(30, TimeUnit.SECONDS);
    } finally {
      server.close();
    }
  }

  @Test
  void sighupIsIgnoredMidJob_thenSigtermFinishesOneJobCancelsTheOtherAndExits143()
      throws Exception {
    server.enqueueJob(FakeJob.of("hup", List.of("sig"), "echo started", "sleep 3", "echo after"));
    long hup = awaitStarted("hup");
    signal("HUP");
    TaskView done = server.awaitTaskDone(hup, WAIT);
    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(done.lines()).contains("after");
    assertThat(JrunnerProcess.stderr(dir)).contains("SIGHUP ignored");
    assertThat(daemon.isAlive()).isTrue();

    stopMidJobs("TERM", 143);
  }

  @Test
  void sigint_finishesOneJobCancelsTheOtherAndExits130() throws Exception {
    stopMidJobs("INT", 130);
  }

  /**
   * Runs a job that ends within {@code shutdown_timeout} and one that does not, sends {@code
   * signal} while both run, and checks the exit, both reports and the engine.
   */
  private void stopMidJobs(String signal, int exitCode) throws Exception {
    server.enqueueJob(FakeJob.of("short", List.of("sig"), "echo started", "sleep 3; echo ended"));
    server.enqueueJob(FakeJob.of("long", List.of("sig"), "echo started", "sleep 600"));
    long shortId = awaitStarted("short");
    long longId = awaitStarted("long");
    int fetches = server.calls("FetchTask").size();
    long signalled = System.nanoTime();
    signal(signal);

    assertThat(daemon.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Duration toExit = Duration.ofNanos(System.nanoTime() - signalled);
    assertThat(daemon.exitValue()).isEqualTo(exitCode);
    TaskView shortDone = server.awaitTaskDone(shortId, Duration.ofSeconds(1));
    TaskView longDone = server.awaitTaskDone(longId, Duration.ofSeconds(1));
    assertThat(shortDone.result())
        .as(String.join("\n", shortDone.lines()))
        .isEqualTo(Result.RESULT_SUCCESS);
    assertThat(shortDone.lines()).contains("ended");
    assertThat(longDone.result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(longDone.lines()).contains("started").anyMatch(l -> l.contains(SHUTDOWN_LINE));
    assertThat(toExit).as("waited for shutdown_timeout (8s)").isGreaterThan(Duration.ofSeconds(7));
    assertThat(server.calls("FetchTask").size() - fetches)
        .as("polling stops at the signal (one fetch may be in flight)")
        .isLessThanOrEqualTo(1);
    String log = JrunnerProcess.stderr(dir);
    assertThat(log).contains("stop requested").contains("shutdown timeout passed");
    assertNothingLeft();
    System.out.println(
        "[figure] SIG" + signal + ": exit " + exitCode + " after " + toExit.toMillis() + " ms");
  }

  private long awaitStarted(String jobId) throws InterruptedException {
    server.awaitCall(
        "UpdateLog",
        c ->
            server.tasks().stream()
                .anyMatch(t -> t.jobId().equals(jobId) && t.lines().contains("started")),
        WAIT);
    return server.tasks().stream()
        .filter(t -> t.jobId().equals(jobId))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private void signal(String name) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(daemon.pid())).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  private void assertNothingLeft() throws Exception {
    String uuid =
        JsonParser.parseString(Files.readString(dir.resolve(".runner")))
            .getAsJsonObject()
            .get("uuid")
            .getAsString();
    List<String> label = List.of(ResourceLabels.RUNNER + "=" + uuid);
    try (DockerClient docker = DockerClients.create("unix:///var/run/docker.sock", WAIT)) {
      assertThat(
              docker
                  .listContainersCmd()
                  .withShowAll(true)
                  .withLabelFilter(Map.of(ResourceLabels.RUNNER, uuid))
                  .exec())
          .isEmpty();
      assertThat(docker.listNetworksCmd().withFilter("label", label).exec()).isEmpty();
      assertThat(docker.listVolumesCmd().withFilter("label", label).exec().getVolumes())
          .isNullOrEmpty();
    }
  }
}
