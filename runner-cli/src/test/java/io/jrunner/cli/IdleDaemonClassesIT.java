// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.docker.DockerClients;
import io.jrunner.docker.ResourceLabels;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Views.TaskView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a daemon with a Docker label starts, sweeps an earlier run's leftovers and polls
 * without loading docker-java, Jackson, Apache HttpClient 5 or Guava (its start-up client is {@link
 * io.jrunner.docker.EngineApi}); its first Docker job makes the docker-java client and succeeds.
 * Read from the JVM's own class-loading log ({@code -Xlog:class+load}) of the shaded jar run as a
 * process.
 */
class IdleDaemonClassesIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String BUSYBOX = "runner-test/busybox:latest";
  private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*\\] (\\S+) source:");
  private static final List<String> HEAVY =
      List.of(
          "com.github.dockerjava.",
          "com.fasterxml.jackson.",
          "org.apache.hc.",
          "com.google.common.");

  @TempDir Path dir;
  private FakeForgejoServer server;
  private DockerClient docker;
  private Process daemon;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    docker = DockerClients.create("unix:///var/run/docker.sock", WAIT);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      JrunnerProcess.stop(daemon);
    } finally {
      server.close();
      docker.close();
    }
  }

  @Test
  void anIdleDaemonLoadsNoDockerJava_andItsFirstJobMakesTheClient() throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"), "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\n");
    JrunnerProcess.register(dir, server, "lazy:docker://" + BUSYBOX);
    String uuid = JrunnerProcess.runnerUuid(dir);
    // What a crashed earlier run left: the start-up sweep removes it without docker-java.
    docker
        .createNetworkCmd()
        .withName("jrunner-it-leftover-" + uuid.substring(0, 8))
        .withLabels(ResourceLabels.of(uuid, 1))
        .exec();
    Path classLog = dir.resolve("class-load.log");

    daemon =
        JrunnerProcess.start(
            List.of("-Xlog:class+load=info:file=" + classLog), dir, "daemon", "-c", "config.yaml");
    int polls = 3;
    server.awaitCall("FetchTask", c -> server.calls("FetchTask").size() >= polls, WAIT);

    List<String> idle = loaded(classLog);

    assertThat(idle)
        .as("the log is read while the daemon runs")
        .contains("io.jrunner.daemon.RunnerDaemon", "io.jrunner.docker.EngineApi");
    assertThat(idle.stream().filter(c -> HEAVY.stream().anyMatch(c::startsWith)).toList())
        .as("heavy classes an idle daemon loaded")
        .isEmpty();
    assertThat(RunnerLeftovers.of(docker, uuid)).as("swept at start").isEmpty();
    assertThat(JrunnerProcess.stderr(dir)).contains("removed leftovers of an earlier run");

    server.enqueueJob(FakeJob.of("lazy", List.of("lazy"), "echo from busybox"));
    TaskView done = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);

    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(done.lines()).contains("from busybox");
    assertThat(loaded(classLog))
        .as("the first job made the docker-java client")
        .anyMatch(c -> c.startsWith("com.github.dockerjava."));
    assertThat(RunnerLeftovers.of(docker, uuid)).isEmpty();
  }

  private static List<String> loaded(Path classLog) throws Exception {
    Matcher m = LOADED.matcher(Files.readString(classLog, StandardCharsets.UTF_8));
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
