// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.Contexts.Trigger;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Views.RunnerView;
import io.jrunner.testkit.Views.TaskView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our users' topology with the real daemon processes: a dev node and a prod node, each registered
 * and run with its profile of the same config.yaml against the fake Forgejo. Each takes only its
 * jobs; prod refuses what its policy refuses, before anything runs, and runs a protected main.
 */
class ProfilesEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String IMAGE = "runner-test/busybox:latest";

  private static final String CONFIG =
      """
      runner:
        fetch_interval: 100ms
        shutdown_timeout: 30s
      profiles:
        dev:
          runner:
            labels: ["dev:docker://%1$s"]
        prod:
          runner:
            labels: ["prod:docker://%1$s"]
          container:
            docker_host: "-"
            privileged: false
            valid_volumes: []
            allowed_options: []
          policy:
            refs:
              allowed: [refs/heads/main, "refs/tags/v*"]
              require_protected: true
            events:
              refused: [pull_request, pull_request_target]
            docker_socket: false
            privileged: false
            host_volumes: false
      """
          .formatted(IMAGE);

  @TempDir Path dir;
  private FakeForgejoServer server;
  private final List<Process> daemons = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : daemons) {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    server.close();
  }

  @Test
  void devAndProdTakeOnlyTheirJobsAndProdRefusesWhatItsPolicyRefuses() throws Exception {
    Path devNode = node("dev");
    Path prodNode = node("prod");
    assertThat(devNode.resolve("dev/.runner")).exists();
    assertThat(prodNode.resolve("prod/.runner")).exists();
    assertThat(prodNode.resolve(".runner")).doesNotExist();
    RunnerView dev = runner("dev-1");
    RunnerView prod = runner("prod-1");
    assertThat(dev.labels()).containsExactly("dev");
    assertThat(prod.labels()).containsExactly("prod");

    daemons.add(
        JrunnerProcess.start(devNode, "daemon", "--config", "config.yaml", "--profile", "dev"));
    daemons.add(
        JrunnerProcess.start(prodNode, "daemon", "--config", "config.yaml", "--profile", "prod"));
    server.awaitCall("Declare", c -> c.header("x-runner-uuid").equals(dev.uuid()), WAIT);
    server.awaitCall("Declare", c -> c.header("x-runner-uuid").equals(prod.uuid()), WAIT);
    Instant since = Instant.now();

    // dev takes anything on its label, any ref
    TaskView devTask =
        run(
            FakeJob.of("test", List.of("dev"), "echo tested on dev")
                .withContext(Trigger.pushToMain(false).onRef("refs/heads/feature/x").overrides()));
    assertThat(devTask.runnerId()).isEqualTo(dev.id());
    assertThat(devTask.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(devTask.lines()).contains("tested on dev");

    TaskView feature =
        refused(
            Trigger.pushToMain(true).onRef("refs/heads/feature/untrusted"), "echo deployed", prod);
    assertThat(feature.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .isEqualTo(
                        "Error: refused by this runner's policy (profile prod), rule refs.allowed:"
                            + " ref refs/heads/feature/untrusted matches none of [refs/heads/main,"
                            + " refs/tags/v*]. Nothing of the task ran. To change this, the"
                            + " runner's administrator edits profiles.prod.policy.refs.allowed in"
                            + " its config.yaml."));

    TaskView unprotected = refused(Trigger.pushToMain(false), "echo deployed", prod);
    assertThat(unprotected.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("rule refs.require_protected: ref refs/heads/main is not protected")
                    .contains("profiles.prod.policy.refs.require_protected"));

    TaskView pullRequest =
        refused(Trigger.pushToMain(true).byEvent("pull_request"), "echo deployed", prod);
    assertThat(pullRequest.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("rule events: event pull_request is refused")
                    .contains("profiles.prod.policy.events.refused"));

    String socketJob =
        """
        on: push
        jobs:
          deploy:
            runs-on: prod
            container:
              image: %s
              volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
            steps:
              - run: echo deployed
        """
            .formatted(IMAGE);
    TaskView socket =
        await(
            FakeJob.fromYaml("deploy", List.of("prod"), socketJob)
                .withContext(Trigger.pushToMain(true).overrides()));
    assertRefused(socket, prod);
    assertThat(socket.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .isEqualTo(
                        "Error: refused by this runner's policy (profile prod): job container:"
                            + " volume /var/run/docker.sock gives the job the Docker engine,"
                            + " which this runner refuses (profiles.prod.policy.docker_socket is"
                            + " false). Nothing of the task ran."));

    TaskView deployed =
        run(
            FakeJob.of("deploy", List.of("prod"), "echo deployed")
                .withContext(Trigger.pushToMain(true).overrides()));
    assertThat(deployed.runnerId()).isEqualTo(prod.id());
    assertThat(deployed.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(deployed.lines()).contains("deployed");

    for (TaskView t : List.of(feature, unprotected, pullRequest, socket)) {
      assertThat(containersCreated(t.id(), prod.uuid(), since)).as("task " + t.id()).isEmpty();
    }
    assertThat(containersCreated(deployed.id(), prod.uuid(), since)).isNotEmpty();
    String prodLog = JrunnerProcess.stderr(prodNode);
    assertThat(prodLog)
        .contains("profile prod: policy refs [refs/heads/main, refs/tags/v*] (protected only)")
        .contains(
            "task "
                + feature.id()
                + " refused by the policy of profile prod: rule refs.allowed, value"
                + " refs/heads/feature/untrusted; change profiles.prod.policy.refs.allowed")
        .doesNotContain(unprotected.token());
  }

  /** Registers a runner for {@code profile} in a node directory of its own. */
  private Path node(String profile) throws Exception {
    Path node = Files.createDirectory(dir.resolve(profile + "-node"));
    Files.writeString(node.resolve("config.yaml"), CONFIG);
    JrunnerProcess.Result register =
        JrunnerProcess.run(
            node,
            "register",
            "--config",
            "config.yaml",
            "--profile",
            profile,
            "--no-interactive",
            "--instance",
            server.url() + "/",
            "--token",
            server.registrationToken(),
            "--name",
            profile + "-1");
    assertThat(register.exitCode()).as(register.stderr()).isZero();
    return node;
  }

  private RunnerView runner(String name) {
    return server.runners().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  private TaskView refused(Trigger trigger, String command, RunnerView prod) throws Exception {
    TaskView t =
        await(FakeJob.of("deploy", List.of("prod"), command).withContext(trigger.overrides()));
    assertRefused(t, prod);
    return t;
  }

  private static void assertRefused(TaskView t, RunnerView prod) {
    assertThat(t.runnerId()).isEqualTo(prod.id());
    assertThat(t.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(t.lines()).doesNotContain("deployed").contains("Job failure");
    assertThat(String.join("\n", t.lines())).doesNotContain("Pulling");
  }

  private TaskView run(FakeJob job) throws Exception {
    return await(job);
  }

  private TaskView await(FakeJob job) throws Exception {
    int before = server.tasks().size();
    server.enqueueJob(job);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.tasks().size() <= before) {
      assertThat(System.nanoTime()).as("no runner took the job").isLessThan(deadline);
      Thread.sleep(50);
    }
    long id = server.tasks().get(before).id();
    return server.awaitTaskDone(id, WAIT);
  }

  /** The containers created for a task of a runner since a time, from the engine's events. */
  private static List<String> containersCreated(long task, String runner, Instant since)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "docker",
                "events",
                "--since",
                Long.toString(since.getEpochSecond() - 1),
                "--until",
                Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter",
                "type=container",
                "--filter",
                "event=create",
                "--filter",
                "label=io.jrunner.task=" + task,
                "--format",
                "{{index .Actor.Attributes \"io.jrunner.runner\"}} {{.Actor.ID}}")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().filter(l -> l.startsWith(runner + " ")).toList();
  }
}
