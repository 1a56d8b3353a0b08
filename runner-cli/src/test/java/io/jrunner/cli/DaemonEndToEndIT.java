// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.RecordedCall;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the command line, as a user would: register against the fake Forgejo, run the daemon, let it
 * take a task and report it, stop it with SIGTERM.
 */
class DaemonEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FakeForgejoServer server;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    Files.writeString(
        dir.resolve("config.yaml"),
        """
        runner:
          fetch_interval: 100ms
          shutdown_timeout: 30s
        """);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void registerThenDaemonDeclaresPollsReportsAndStopsOnSigterm() throws Exception {
    JrunnerProcess.Result register =
        JrunnerProcess.run(
            dir,
            "register",
            "--no-interactive",
            "--instance",
            server.url() + "/",
            "--token",
            server.registrationToken(),
            "--name",
            "e2e",
            "--labels",
            "self:host, other:host");

    assertThat(register.exitCode()).as(register.stderr()).isZero();
    assertThat(register.stdout()).contains("Registered runner e2e");
    Path runnerFile = dir.resolve(".runner");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runnerFile)))
        .isEqualTo("rw-------");
    JsonObject json = JsonParser.parseString(Files.readString(runnerFile)).getAsJsonObject();
    assertThat(json.keySet())
        .containsExactly("WARNING", "id", "uuid", "name", "token", "address", "labels");
    assertThat(json.get("labels").toString()).isEqualTo("[\"self:host\",\"other:host\"]");
    assertThat(server.runners())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("e2e");
              assertThat(r.labels()).containsExactly("self", "other");
            });
    assertThat(server.calls().stream().map(RecordedCall::method))
        .containsExactly("Ping", "Register");
    assertThat(server.calls("Register").get(0).header("x-runner-token")).isNull();

    Process daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    try {
      RecordedCall declare = server.awaitCall("Declare", c -> c.httpStatus() == 200, WAIT);
      DeclareRequest declared = (DeclareRequest) declare.request();
      assertThat(declared.getLabelsList()).containsExactly("self", "other");
      assertThat(declared.getVersion()).isNotBlank();
      assertThat(declare.header("user-agent")).startsWith("jrunner/");
      assertThat(declare.header("x-runner-uuid")).isEqualTo(json.get("uuid").getAsString());
      assertThat(declare.header("x-runner-token")).isEqualTo(json.get("token").getAsString());
      server.awaitCall("FetchTask", c -> true, WAIT);

      server.enqueueJob(FakeJob.of("build", List.of("self"), "echo hello"));
      TaskView task = server.awaitTask(WAIT);
      TaskView done = server.awaitTaskDone(task.id(), WAIT);

      // self:host: the job runs on this machine.
      assertThat(done.result()).isEqualTo(Result.RESULT_SUCCESS);
      assertThat(done.stopped()).isNotNull().isAfter(Instant.EPOCH);
      assertThat(done.lines().get(0)).contains("received task " + task.id() + " of job build");
      assertThat(done.lines()).contains("hello", "Job success");
      List<RecordedCall> fetches = server.calls("FetchTask");
      assertThat(fetches)
          .allSatisfy(
              c -> {
                assertThat(c.header("x-runner-request-key")).isNotBlank();
                assertThat(c.header("connect-timeout-ms")).isEqualTo("5000");
              });
      assertThat(((FetchTaskRequest) fetches.get(0).request()).getTasksVersion()).isZero();
      assertThat(((FetchTaskRequest) fetches.get(1).request()).getTasksVersion()).isPositive();
      assertThat(((FetchTaskRequest) fetches.get(0).request()).getTaskCapacity()).isEqualTo(1);
    } finally {
      daemon.destroy(); // SIGTERM
      assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(daemon.exitValue()).isEqualTo(143);
    String log = JrunnerProcess.stderr(dir);
    assertThat(log).contains("stop requested").contains("stopped").doesNotContain("Exception");
    assertThat(log).doesNotContain(json.get("token").getAsString());
    int fetchesAtStop = server.calls("FetchTask").size();
    Thread.sleep(300);
    assertThat(server.calls("FetchTask")).hasSize(fetchesAtStop);
  }

  @Test
  void secondDaemonOnTheSameRunnerFileRefusesToStart() throws Exception {
    register();
    Process first = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    try {
      server.awaitCall("Declare", c -> true, WAIT);
      Path other = Files.createDirectory(dir.resolve("other"));
      Files.writeString(
          other.resolve("config.yaml"), "runner:\n  file: " + dir.resolve(".runner") + "\n");
      JrunnerProcess.Result locked = JrunnerProcess.run(other, "daemon", "-c", "config.yaml");
      assertThat(locked.exitCode()).isEqualTo(3);
      assertThat(locked.stderr()).contains("another jrunner process");
    } finally {
      first.destroy();
      first.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void revokedCredentialsStopTheDaemonWithOneClearMessage() throws Exception {
    register();
    Path runnerFile = dir.resolve(".runner");
    String text = Files.readString(runnerFile);
    String token = JsonParser.parseString(text).getAsJsonObject().get("token").getAsString();
    Files.writeString(runnerFile, text.replace(token, "0".repeat(40)));

    JrunnerProcess.Result result = JrunnerProcess.run(dir, "daemon", "-c", "config.yaml");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stderr())
        .contains("jrunner: error: the server rejected this runner's credentials")
        .doesNotContain("\tat ");
  }

  @Test
  void oldServersWithoutDeclareAreTolerated() throws Exception {
    register();
    server.declareImplemented(false);
    server.legacyAuthErrors(true);
    Process daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    try {
      server.awaitCall("FetchTask", c -> c.httpStatus() == 200, WAIT);
    } finally {
      daemon.destroy();
      daemon.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(JrunnerProcess.stderr(dir)).contains("does not support Declare");
  }

  @Test
  void oneJob_exitsTwoWithoutATaskAndRunsOneWhenThereIs() throws Exception {
    register();

    JrunnerProcess.Result none = JrunnerProcess.run(dir, "one-job", "-c", "config.yaml");
    server.enqueueJob(FakeJob.of("a", List.of("self"), "true"));
    server.enqueueJob(FakeJob.of("b", List.of("self"), "true"));
    JrunnerProcess.Result one = JrunnerProcess.run(dir, "one-job", "-c", "config.yaml");

    assertThat(none.exitCode()).as(none.stderr()).isEqualTo(2);
    assertThat(one.exitCode()).as(one.stderr()).isZero();
    assertThat(server.tasks()).singleElement().satisfies(t -> assertThat(t.done()).isTrue());
    assertThat(server.waitingJobs()).isEqualTo(1);
  }

  @Test
  void oneJobWait_pollsUntilATaskArrives() throws Exception {
    register();
    Process waiting = JrunnerProcess.start(dir, "one-job", "--wait", "-c", "config.yaml");
    server.awaitCall("FetchTask", c -> server.calls("FetchTask").size() >= 3, WAIT);

    server.enqueueJob(FakeJob.of("late", List.of("self"), "true"));

    assertThat(waiting.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(waiting.exitValue()).isZero();
    assertThat(server.tasks()).singleElement().satisfies(t -> assertThat(t.done()).isTrue());
  }

  @Test
  void daemonWithDockerLabels_sweepsLeftoversOfACrashedRunAtStart() throws Exception {
    register("docker:docker://runner-test/busybox:latest");
    String uuid =
        JsonParser.parseString(Files.readString(dir.resolve(".runner")))
            .getAsJsonObject()
            .get("uuid")
            .getAsString();
    try (var docker = io.jrunner.docker.DockerClients.create("unix:///var/run/docker.sock", WAIT)) {
      String leftover =
          docker
              .createContainerCmd("runner-test/busybox:latest")
              .withLabels(java.util.Map.of(io.jrunner.docker.ResourceLabels.RUNNER, uuid))
              .withCmd("sleep", "600")
              .exec()
              .getId();
      Process daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
      try {
        server.awaitCall("Declare", c -> true, WAIT);
        assertThat(
                docker
                    .listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(
                        java.util.Map.of(io.jrunner.docker.ResourceLabels.RUNNER, uuid))
                    .exec())
            .isEmpty();
        assertThat(JrunnerProcess.stderr(dir)).contains("removed leftovers of an earlier run");
      } finally {
        daemon.destroy();
        daemon.waitFor(30, TimeUnit.SECONDS);
        try {
          docker.removeContainerCmd(leftover).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException expected) {
          // removed by the sweep, as it should be
        }
      }
    }
  }

  @Test
  void dockerJob_runsReportsStepsAndIsCancelledFromTheServer() throws Exception {
    register("docker:docker://runner-test/busybox:latest");
    Process daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    try {
      server.enqueueJob(
          FakeJob.of("build", List.of("docker"), "echo one; echo two", "echo three", "exit 4")
              .withSecrets(java.util.Map.of("PASSWORD", "hunter2")));
      TaskView done = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);

      assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
      List<String> lines = done.lines();
      var steps = done.steps();
      assertThat(steps).hasSize(3);
      assertThat(
              lines.subList(
                  (int) steps.get(0).logIndex(),
                  (int) (steps.get(0).logIndex() + steps.get(0).logLength())))
          .containsExactly("one", "two");
      assertThat(lines.get((int) steps.get(1).logIndex())).isEqualTo("three");
      assertThat(steps.get(1).logIndex()).isEqualTo(steps.get(0).logIndex() + 2);
      assertThat(steps.get(2).result()).isEqualTo(Result.RESULT_FAILURE);
      assertThat(steps.get(0).result()).isEqualTo(Result.RESULT_SUCCESS);
      assertThat(lines).contains("Process completed with exit code 4.");

      server.enqueueJob(FakeJob.of("slow", List.of("docker"), "echo started", "sleep 600"));
      long slowId = nextTask(done.id());
      server.awaitCall(
          "UpdateLog",
          c -> server.task(slowId) != null && server.task(slowId).lines().contains("started"),
          WAIT);
      server.cancelTask(slowId);
      TaskView cancelled = server.awaitTaskDone(slowId, WAIT);
      assertThat(cancelled.result()).isEqualTo(Result.RESULT_CANCELLED);
    } finally {
      daemon.destroy();
      assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void killedMidJob_theRestartReportsTheTaskAndRemovesItsContainers() throws Exception {
    register("docker:docker://runner-test/busybox:latest");
    Process first = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    long id;
    try {
      server.enqueueJob(
          FakeJob.of("long", List.of("docker"), "echo before the crash", "sleep 600"));
      id = server.awaitTask(WAIT).id();
      server.awaitCall(
          "UpdateLog", c -> server.task(id).lines().contains("before the crash"), WAIT);
      server.awaitCall("UpdateTask", c -> server.task(id).steps().get(1).started() != null, WAIT);
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no final report
      first.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(server.task(id).done()).isFalse();

    Process second = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    try {
      TaskView done = server.awaitTaskDone(id, WAIT);
      assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
      assertThat(done.lines()).contains("before the crash");
      assertThat(String.join("\n", done.lines())).contains("runner restarted");
      // No step stays "running" in the web UI, and the restart line is shown in the step it
      // interrupted.
      assertThat(done.steps().get(0).result()).isEqualTo(Result.RESULT_SUCCESS);
      var sleep = done.steps().get(1);
      assertThat(sleep.result()).isEqualTo(Result.RESULT_FAILURE);
      assertThat(sleep.stopped()).isNotNull();
      assertThat(done.lines().get((int) (sleep.logIndex() + sleep.logLength() - 1)))
          .contains("runner restarted");
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(JrunnerProcess.stderr(dir)).contains("removed leftovers of an earlier run");
  }

  private long nextTask(long previous) throws Exception {
    server.awaitCall(
        "FetchTask", c -> server.tasks().stream().anyMatch(t -> t.id() > previous), WAIT);
    return server.tasks().stream().filter(t -> t.id() > previous).findFirst().orElseThrow().id();
  }

  @Test
  void dockerJob_runsRemoteNodeAndCompositeActionsFromTheDefaultActionsUrl() throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\nhost:\n  workdir_parent: "
            + dir.resolve("host")
            + "\n");
    register("node:docker://runner-test/debian-node:bookworm");
    try (var git =
        io.jrunner.testkit.GitHttpServer.start(Files.createDirectory(dir.resolve("git")))) {
      git.createRepository(
          "actions/hello",
          java.util.Map.of(
              "action.yml",
              "name: hello\ninputs:\n  who: {default: nobody}\noutputs:\n  said: {}\n"
                  + "runs:\n  using: node20\n  main: main.js\n  post: post.js\n",
              "main.js",
              "const fs = require('fs');\nconsole.log('hello ' + process.env.INPUT_WHO);\n"
                  + "fs.appendFileSync(process.env.GITHUB_OUTPUT, 'said=hi '"
                  + " + process.env.INPUT_WHO + '\\n');\n",
              "post.js",
              "console.log('post of hello');\n",
              "wrap/action.yml",
              "name: wrap\nruns:\n  using: composite\n  steps:\n"
                  + "    - uses: actions/hello@v1\n      with: {who: wrapped}\n"
                  + "    - shell: bash\n      run: echo \"in composite, node $(node --version)\"\n"),
          "v1");
      Process daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
      try {
        server.enqueueJob(
            FakeJob.fromYaml(
                    "act",
                    List.of("node"),
                    """
                    on: push
                    jobs:
                      act:
                        runs-on: node
                        steps:
                          - id: h
                            uses: actions/hello@v1
                            with:
                              who: daemon
                          - run: '[ "${{ steps.h.outputs.said }}" = "hi daemon" ]'
                          - uses: actions/hello/wrap@v1
                    """)
                .withContext(
                    com.google.protobuf.Struct.newBuilder()
                        .putFields(
                            "forgejo_default_actions_url",
                            com.google.protobuf.Value.newBuilder()
                                .setStringValue(git.url())
                                .build())
                        .build()));
        TaskView done = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);

        assertThat(done.result())
            .as(String.join("\n", done.lines()))
            .isEqualTo(Result.RESULT_SUCCESS);
        assertThat(done.lines())
            .contains("hello daemon", "hello wrapped", "post of hello")
            .anyMatch(l -> l.startsWith("in composite, node v"));
        assertThat(done.steps())
            .allSatisfy(st -> assertThat(st.result()).isEqualTo(Result.RESULT_SUCCESS));
      } finally {
        daemon.destroy();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  private void register() throws Exception {
    register("self:host");
  }

  private void register(String labels) throws Exception {
    JrunnerProcess.register(dir, server, labels);
  }
}
