// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.google.gson.JsonParser;
import io.jrunner.docker.DockerClients;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker engine restarted under a running job (issue #15), on an engine of the test's own
 * ({@link SecondEngine}) so that the main engine's tests are untouched: the task fails with a line
 * saying the engine went away and is reported, the daemon keeps serving (the next task runs once
 * the engine is back), and nothing the job created is left on the engine.
 */
class DockerEngineRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String BUSYBOX = "runner-test/busybox:latest";

  @TempDir Path dir;

  @Test
  void engineRestartedMidJob_failsTheTaskReportsItAndLeavesNothing() throws Exception {
    try (SecondEngine engine = SecondEngine.start();
        FakeForgejoServer server = FakeForgejoServer.start()) {
      engine.load(BUSYBOX);
      Files.writeString(
          dir.resolve("config.yaml"),
          "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\n"
              + "container:\n  docker_host: "
              + engine.host()
              + "\n");
      JrunnerProcess.register(dir, server, "restart:docker://" + BUSYBOX);
      String uuid =
          JsonParser.parseString(Files.readString(dir.resolve(".runner")))
              .getAsJsonObject()
              .get("uuid")
              .getAsString();
      // DOCKER_HOST too: the daemon's own engine is the second one, not the main one.
      Process daemon =
          JrunnerProcess.start(
              List.of(), Map.of("DOCKER_HOST", engine.host()), dir, "daemon", "-c", "config.yaml");
      try {
        server.enqueueJob(
            FakeJob.of(
                "restart",
                List.of("restart"),
                "echo ready",
                "echo sleeping; sleep 600",
                "echo never"));
        long id = server.awaitTask(WAIT).id();
        server.awaitCall("UpdateLog", c -> server.task(id).lines().contains("sleeping"), WAIT);

        engine.down();
        TaskView done = server.awaitTaskDone(id, WAIT);

        assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
        String log = String.join("\n", done.lines());
        assertThat(log)
            .contains("ready", "sleeping")
            .containsPattern("Error: .*(Docker engine|job container)")
            .doesNotContain("never", "Exception", "com.github", "org.apache");
        assertThat(done.steps()).allSatisfy(s -> assertThat(s.stopped()).isNotNull());

        engine.up();
        server.enqueueJob(FakeJob.of("after", List.of("restart"), "echo engine is back"));
        server.awaitCall(
            "FetchTask", c -> server.tasks().stream().anyMatch(t -> t.id() > id), WAIT);
        long next = server.tasks().stream().filter(t -> t.id() > id).findFirst().orElseThrow().id();
        TaskView after = server.awaitTaskDone(next, WAIT);
        assertThat(after.result())
            .as(String.join("\n", after.lines()))
            .isEqualTo(Result.RESULT_SUCCESS);
        assertThat(after.lines()).contains("engine is back");

        try (DockerClient docker = DockerClients.create(engine.host(), WAIT)) {
          assertThat(RunnerLeftovers.of(docker, uuid)).isEmpty();
        }
        assertThat(JrunnerProcess.stderr(dir))
            .contains("task " + id + ": removed what its failed teardown left");
      } finally {
        daemon.destroy();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(JrunnerProcess.stderr(dir)).doesNotContain("\tat ");
    }
  }
}
