// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.GitHttpServer;
import io.jrunner.testkit.Views.RunnerView;
import io.jrunner.testkit.Views.TaskView;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * The container image (docker/, docs/container.md) as our users run it: built here by {@code
 * docker/build-image.sh} FROM a locally built base, started like act_runner's image in their
 * compose file (only {@code GITEA_*} variables, the Docker socket, a {@code /data} volume) against
 * the fake Forgejo on the host network. It registers from the environment while the server comes up
 * late, runs a Docker job as a non-root user in the socket's group, keeps its registration across a
 * restart, and cancels and reports its job within {@code docker stop}'s 10 s.
 */
class ContainerImageIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String BASE =
      System.getProperty("jrunner.image.base", "runner-test/debian-node:bookworm");
  private static final String JOB_IMAGE = "runner-test/busybox:latest";
  private static final String TAG = "jrunner-it/image:" + ProcessHandle.current().pid();

  @TempDir Path data;
  private FakeForgejoServer server;
  private GenericContainer<?> runner;

  @BeforeAll
  static void buildImage() throws Exception {
    Path context = Path.of("target", "image-it-context").toAbsolutePath();
    ProcessBuilder script =
        new ProcessBuilder("bash", Path.of("..", "docker", "build-image.sh").toString())
            .redirectErrorStream(true);
    script.environment().put("CONTEXT_ONLY", "1");
    script.environment().put("CONTEXT", context.toString());
    script.environment().put("JAR", JrunnerProcess.JAR.toString());
    script.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = script.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    new ImageFromDockerfile(TAG, false)
        .withDockerfile(context.resolve("Dockerfile"))
        .withBuildArg("BASE_IMAGE", BASE)
        .get();
  }

  @AfterAll
  static void removeImage() {
    DockerClientFactory.instance().client().removeImageCmd(TAG).withForce(true).exec();
  }

  @BeforeEach
  void startServer() throws Exception {
    server = FakeForgejoServer.start();
  }

  @AfterEach
  void stop() {
    if (runner != null) {
      runner.stop();
    }
    // After a failure the runner may have been killed mid-job: remove what its jobs left.
    DockerClient docker = DockerClientFactory.instance().client();
    for (RunnerView r : server.runners()) {
      List<String> label = List.of("io.jrunner.runner=" + r.uuid());
      docker
          .listContainersCmd()
          .withShowAll(true)
          .withLabelFilter(label)
          .exec()
          .forEach(
              c ->
                  docker
                      .removeContainerCmd(c.getId())
                      .withForce(true)
                      .withRemoveVolumes(true)
                      .exec());
      docker
          .listNetworksCmd()
          .withFilter("label", label)
          .exec()
          .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
      docker
          .listVolumesCmd()
          .withFilter("label", label)
          .exec()
          .getVolumes()
          .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
    }
    server.close();
  }

  @Test
  void replacesActRunnerInTheUsersComposeFile() throws Exception {
    // The instance is still booting when the runner starts: registration must wait for it.
    server.stop();
    runner =
        new GenericContainer<>(DockerImageName.parse(TAG))
            .withImagePullPolicy(image -> false) // built above; never pull
            .withNetworkMode("host")
            .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock", BindMode.READ_WRITE)
            .withFileSystemBind(data.toString(), "/data", BindMode.READ_WRITE)
            .withEnv("GITEA_INSTANCE_URL", server.url())
            .withEnv("GITEA_RUNNER_REGISTRATION_TOKEN", server.registrationToken())
            .withEnv("GITEA_RUNNER_NAME", "image-it")
            .withEnv("GITEA_RUNNER_LABELS", "ubuntu-latest:docker://" + JOB_IMAGE)
            .waitingFor(
                Wait.forLogMessage(".*Registration attempt 1 of 10 failed.*", 1)
                    .withStartupTimeout(WAIT));
    runner.start();
    String id = runner.getContainerId();
    DockerClient docker = runner.getDockerClient();

    server.restart();
    server.awaitCall("Declare", c -> c.httpStatus() == 200, WAIT);
    RunnerView registered = server.runners().getFirst();
    assertThat(server.runners()).hasSize(1);
    assertThat(registered.name()).isEqualTo("image-it");
    assertThat(registered.labels()).containsExactly("ubuntu-latest");
    assertThat(Files.readString(data.resolve(".runner"))).contains(registered.uuid());

    // The daemon runs as the image's user, in the socket's group, without the token.
    String daemon = daemonProcess();
    assertThat(daemon).contains("GITEA_INSTANCE_URL=").doesNotContain("REGISTRATION_TOKEN");
    assertThat(daemon).contains("Uid:\t1000\t");
    String socketGid =
        runner.execInContainer("stat", "-c", "%g", "/var/run/docker.sock").getStdout().strip();
    assertThat(daemon).containsPattern("Groups:.*\\b" + socketGid + "\\b");

    // A Docker job through the mounted socket.
    server.enqueueJob(FakeJob.of("build", List.of("ubuntu-latest"), "echo hello from busybox"));
    TaskView first = server.awaitTask(WAIT);
    TaskView done = server.awaitTaskDone(first.id(), WAIT);
    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(done.lines()).contains("hello from busybox");

    // A restart keeps the registration in /data: no second Register, the same runner declares.
    int declares = server.calls("Declare").size();
    docker.restartContainerCmd(id).withTimeout(10).exec();
    server.awaitCall("Declare", c -> server.calls("Declare").size() > declares, WAIT);
    assertThat(runner.getLogs()).contains("Already registered (/data/.runner)");
    assertThat(server.calls("Register")).hasSize(1);
    assertThat(server.runners()).hasSize(1);
    assertThat(server.calls("Declare").getLast().header("x-runner-uuid"))
        .isEqualTo(registered.uuid());

    // docker stop (10 s by default): the running job is cancelled and reported, its container
    // removed, and the runner exits by itself after the SIGTERM (143, as under systemd), not by
    // docker's SIGKILL (137).
    server.enqueueJob(FakeJob.of("long", List.of("ubuntu-latest"), "echo started", "sleep 300"));
    server.awaitCall("UpdateTask", c -> longJob().isPresent(), WAIT);
    TaskView second = longJob().orElseThrow();
    docker.stopContainerCmd(id).exec();
    InspectContainerResponse stopped = docker.inspectContainerCmd(id).exec();
    assertThat(stopped.getState().getExitCodeLong()).as(runner.getLogs()).isEqualTo(143L);
    TaskView cancelled = server.awaitTaskDone(second.id(), Duration.ofSeconds(5));
    assertThat(cancelled.result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(
            docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of("io.jrunner.runner=" + registered.uuid()))
                .exec())
        .isEmpty();
  }

  /**
   * The runner on a bridge network of its own (as in a compose file), jobs on per-job networks:
   * with no cache setting, the real actions/cache saves in one job and restores in the next through
   * the runner's cache, which the daemon makes reachable by joining each job's network (and leaving
   * it after). The fake Forgejo and the git server are reached through relays on the bridge's
   * gateway.
   */
  @Test
  void jobsReachTheCacheOfARunnerInAContainer() throws Exception {
    Path action = ActionsCacheIT.actionDir();
    DockerClient docker = DockerClientFactory.instance().client();
    String gateway =
        docker.inspectNetworkCmd().withNetworkId("bridge").exec().getIpam().getConfig().stream()
            .map(c -> c.getGateway())
            .filter(g -> g != null && g.contains("."))
            .findFirst()
            .orElseGet(ContainerImageIT::docker0Address);
    try (GitHttpServer git = GitHttpServer.start(Files.createDirectory(data.resolve("git")));
        TcpRelay forgejo = TcpRelay.start(gateway, URI.create(server.url()).getPort());
        TcpRelay actions = TcpRelay.start(gateway, URI.create(git.url()).getPort())) {
      ActionsCacheIT.serve(git, action);
      runner =
          new GenericContainer<>(DockerImageName.parse(TAG))
              .withImagePullPolicy(image -> false)
              .withFileSystemBind(
                  "/var/run/docker.sock", "/var/run/docker.sock", BindMode.READ_WRITE)
              .withFileSystemBind(
                  Files.createDirectory(data.resolve("data")).toString(),
                  "/data",
                  BindMode.READ_WRITE)
              .withEnv("GITEA_INSTANCE_URL", forgejo.url())
              .withEnv("GITEA_RUNNER_REGISTRATION_TOKEN", server.registrationToken())
              .withEnv("GITEA_RUNNER_NAME", "image-cache-it")
              .withEnv("GITEA_RUNNER_LABELS", "node:docker://runner-test/debian-node:bookworm")
              .waitingFor(
                  Wait.forLogMessage(".*jobs get ACTIONS_CACHE_URL=.*", 1)
                      .withStartupTimeout(WAIT));
      runner.start();
      String shortId = runner.getContainerId().substring(0, 12);
      assertThat(runner.getLogs())
          .contains("jrunner runs in container " + shortId)
          .containsPattern("jobs get ACTIONS_CACHE_URL=http://" + shortId + ":\\d+/<run key>/");

      TaskView saved = cacheJob("save", ActionsCacheIT.saveJob("node"), actions.url());
      assertThat(saved.lines())
          .anyMatch(l -> l.contains("Cache saved with key: " + ActionsCacheIT.KEY));
      TaskView restored = cacheJob("restore", ActionsCacheIT.restoreJob("node"), actions.url());
      assertThat(restored.lines())
          .anyMatch(l -> l.contains("Cache restored from key: " + ActionsCacheIT.KEY));
      // The runner left the jobs' networks: only its own remains.
      assertThat(
              docker
                  .inspectContainerCmd(runner.getContainerId())
                  .exec()
                  .getNetworkSettings()
                  .getNetworks())
          .containsOnlyKeys("bridge");
    }
  }

  /**
   * The host's IPv4 address on the default bridge ({@code docker0}): for engines whose {@code
   * bridge} network names no gateway in its IPAM config.
   */
  private static String docker0Address() {
    try {
      java.net.NetworkInterface bridge = java.net.NetworkInterface.getByName("docker0");
      if (bridge != null) {
        for (java.net.InetAddress a : java.util.Collections.list(bridge.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address) {
            return a.getHostAddress();
          }
        }
      }
    } catch (java.net.SocketException e) {
      throw new IllegalStateException("cannot read docker0's address", e);
    }
    throw new IllegalStateException("the bridge network has no gateway and docker0 no address");
  }

  /** Runs one job of {@code yaml} with actions from {@code actionsUrl}; it must succeed. */
  private TaskView cacheJob(String job, String yaml, String actionsUrl) throws Exception {
    long before = server.tasks().stream().mapToLong(t -> t.id()).max().orElse(0);
    server.enqueueJob(
        FakeJob.fromYaml(job, List.of("node"), "on: push\njobs:\n" + yaml)
            .withContext(
                Struct.newBuilder()
                    .putFields(
                        "forgejo_default_actions_url",
                        Value.newBuilder().setStringValue(actionsUrl).build())
                    .build()));
    server.awaitCall(
        "FetchTask", c -> server.tasks().stream().anyMatch(t -> t.id() > before), WAIT);
    long id = server.tasks().stream().filter(t -> t.id() > before).findFirst().orElseThrow().id();
    TaskView done = server.awaitTaskDone(id, Duration.ofMinutes(3));
    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    return done;
  }

  /** The daemon's (the only JVM's) environment, {@code Uid:} and {@code Groups:} lines. */
  private String daemonProcess() throws IOException, InterruptedException {
    // As the runner's user: reading another user's environ needs CAP_SYS_PTRACE.
    String script =
        "for p in /proc/[0-9]*; do"
            + " if [ \"$(readlink $p/exe)\" = /opt/jrunner/jre/bin/java ]; then"
            + " tr '\\0' '\\n' < $p/environ; grep -E '^(Uid|Groups):' $p/status; fi; done";
    return runner
        .execInContainer(
            ExecConfig.builder().user("1000").command(new String[] {"sh", "-c", script}).build())
        .getStdout();
  }

  /** The task of the job {@code long} once its first step has printed {@code started}. */
  private Optional<TaskView> longJob() {
    return server.tasks().stream()
        .filter(t -> t.jobId().equals("long") && t.lines().contains("started"))
        .findFirst();
  }
}
