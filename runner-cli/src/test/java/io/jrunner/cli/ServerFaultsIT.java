// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.google.protobuf.Message;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Fault;
import io.jrunner.testkit.RecordedCall;
import io.jrunner.testkit.Views.StepView;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server faults (issue 15): one daemon process ({@code :host} jobs) against the fake Forgejo,
 * shared by the cases, which run one after the other; each case's job proves the daemon still
 * serves after the previous one. Every case asserts what the server stored: one task per job, the
 * job's rows exactly once and in order, the final result. The revoked token runs last, as it ends
 * the process. docs/reliability.md lists the cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int ROWS = 300;

  private Path dir;
  private FakeForgejoServer server;
  private Process daemon;

  private long priorTask;

  @BeforeAll
  void startDaemon(@TempDir Path shared) throws Exception {
    dir = shared;
    server = FakeForgejoServer.start();
    Files.writeString(
        dir.resolve("config.yaml"),
        "runner:\n  capacity: 2\n  fetch_interval: 100ms\n  shutdown_timeout: 10m\n"
            + "host:\n  workdir_parent: "
            + dir.resolve("host")
            + "\n");
    JrunnerProcess.register(dir, server, "self:host");
    daemon = JrunnerProcess.start(dir, "daemon", "-c", "config.yaml");
    server.awaitCall("FetchTask", c -> c.httpStatus() == 200, WAIT);
  }

  @BeforeEach
  void healthy() {
    server.clearFaults();
    // A late call of an earlier case's task (e.g. a retried final report) must not meet the faults
    // meant for this case's task.
    priorTask = server.calls().stream().mapToLong(c -> taskOf(c.request())).max().orElse(0);
  }

  @AfterAll
  void stopDaemon() throws Exception {
    try {
      JrunnerProcess.stop(daemon);
    } finally {
      server.close();
    }
  }

  @Test
  void resetMidResponse_fetchLogAndState_areRetriedWithoutALostOrDuplicatedTaskOrRow()
      throws Exception {
    String job = "reset";
    // the answer that assigns the task is cut: the server is down while the job is queued, so
    // the first FetchTask after the restart is the one that takes it
    server.stop();
    server.enqueueJob(countingJob(job));
    server.failNext("FetchTask", 1, new Fault.ResetMidResponse());
    server.restart();
    server.failWhen("UpdateLog", withRows(), new Fault.ResetMidResponse());
    server.failWhen("UpdateLog", withRows(), new Fault.ResetMidResponse());
    server.failWhen("UpdateLog", noMore(), new Fault.ResetMidResponse());
    server.failWhen("UpdateTask", running(), new Fault.ResetMidResponse());
    server.failWhen("UpdateTask", finalResult(), new Fault.ResetMidResponse());

    TaskView done = awaitOnlyTask(job);

    assertRowsOnceInOrder(done);
    assertThat(server.pendingFaults()).as("every fault met a call").isZero();
    List<RecordedCall> fetches = server.calls("FetchTask");
    List<RecordedCall> cut = fetches.stream().filter(c -> c.httpStatus() == 0).toList();
    assertThat(cut).as("the cut FetchTask answer").isNotEmpty();
    String key = cut.get(0).header("x-runner-request-key");
    assertThat(done.requestKey()).as("the task went to the cut answer's request").isEqualTo(key);
    assertThat(fetches.subList(fetches.indexOf(cut.get(0)) + 1, fetches.size()))
        .as("the retry keeps the request key (the server sends the same task again)")
        .anyMatch(c -> c.httpStatus() == 200 && key.equals(c.header("x-runner-request-key")));
    assertThat(cutCalls("UpdateLog", done.id())).isEqualTo(3);
    assertThat(cutCalls("UpdateTask", done.id())).isEqualTo(2);
    assertThat(daemon.isAlive()).isTrue();
  }

  @Test
  void duplicateAndOutOfOrderAcks_loseAndDuplicateNoRow() throws Exception {
    String job = "acks";
    server.failWhen("UpdateLog", withRows(), new Fault.AckShift(-3)); // lower than before
    server.failWhen("UpdateLog", withRows(), new Fault.RepeatAck()); // a stale, repeated ack
    server.failWhen("UpdateLog", withRows(), new Fault.AckShift(5)); // rows never sent
    server.failWhen("UpdateLog", withRows(), new Fault.RepeatAck());
    server.failWhen("UpdateLog", withRows(), new Fault.AckShift(-1_000_000)); // down to 0
    server.failWhen("UpdateLog", withRows(), new Fault.AckShift(1_000_000));
    server.enqueueJob(countingJob(job));

    TaskView done = awaitOnlyTask(job);

    assertRowsOnceInOrder(done);
    assertThat(server.pendingFaults()).as("every fault met a call").isZero();
    assertThat(JrunnerProcess.stderr(dir))
        .contains("server acknowledged rows never sent")
        .contains("server lost log rows");
    assertThat(daemon.isAlive()).isTrue();
  }

  @Test
  void restartThatForgetsInFlightRequests_losesNoTaskAndNoRow() throws Exception {
    String job = "forgotten";
    server.stop();
    server.enqueueJob(countingJob(job));
    server.failNext("FetchTask", 1, new Fault.RestartBeforeAnswer());
    server.restart();
    server.failWhen("UpdateLog", withRows(), new Fault.RestartBeforeAnswer());
    server.failWhen("UpdateTask", running(), new Fault.RestartBeforeAnswer());
    server.failWhen("UpdateLog", noMore(), new Fault.RestartBeforeAnswer());
    server.failWhen("UpdateTask", finalResult(), new Fault.RestartBeforeAnswer());

    TaskView done = awaitOnlyTask(job);

    assertRowsOnceInOrder(done);
    assertThat(server.pendingFaults()).as("every fault met a call").isZero();
    assertThat(server.calls("FetchTask")).anyMatch(c -> c.httpStatus() == 0);
    assertThat(cutCalls("UpdateLog", done.id())).as(calls(done.id())).isEqualTo(2);
    assertThat(cutCalls("UpdateTask", done.id())).as(calls(done.id())).isEqualTo(2);
    assertThat(daemon.isAlive()).isTrue();
  }

  @Test
  @Order(Integer.MAX_VALUE) // it ends the shared daemon
  void revokedToken_midJob_fatalLinePollingStopsExitFourTaskCancelled() throws Exception {
    Path mark = dir.resolve("alive");
    String uuid =
        JsonParser.parseString(Files.readString(dir.resolve(".runner")))
            .getAsJsonObject()
            .get("uuid")
            .getAsString();
    server.enqueueJob(
        FakeJob.of(
            "revoked",
            List.of("self"),
            "echo started",
            "while true; do date +%s%N > " + mark + "; sleep 0.2; done"));
    server.awaitCall(
        "UpdateLog",
        c ->
            server.tasks().stream()
                .anyMatch(t -> t.jobId().equals("revoked") && t.lines().contains("started")),
        WAIT);
    TaskView task =
        server.tasks().stream().filter(t -> t.jobId().equals("revoked")).findFirst().get();
    long revokedAt = System.nanoTime();
    server.revokeRunner(uuid);

    assertThat(daemon.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("exits without waiting for shutdown_timeout (10m)")
        .isTrue();
    Duration toExit = Duration.ofNanos(System.nanoTime() - revokedAt);
    assertThat(daemon.exitValue()).isEqualTo(4);
    String log = JrunnerProcess.stderr(dir);
    assertThat(log)
        .contains("the server rejected this runner's credentials (unregistered runner): polling")
        .contains("jrunner: error: the server rejected this runner's credentials")
        .doesNotContain("\tat ");
    // the job's process tree is gone: its heartbeat file stops changing
    String last = Files.readString(mark);
    Thread.sleep(1_000);
    assertThat(Files.readString(mark)).as("the job's process was stopped").isEqualTo(last);
    assertThat(dir.resolve("host")).isEmptyDirectory();
    // the server still sees the task running: nothing could be reported after the revocation
    assertThat(server.task(task.id()).done()).isFalse();
    System.out.println("[figure] revoked token: exit 4 after " + toExit.toMillis() + " ms");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A job of one step that prints {@code row 1} … {@code row ROWS} over a few seconds. */
  private static FakeJob countingJob(String jobId) {
    return FakeJob.of(
        jobId,
        List.of("self"),
        "i=1; while [ $i -le "
            + ROWS
            + " ]; do echo \"row $i\"; i=$((i+1)); if [ $((i % 10)) -eq 0 ]; then sleep 0.1; fi;"
            + " done");
  }

  private TaskView awaitOnlyTask(String jobId) throws InterruptedException {
    server.awaitCall(
        "FetchTask", c -> server.tasks().stream().anyMatch(t -> t.jobId().equals(jobId)), WAIT);
    TaskView task =
        server.tasks().stream().filter(t -> t.jobId().equals(jobId)).findFirst().orElseThrow();
    TaskView done = server.awaitTaskDone(task.id(), WAIT);
    assertThat(server.tasks().stream().filter(t -> t.jobId().equals(jobId)))
        .as("one task for the job")
        .hasSize(1);
    assertThat(server.waitingJobs()).isZero();
    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    return done;
  }

  private static void assertRowsOnceInOrder(TaskView done) {
    StepView step = done.steps().get(0);
    List<String> rows =
        done.lines().subList((int) step.logIndex(), (int) (step.logIndex() + step.logLength()));
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= ROWS; i++) {
      expected.add("row " + i);
    }
    assertThat(rows).containsExactlyElementsOf(expected);
    assertThat(done.lines().stream().filter(l -> l.startsWith("row "))).hasSize(ROWS);
    assertThat(done.archived()).isTrue();
  }

  /** Calls of {@code method} for task {@code taskId} that met a cut or forgotten answer. */
  private long cutCalls(String method, long taskId) {
    return server.calls(method).stream()
        .filter(c -> c.httpStatus() == 0 && taskOf(c.request()) == taskId)
        .count();
  }

  /** The Update calls of a task, for failure messages. */
  private String calls(long taskId) {
    StringBuilder out = new StringBuilder();
    for (RecordedCall c : server.calls()) {
      if (taskOf(c.request()) == taskId) {
        out.append(c.method()).append(' ').append(c.httpStatus());
        if (c.request() instanceof UpdateLogRequest l) {
          out.append(" index ").append(l.getIndex()).append(" rows ").append(l.getRowsCount());
          out.append(l.getNoMore() ? " no_more" : "");
        } else if (c.request() instanceof UpdateTaskRequest u) {
          out.append(' ').append(u.getState().getResult());
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static long taskOf(Message request) {
    return switch (request) {
      case UpdateLogRequest l -> l.getTaskId();
      case UpdateTaskRequest u -> u.getState().getId();
      case null, default -> -1;
    };
  }

  private Predicate<Message> withRows() {
    return thisCase(m -> m instanceof UpdateLogRequest l && l.getRowsCount() > 0 && !l.getNoMore());
  }

  private Predicate<Message> noMore() {
    return thisCase(m -> m instanceof UpdateLogRequest l && l.getNoMore() && l.getRowsCount() > 0);
  }

  private Predicate<Message> running() {
    return thisCase(
        m ->
            m instanceof UpdateTaskRequest u
                && u.getState().getResult() == Result.RESULT_UNSPECIFIED);
  }

  private Predicate<Message> finalResult() {
    return thisCase(
        m ->
            m instanceof UpdateTaskRequest u
                && u.getState().getResult() != Result.RESULT_UNSPECIFIED);
  }

  /** {@code when}, for calls of a task this case enqueued only. */
  private Predicate<Message> thisCase(Predicate<Message> when) {
    long prior = priorTask;
    return m -> taskOf(m) > prior && when.test(m);
  }
}
