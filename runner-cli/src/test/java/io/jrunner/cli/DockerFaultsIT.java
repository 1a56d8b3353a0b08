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
import io.jrunner.testkit.Fault;
import io.jrunner.testkit.Views.TaskView;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Docker-side fault suite (issue #15) against the real engine and the fake Forgejo, with one
 * daemon process shared by the cases: a job container killed from outside and OOM-killed, an image
 * that cannot be pulled, the spool and the host workspace on full file systems (size-limited tmpfs
 * mounts), and a spool and state file truncated by a crash. After each case: the task is reported
 * with a clear line, no row is lost, nothing labelled with this runner is left on the engine, and
 * the daemon runs the next task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String BUSYBOX = "runner-test/busybox:latest";

  private Path dir;
  private Path spool;
  private Path work;
  private FakeForgejoServer server;
  private DockerClient docker;
  private Process daemon;
  private String uuid;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("jrunner-faults-");
    server = FakeForgejoServer.start();
    docker = DockerClients.create("unix:///var/run/docker.sock", WAIT);
    spool = dir.resolve(".jrunner-spool");
    work = dir.resolve("work");
    // Small file systems of their own: the spool fills after ~96 KiB, the workspace after 1 MiB.
    mountTmpfs(spool, "96k");
    mountTmpfs(work, "1m");
    Files.writeString(
        dir.resolve("config.yaml"),
        "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\nhost:\n  workdir_parent: "
            + work
            + "\n");
    JrunnerProcess.register(dir, server, "faults:docker://" + BUSYBOX + ", faults-host:host");
    uuid =
        JsonParser.parseString(Files.readString(dir.resolve(".runner")))
            .getAsJsonObject()
            .get("uuid")
            .getAsString();
    daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
  }

  @AfterEach
  void nothingLeftAndStillServing() throws Exception {
    assertThat(RunnerLeftovers.of(docker, uuid)).as("objects labelled with this runner").isEmpty();
    server.clearFaults();
    server.enqueueJob(FakeJob.of("next", List.of("faults"), "echo still serving"));
    TaskView next = server.awaitTaskDone(nextTask(), WAIT);
    assertThat(next.result()).as(String.join("\n", next.lines())).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(next.lines()).contains("still serving");
    assertThat(RunnerLeftovers.of(docker, uuid)).isEmpty();
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (daemon != null) {
        daemon.destroy();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(JrunnerProcess.stderr(dir)).doesNotContain("Exception", "\tat ");
    } finally {
      server.close();
      docker.close();
      umount(spool);
      umount(work);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void jobContainerKilledFromOutside_failsTheTaskWithALineSayingSo() throws Exception {
    server.enqueueJob(
        FakeJob.of(
            "killed",
            List.of("faults"),
            "echo ready",
            "echo sleeping; sleep 600",
            "echo unreached"));
    long id = nextTask();
    server.awaitCall("UpdateLog", c -> server.task(id).lines().contains("sleeping"), WAIT);
    String container = jobContainer(id);

    docker.killContainerCmd(container).exec();

    TaskView done = server.awaitTaskDone(id, WAIT);
    assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
    String log = String.join("\n", done.lines());
    assertThat(log)
        .contains("ready", "sleeping")
        .contains("the job container stopped while the step ran")
        .doesNotContain("unreached", "Exception", "com.github");
    assertThat(done.steps().get(1).result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(done.steps()).allSatisfy(s -> assertThat(s.stopped()).isNotNull());
  }

  @Test
  @Order(2)
  void stepOutOfMemory_isReportedAsSuch() throws Exception {
    // Probed first: this engine applies --memory (a cgroup limit) and reports the OOM kill.
    server.enqueueJob(
        FakeJob.fromYaml(
            "oom",
            List.of("faults"),
            """
            on: push
            jobs:
              oom:
                runs-on: faults
                container:
                  image: runner-test/busybox:latest
                  options: --memory 32m
                steps:
                  - run: echo allocating
                  - run: head -c 400000000 /dev/zero | tail > /dev/null
                  - run: echo unreached
            """));
    long id = nextTask();

    TaskView done = server.awaitTaskDone(id, WAIT);

    assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
    String log = String.join("\n", done.lines());
    assertThat(log)
        .contains("allocating")
        .contains("out of memory")
        .doesNotContain("unreached", "Exception", "com.github");
  }

  @Test
  @Order(3)
  void imageThatCannotBePulled_failsWithAClearLine() throws Exception {
    String image = "jrunner-faults/missing:never";
    server.enqueueJob(
        FakeJob.fromYaml(
            "pull",
            List.of("faults"),
            """
            on: push
            jobs:
              pull:
                runs-on: faults
                container:
                  image: %s
                steps:
                  - run: echo unreached
            """
                .formatted(image)));
    TaskView done = server.awaitTaskDone(nextTask(), WAIT);

    assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
    String log = String.join("\n", done.lines());
    assertThat(log)
        .contains(image)
        .containsIgnoringCase("pull")
        .doesNotContain("unreached", "Exception", "com.github");
    assertThat(docker.listImagesCmd().withReferenceFilter(image).exec()).isEmpty();
  }

  @Test
  @Order(4)
  void spoolOnAFullFileSystem_losesNoRowAndTheTaskEnds() throws Exception {
    int lines = 40_000; // ~230 KB of rows: the 96 KiB spool fills early
    server.enqueueJob(FakeJob.of("flood", List.of("faults-host"), "seq 1 " + lines));
    TaskView done = server.awaitTaskDone(nextTask(), WAIT);

    assertThat(done.result()).isEqualTo(Result.RESULT_SUCCESS);
    List<String> numbers = done.lines().stream().filter(l -> l.matches("\\d+")).toList();
    assertThat(numbers)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, lines).mapToObj(Integer::toString).toList());
    assertThat(done.lines()).anyMatch(l -> l.contains("spool") && l.contains("memory"));
    assertThat(JrunnerProcess.stderr(dir)).contains("No space left on device");
    try (Stream<Path> left = Files.list(spool)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  @Order(5)
  void workspaceOnAFullFileSystem_endsTheTaskWithAClearLine() throws Exception {
    server.enqueueJob(
        FakeJob.of(
            "full",
            List.of("faults-host"),
            "echo filling; dd if=/dev/zero of=fill bs=64k || echo the disk is full",
            "echo after the disk is full"));
    TaskView done = server.awaitTaskDone(nextTask(), WAIT);

    String log = String.join("\n", done.lines());
    assertThat(log).contains("filling", "No space left on device", "the disk is full");
    // The runner cannot write the next step's files: it says so, and the job fails there.
    assertThat(log)
        .contains("Error: cannot write the step files in ")
        .contains("(is its file system full or read-only?)")
        .doesNotContain("after the disk is full");
    assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(done.stopped()).isNotNull();
    assertThat(log).doesNotContain("Exception", "\tat ");
  }

  @Test
  @Order(6)
  void spoolAndStateTruncatedByACrash_theRestartReportsWhatIsReadable() throws Exception {
    // The server takes no log rows, so they exist only in the spool when the daemon dies.
    server.failNext("UpdateLog", 10_000, new Fault.HttpStatus(503, "text/plain", "down"));
    server.enqueueJob(
        FakeJob.of("crash", List.of("faults"), "seq 1 200; echo last-row; sleep 600"));
    long id = nextTask();
    Path spoolFile = spool.resolve("task-" + id + ".spool");
    Path stateFile = spool.resolve("task-" + id + ".state");
    server.awaitCall(
        "UpdateLog",
        c -> {
          try {
            return Files.exists(stateFile)
                && new String(Files.readAllBytes(spoolFile), StandardCharsets.UTF_8)
                    .contains("last-row");
          } catch (IOException e) {
            return false;
          }
        },
        WAIT);
    daemon.destroyForcibly(); // SIGKILL
    daemon.waitFor(30, TimeUnit.SECONDS);
    // A torn last record (a row half written) and a state file cut short.
    truncate(spoolFile, Files.size(spoolFile) - 4);
    truncate(stateFile, 3); // the task id and a tag whose value is missing
    server.clearFaults();

    daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    TaskView done = server.awaitTaskDone(id, WAIT);

    assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
    List<String> numbers = done.lines().stream().filter(l -> l.matches("\\d+")).toList();
    assertThat(numbers)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 200).mapToObj(Integer::toString).toList());
    assertThat(done.lines()).anyMatch(l -> l.contains("runner restarted"));
    // The layout is unreadable, so its steps cannot be closed one by one: the log says so.
    String log = JrunnerProcess.stderr(dir);
    assertThat(log).contains("task " + id + ": the spool ends in a torn record");
    assertThat(log)
        .contains("task " + id + ": the step layout task-" + id + ".state cannot be read");
    assertThat(log).contains("removed leftovers of an earlier run"); // the job's container
  }

  private long lastTask;

  /** The id of the next task the daemon takes (tasks are numbered in order). */
  private long nextTask() throws InterruptedException {
    long previous = lastTask;
    server.awaitCall(
        "FetchTask", c -> server.tasks().stream().anyMatch(t -> t.id() > previous), WAIT);
    lastTask =
        server.tasks().stream().filter(t -> t.id() > previous).findFirst().orElseThrow().id();
    return lastTask;
  }

  private String jobContainer(long taskId) {
    return docker
        .listContainersCmd()
        .withLabelFilter(
            Map.of(ResourceLabels.RUNNER, uuid, ResourceLabels.TASK, Long.toString(taskId)))
        .exec()
        .stream()
        .filter(c -> c.getNames()[0].endsWith("-job"))
        .findFirst()
        .orElseThrow()
        .getId();
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  private static void mountTmpfs(Path at, String size) throws Exception {
    Files.createDirectories(at);
    run(
        "mount",
        "-t",
        "tmpfs",
        "-o",
        "size=" + size + ",mode=0700",
        "jrunner-faults",
        at.toString());
  }

  private static void umount(Path at) {
    try {
      run("umount", at.toString());
    } catch (Exception e) {
      // best effort: the directory is removed with the rest
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
