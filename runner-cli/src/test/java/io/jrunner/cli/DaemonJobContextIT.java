// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.google.protobuf.Struct;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Views.StepView;
import io.jrunner.testkit.Views.TaskView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon (a separate process) against the fake Forgejo with the real Docker engine: a job whose
 * own {@code if:} is false is reported skipped and creates nothing on the engine (checked in the
 * engine's event stream), and a Docker job with a service sees the containers the engine created in
 * its {@code job} context.
 */
class DaemonJobContextIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private FakeForgejoServer server;
  private Process daemon;

  /** The suite's service image (busybox that sleeps), built from the local busybox. */
  @BeforeAll
  static void buildSleeper() throws Exception {
    Process p =
        new ProcessBuilder("docker", "build", "-q", "-t", "runner-test/sleeper:latest", "-")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream()
        .write(
            "FROM runner-test/busybox:latest\nCMD [\"sleep\", \"3600\"]\n"
                .getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    Files.writeString(
        dir.resolve("config.yaml"),
        "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\nhost:\n  workdir_parent: "
            + dir.resolve("host")
            + "\n");
    JrunnerProcess.register(dir, server, "deb:docker://runner-test/debian-node:bookworm");
    daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    server.awaitCall("FetchTask", c -> c.httpStatus() == 200, WAIT);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      daemon.destroy();
      if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    } finally {
      server.close();
    }
  }

  private TaskView run(FakeJob job) throws InterruptedException {
    long id = server.tasks().size() + 1;
    server.enqueueJob(job);
    return server.awaitTaskDone(id, WAIT);
  }

  @Test
  void falseJobIf_isSkippedWithALineAndCreatesNothingOnTheEngine() throws Exception {
    long since = Instant.now().getEpochSecond() - 1;
    String yaml =
        """
        on: push
        jobs:
          deploy-prod:
            if: github.ref == 'refs/heads/main'
            runs-on: deb
            services:
              db:
                image: runner-test/busybox:latest
            steps:
              - run: echo deployed
              - run: echo again
        """;
    TaskView skipped =
        run(FakeJob.fromYaml("deploy-prod", List.of("deb"), yaml).withContext(ref("develop")));

    assertThat(skipped.result()).isEqualTo(Result.RESULT_SKIPPED);
    assertThat(skipped.stopped()).isAfter(Instant.EPOCH);
    assertThat(skipped.steps())
        .hasSize(2)
        .extracting(StepView::result)
        .containsOnly(Result.RESULT_SKIPPED);
    assertThat(skipped.lines())
        .contains("Skipping job: if: github.ref == 'refs/heads/main' evaluated to false")
        .doesNotContain("deployed");
    assertThat(engineEvents(since))
        .as("the engine's events for this runner's containers")
        .isEmpty();

    // The same job on main runs, and the same query sees what it created: the check above can fail.
    TaskView ran =
        run(FakeJob.fromYaml("deploy-prod", List.of("deb"), yaml).withContext(ref("main")));
    assertThat(ran.result()).as(String.join("\n", ran.lines())).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(ran.lines()).contains("deployed");
    assertThat(engineEvents(since)).anySatisfy(e -> assertThat(e).startsWith("container create"));
  }

  @Test
  void dockerJobWithAService_seesItsContainersInTheJobContext() throws Exception {
    long since = Instant.now().getEpochSecond() - 1;
    TaskView done =
        run(
            FakeJob.fromYaml(
                "ctx",
                List.of("deb"),
                """
                on: push
                jobs:
                  ctx:
                    runs-on: deb
                    services:
                      web:
                        image: runner-test/sleeper:latest
                        ports:
                          - 8080
                    steps:
                      - run: |
                          echo "job.container.id=${{ job.container.id }}"
                          echo "job.container.network=${{ job.container.network }}"
                          echo "job.services.web.id=${{ job.services.web.id }}"
                          echo "job.services.web.network=${{ job.services.web.network }}"
                          echo "job.services.web.ports.8080=${{ job.services.web.ports[8080] }}"
                          echo "ports=${{ join(job.services.web.ports.*, ',') }}"
                          echo "job.status=${{ job.status }}"
                """));

    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    String jobId = value(done, "job.container.id");
    String serviceId = value(done, "job.services.web.id");
    String network = value(done, "job.container.network");
    List<String> events = engineEvents(since);
    assertThat(events).contains("container create " + jobId, "container create " + serviceId);
    assertThat(network).startsWith("jrunner-");
    assertThat(value(done, "job.services.web.network")).isEqualTo(network);
    String port = value(done, "job.services.web.ports.8080");
    assertThat(port).matches("\\d+");
    assertThat(done.lines()).contains("ports=" + port, "job.status=success");
  }

  private static String value(TaskView task, String key) {
    return task.lines().stream()
        .filter(l -> l.startsWith(key + "="))
        .map(l -> l.substring(key.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + key + "= in " + task.lines()));
  }

  private static Struct ref(String branch) {
    return Struct.newBuilder()
        .putFields(
            "ref",
            com.google.protobuf.Value.newBuilder().setStringValue("refs/heads/" + branch).build())
        .build();
  }

  /**
   * The engine's events for this runner's labelled objects since {@code since}: "type action id"
   * (this engine puts labels on container events, not on network events).
   */
  private List<String> engineEvents(long since) throws IOException, InterruptedException {
    String uuid =
        JsonParser.parseString(Files.readString(dir.resolve(".runner")))
            .getAsJsonObject()
            .get("uuid")
            .getAsString();
    Process p =
        new ProcessBuilder(
                "docker",
                "events",
                "--since",
                Long.toString(since),
                "--until",
                Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter",
                "label=io.jrunner.runner=" + uuid,
                "--format",
                "{{.Type}} {{.Action}} {{.Actor.ID}}")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
