// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Fault;
import io.jrunner.testkit.RecordedCall;
import io.jrunner.testkit.Views.StepView;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live task reporting end to end (issue 5): the daemon as a separate process against the fake
 * Forgejo, asserting on what the server stored: the exact log and step layout the web UI rebuilds
 * from, cancel latency, an outage of the server in the middle of a task, and a million lines at a
 * 64 MiB heap. Measured figures are printed as {@code [figure] ...} lines (docs/reporting.md).
 */
class DaemonReportingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FakeForgejoServer server;
  private Process daemon;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (daemon != null) {
        daemon.destroy(); // SIGTERM
        if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
          daemon.destroyForcibly();
        }
      }
    } finally {
      server.close();
    }
  }

  @Test
  void exactLayout_stepsActionsPostAndOutputs() throws Exception {
    startDaemon("self:host", "", List.of());
    server.enqueueJob(
        FakeJob.fromYaml(
            "layout",
            List.of("self"),
            """
            on: push
            jobs:
              layout:
                runs-on: self
                outputs:
                  greeting: ${{ steps.greet.outputs.said }}
                steps:
                  - name: prepare
                    run: |
                      mkdir -p .actions/wrap .actions/node
                      cat > .actions/wrap/action.yml <<'EOF'
                      name: wrap
                      runs:
                        using: composite
                        steps:
                          - shell: sh
                            run: echo inner one
                          - shell: sh
                            run: echo inner two
                      EOF
                      cat > .actions/node/action.yml <<'EOF'
                      name: node
                      outputs:
                        said: {}
                      runs:
                        using: node20
                        main: main.js
                        post: post.js
                      EOF
                      cat > .actions/node/main.js <<'EOF'
                      const fs = require('fs');
                      console.log('node main');
                      fs.appendFileSync(process.env.GITHUB_OUTPUT, 'said=hello\\n');
                      EOF
                      echo "console.log('node post');" > .actions/node/post.js
                      echo prepared
                  - name: fails
                    continue-on-error: true
                    run: |
                      echo about to fail
                      exit 3
                  - name: skipped
                    if: false
                    run: echo never
                  - name: composite
                    uses: ./.actions/wrap
                  - id: greet
                    name: node
                    uses: ./.actions/node
                  - name: last
                    run: echo last
            """));

    TaskView done = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);

    List<String> lines = done.lines();
    assertThat(done.result()).as(String.join("\n", lines)).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(done.stopped()).isNotNull().isAfter(Instant.EPOCH);
    assertThat(done.outputs()).containsExactly(Map.entry("greeting", "hello"));
    assertContiguous(done);
    // "Set up job": the runner's own lines before the first step
    assertThat(lines.subList(0, (int) done.steps().get(0).logIndex()))
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .endsWith(
                        "received task "
                            + done.id()
                            + " of job layout, be"
                            + " triggered by event: push"),
            l -> assertThat(l).startsWith("Running on the host in " + dir.resolve("host")));
    assertThat(stepLines(done, 0)).containsExactly("prepared");
    assertThat(stepLines(done, 1))
        .containsExactly("about to fail", "Process completed with exit code 3.");
    assertThat(stepLines(done, 2)).isEmpty();
    assertThat(done.steps().get(2).logIndex()).isEqualTo(done.steps().get(1).logIndex() + 2);
    assertThat(stepLines(done, 3))
        .containsExactly(
            "##[group]Run echo inner one",
            "inner one",
            "##[endgroup]",
            "##[group]Run echo inner two",
            "inner two",
            "##[endgroup]");
    assertThat(stepLines(done, 4)).containsExactly("node main");
    assertThat(stepLines(done, 5)).containsExactly("last");
    // "Complete job": the post step of the node action, then the closing line
    assertThat(completeJob(done)).containsExactly("Post node", "node post", "Job success");
    assertThat(done.steps())
        .extracting(StepView::result)
        .containsExactly(
            Result.RESULT_SUCCESS,
            // continue-on-error: the step shows its outcome (as forgejo-runner); the job succeeds
            Result.RESULT_FAILURE,
            Result.RESULT_SKIPPED,
            Result.RESULT_SUCCESS,
            Result.RESULT_SUCCESS,
            Result.RESULT_SUCCESS);
    assertThat(done.steps())
        .allSatisfy(
            st -> {
              assertThat(st.started()).as("step %d started", st.index()).isNotNull();
              assertThat(st.stopped()).as("step %d stopped", st.index()).isNotNull();
              assertThat(st.stopped()).isAfterOrEqualTo(st.started());
            });
  }

  @Test
  void cancel_hostJob_stopsWithinTheBudget() throws Exception {
    startDaemon("self:host", "", List.of());
    Duration latency = cancelSleepingJob("self");
    figure("cancel latency, host job: " + latency.toMillis() + " ms");
    assertThat(daemon.descendants()).as("the step's processes are gone").isEmpty();
  }

  @Test
  void cancel_dockerJob_stopsWithinTheBudgetAndLeavesNoContainer() throws Exception {
    startDaemon("docker:docker://runner-test/busybox:latest", "", List.of());
    Duration latency = cancelSleepingJob("docker");
    figure("cancel latency, Docker job: " + latency.toMillis() + " ms");
    try (var docker = io.jrunner.docker.DockerClients.create("unix:///var/run/docker.sock", WAIT)) {
      assertThat(
              docker
                  .listContainersCmd()
                  .withShowAll(true)
                  .withLabelFilter(Map.of(io.jrunner.docker.ResourceLabels.RUNNER, runnerUuid()))
                  .exec())
          .isEmpty();
    }
  }

  /**
   * Runs {@code sleep 600} after a first step, cancels it on the server once it runs, and returns
   * the time from the cancel to the task's log being closed ({@code no_more}) after the runner's
   * final state: the job was stopped and everything reported.
   */
  private Duration cancelSleepingJob(String label) throws Exception {
    server.enqueueJob(FakeJob.of("slow", List.of(label), "echo started", "sleep 600"));
    long id = server.awaitTask(WAIT).id();
    server.awaitCall(
        "UpdateTask",
        c ->
            server.task(id).steps().get(1).started() != null
                && server.task(id).lines().contains("started"),
        WAIT);
    long cancelled = System.nanoTime();
    server.cancelTask(id);
    TaskView done = server.awaitTaskDone(id, WAIT);
    long finalState = System.nanoTime();
    UpdateTaskRequest last =
        (UpdateTaskRequest)
            server.awaitCall("UpdateTask", c -> isFinalUpdate(c, id), WAIT).request();
    Duration latency = Duration.ofNanos(finalState - cancelled);

    assertThat(done.result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(done.lines()).contains("started", "Job cancelled");
    // the server stopped the running step itself; the runner says the same in its final state
    assertThat(done.steps().get(1).result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(last.getState().getSteps(0).getResult()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(last.getState().getSteps(1).getResult()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(last.getState().hasStoppedAt()).isTrue();
    assertThat(latency).isLessThan(Duration.ofSeconds(10));
    return latency;
  }

  @Test
  void outage_everyLineArrivesOnceInOrder() throws Exception {
    startDaemon("self:host", "", List.of());
    int count = 400;
    server.enqueueJob(
        FakeJob.fromYaml(
            "ticker",
            List.of("self"),
            """
            on: push
            jobs:
              ticker:
                runs-on: self
                steps:
                  - run: |
                      i=1
                      while [ $i -le %d ]; do echo "line $i"; i=$((i+1)); sleep 0.1; done
            """
                .formatted(count)));
    long id = server.awaitTask(WAIT).id();
    awaitLine(id, "line 20");
    long started = System.nanoTime();

    server.stop(); // connection refused
    Thread.sleep(10_000);
    server.restart();
    for (int i = 0; i < 200; i++) { // 5xx: a proxy's 502 page and the server's own 500
      for (String method : List.of("UpdateLog", "UpdateTask", "FetchTask")) {
        server.failNext(method, 1, i % 2 == 0 ? BAD_GATEWAY : INTERNAL);
      }
    }
    Thread.sleep(10_000);
    server.clearFaults();
    for (String method : List.of("UpdateLog", "UpdateTask")) { // slow answers
      server.failNext(method, 20, new Fault.Delay(Duration.ofSeconds(2)));
    }
    Thread.sleep(10_000);
    server.clearFaults();
    long healthy = System.nanoTime();
    int linesWhenHealthy = server.task(id).lines().size();

    TaskView done = server.awaitTaskDone(id, WAIT);

    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      expected.add("line " + i);
    }
    assertThat(stepLines(done, 0)).containsExactlyElementsOf(expected);
    assertContiguous(done);
    String log = JrunnerProcess.stderr(dir);
    long streaks = log.lines().filter(l -> l.contains("report failed, retrying")).count();
    assertThat(streaks).as("one warning per failure streak:\n" + log).isBetween(1L, 3L);
    assertThat(log).contains("reporting works again").doesNotContain("line 100");
    long failed =
        server.calls().stream()
            .filter(c -> c.method().startsWith("Update") && c.httpStatus() != 200)
            .count();
    figure(
        "outage: 30 s (10 s refused, 10 s 500/502, 10 s 2 s-slow answers) from "
            + Duration.ofNanos(healthy - started).toMillis()
            + " ms; "
            + failed
            + " failed Update calls, "
            + streaks
            + " warning(s) in the daemon log; "
            + linesWhenHealthy
            + " rows stored when healthy again; "
            + count
            + " lines arrived once, in order");
  }

  private static final Fault BAD_GATEWAY =
      new Fault.HttpStatus(502, "text/html", "<html><body>502 Bad Gateway</body></html>");
  private static final Fault INTERNAL =
      new Fault.HttpStatus(500, "text/plain", "internal server error");

  @Test
  void millionLines_atA64MiBHeap() throws Exception {
    startDaemon("self:host", "", List.of("-Xmx64m"));
    assertThat(daemon.info().arguments().orElseThrow()).contains("-Xmx64m");
    int count = 1_000_000;
    long enqueued = System.nanoTime();
    server.enqueueJob(FakeJob.of("flood", List.of("self"), "seq 1 " + count));
    long id = server.awaitTask(WAIT).id();
    TaskView done = server.awaitTaskDone(id, Duration.ofMinutes(5));
    Duration wall = Duration.ofNanos(System.nanoTime() - enqueued);

    assertThat(done.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertContiguous(done);
    List<String> lines = stepLines(done, 0);
    assertThat(lines).hasSize(count);
    for (int i = 0; i < count; i++) {
      if (!lines.get(i).equals(Integer.toString(i + 1))) {
        throw new AssertionError("row " + i + " is " + lines.get(i));
      }
    }
    long updateLogs = server.calls("UpdateLog").size();
    figure(
        "1,000,000 lines at -Xmx64m: "
            + wall.toMillis()
            + " ms from enqueue to archived log, "
            + updateLogs
            + " UpdateLog calls");
    assertThat(JrunnerProcess.stderr(dir)).doesNotContain("OutOfMemoryError");
    assertThat(daemon.isAlive()).isTrue();
  }

  @Test
  void localLogCopy_maskedPrivateAndSwept() throws Exception {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    Instant now = Instant.now();
    Path expired = oldCopy(logs, "task-900.log", now.minus(Duration.ofHours(2)));
    Path older = oldCopy(logs, "task-901.log", now.minus(Duration.ofMinutes(10)));
    Path newer = oldCopy(logs, "task-902.log", now.minus(Duration.ofMinutes(5)));
    startDaemon(
        "self:host",
        "log:\n  job_log_dir: logs\n  job_log_retention: 1h\n  job_log_max_files: 2\n",
        List.of());
    assertThat(expired).as("swept at start: too old").doesNotExist();
    assertThat(older).exists();

    server.enqueueJob(
        FakeJob.of("copy", List.of("self"), "echo \"the password is ${{ secrets.PW }}\"")
            .withSecrets(Map.of("PW", "hunter2")));
    TaskView done = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);

    Path copy = logs.resolve("task-" + done.id() + ".log");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");
    List<String> rows = Files.readAllLines(copy);
    assertThat(rows).hasSameSizeAs(done.lines()).noneMatch(r -> r.contains("hunter2"));
    for (int i = 0; i < rows.size(); i++) { // as Forgejo stores it: "<UTC time> <content>"
      assertThat(rows.get(i))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z .*")
          .endsWith(" " + done.lines().get(i));
    }
    assertThat(done.lines()).contains("the password is ***");
    // swept after the task: two copies at most, the newest
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (Files.exists(older) && System.nanoTime() < deadline) {
      Thread.sleep(20); // no server call follows the sweep to await
    }
    assertThat(older).doesNotExist();
    assertThat(newer).exists();
  }

  private static Path oldCopy(Path logs, String name, Instant modified) throws Exception {
    Path f = Files.writeString(logs.resolve(name), "old\n");
    Files.setLastModifiedTime(f, FileTime.from(modified));
    return f;
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * Steps' ranges follow each other without gaps from the end of "Set up job" and stay inside the
   * log; what follows the last step is "Complete job" (protocol.md §4.12).
   */
  private static void assertContiguous(TaskView task) {
    List<StepView> steps = task.steps();
    long next = steps.get(0).logIndex();
    for (StepView s : steps) {
      assertThat(s.logIndex()).as("step %d log_index", s.index()).isEqualTo(next);
      assertThat(s.logLength()).as("step %d log_length", s.index()).isNotNegative();
      next = s.logIndex() + s.logLength();
    }
    assertThat(next).isLessThanOrEqualTo(task.lines().size());
  }

  /** The lines of step {@code i}'s range. */
  private static List<String> stepLines(TaskView task, int i) {
    StepView s = task.steps().get(i);
    return task.lines().subList((int) s.logIndex(), (int) (s.logIndex() + s.logLength()));
  }

  /** The lines after the last step's range ("Complete job"). */
  private static List<String> completeJob(TaskView task) {
    StepView last = task.steps().get(task.steps().size() - 1);
    return task.lines().subList((int) (last.logIndex() + last.logLength()), task.lines().size());
  }

  private void startDaemon(String labels, String extraConfig, List<String> jvmOptions)
      throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\nhost:\n  workdir_parent: "
            + dir.resolve("host")
            + "\n"
            + extraConfig);
    JrunnerProcess.register(dir, server, labels);
    daemon = JrunnerProcess.start(jvmOptions, dir, "daemon", "-c", "config.yaml");
    server.awaitCall("FetchTask", c -> c.httpStatus() == 200, WAIT);
  }

  private String runnerUuid() throws Exception {
    return JsonParser.parseString(Files.readString(dir.resolve(".runner")))
        .getAsJsonObject()
        .get("uuid")
        .getAsString();
  }

  /** The runner's first {@code UpdateTask} for {@code taskId} that carries a final result. */
  private static boolean isFinalUpdate(RecordedCall c, long taskId) {
    return c.request() instanceof UpdateTaskRequest u
        && u.getState().getId() == taskId
        && u.getState().getResult() != Result.RESULT_UNSPECIFIED;
  }

  private void awaitLine(long taskId, String line) throws InterruptedException {
    server.awaitCall(
        "UpdateLog",
        c -> server.task(taskId) != null && server.task(taskId).lines().contains(line),
        WAIT);
  }

  private static void figure(String text) {
    System.out.println("[figure] " + text);
  }
}
