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
  private final List<Process> daemons = new java.util.ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (Process p : daemons) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      server.close();
    }
  }

  /**
   * Two daemons on one fake, so both signals share the wait: "term" gets SIGHUP mid-job, then
   * SIGTERM; "int" gets SIGINT. Each runs a job that ends within {@code shutdown_timeout} and one
   * that does not.
   */
  @Test
  void sighupIgnoredMidJob_sigtermAndSigintFinishOneJobCancelTheOtherReportBothAndExit()
      throws Exception {
    Path term = Files.createDirectory(dir.resolve("term"));
    Path intr = Files.createDirectory(dir.resolve("int"));
    Process termDaemon = startDaemon(term, "term");
    Process intDaemon = startDaemon(intr, "int");
    for (String label : List.of("term", "int")) {
      server.enqueueJob(
          FakeJob.of("short-" + label, List.of(label), "echo started", "sleep 4; echo ended"));
      server.enqueueJob(FakeJob.of("long-" + label, List.of(label), "echo started", "sleep 600"));
    }
    for (String label : List.of("term", "int")) {
      awaitStarted("short-" + label);
      awaitStarted("long-" + label);
    }

    signal(termDaemon, "HUP");
    awaitLog(term, "SIGHUP ignored");
    assertThat(termDaemon.isAlive()).isTrue();
    assertThat(JrunnerProcess.stderr(term)).as("no stop began").doesNotContain("stop requested");

    int fetches = server.calls("FetchTask").size();
    long signalled = System.nanoTime();
    signal(termDaemon, "TERM");
    signal(intDaemon, "INT");
    assertStopped(term, termDaemon, "term", 143, signalled);
    assertStopped(intr, intDaemon, "int", 130, signalled);
    assertThat(server.calls("FetchTask").size() - fetches)
        .as("polling stops at the signal (at most the fetches in flight)")
        .isLessThanOrEqualTo(2);
  }

  private Process startDaemon(Path home, String label) throws Exception {
    Files.writeString(
        home.resolve("config.yaml"),
        "runner:\n  capacity: 2\n  fetch_interval: 100ms\n  shutdown_timeout: 8s\n");
    JrunnerProcess.register(home, server, label + ":docker://runner-test/busybox:latest");
    Process p = JrunnerProcess.start(home, "daemon", "-c", "config.yaml");
    daemons.add(p);
    return p;
  }

  /** The daemon exited with {@code exitCode}, the short job succeeded, the long was cancelled. */
  private void assertStopped(Path home, Process daemon, String label, int exitCode, long signalled)
      throws Exception {
    assertThat(daemon.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Duration toExit = Duration.ofNanos(System.nanoTime() - signalled);
    assertThat(daemon.exitValue()).as(label).isEqualTo(exitCode);
    TaskView shortDone = server.awaitTaskDone(taskId("short-" + label), Duration.ofSeconds(1));
    TaskView longDone = server.awaitTaskDone(taskId("long-" + label), Duration.ofSeconds(1));
    assertThat(shortDone.result())
        .as(String.join("\n", shortDone.lines()))
        .isEqualTo(Result.RESULT_SUCCESS);
    assertThat(shortDone.lines()).contains("ended");
    assertThat(longDone.result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(longDone.lines()).contains("started").anyMatch(l -> l.contains(SHUTDOWN_LINE));
    assertThat(toExit).as("waited for shutdown_timeout (8s)").isGreaterThan(Duration.ofSeconds(7));
    assertThat(JrunnerProcess.stderr(home))
        .contains("stop requested")
        .contains("shutdown timeout passed");
    assertNothingLeft(home);
    System.out.println(
        "[figure] " + label + ": exit " + exitCode + " after " + toExit.toMillis() + " ms");
  }

  private long awaitStarted(String jobId) throws InterruptedException {
    server.awaitCall(
        "UpdateLog",
        c ->
            server.tasks().stream()
                .anyMatch(t -> t.jobId().equals(jobId) && t.lines().contains("started")),
        WAIT);
    return taskId(jobId);
  }

  private long taskId(String jobId) {
    return server.tasks().stream()
        .filter(t -> t.jobId().equals(jobId))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static void awaitLog(Path home, String text) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!JrunnerProcess.stderr(home).contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(50); // a log line: no server call to await
    }
    assertThat(JrunnerProcess.stderr(home)).contains(text);
  }

  private static void signal(Process daemon, String name) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(daemon.pid())).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  private static void assertNothingLeft(Path home) throws Exception {
    String uuid =
        JsonParser.parseString(Files.readString(home.resolve(".runner")))
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
