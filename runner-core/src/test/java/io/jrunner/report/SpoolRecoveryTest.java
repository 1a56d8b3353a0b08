// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.RetryPolicy;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.StepState;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spool left behind by a crashed runner is replayed and its task closed at the next start. */
class SpoolRecoveryTest {
  @TempDir Path dir;
  private FakeTask fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private static LogRow row(String content) {
    return LogRow.newBuilder()
        .setTime(Timestamp.newBuilder().setSeconds(1_700_000_000))
        .setContent(content)
        .build();
  }

  private SpoolRecovery recovery() {
    return new SpoolRecovery(
        fake.client,
        dir,
        new RetryPolicy(0, Duration.ofMillis(20), Duration.ofMillis(100), 2.0),
        Duration.ofSeconds(10),
        Sleeper.SYSTEM,
        Clock.systemUTC());
  }

  @Test
  void aTaskRunningAtTheCrashIsReplayedFromTheAckAndFailedWithARestartLine() throws Exception {
    fake = FakeTask.start(1);
    SpoolFile spool = SpoolFile.create(dir, fake.taskId);
    for (int i = 0; i < 5; i++) {
      spool.appendRow(i, row("row " + i));
    }
    spool.flush(); // the "crash": the file is never closed by a reporter
    fake.client.updateLog(
        UpdateLogRequest.newBuilder()
            .setTaskId(fake.taskId)
            .addAllRows(List.of(row("row 0"), row("row 1")))
            .build());

    List<SpoolRecovery.Recovered> done = recovery().recoverAll();

    assertThat(done)
        .containsExactly(new SpoolRecovery.Recovered(fake.taskId, 5, Result.RESULT_FAILURE, true));
    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(5));
    assertThat(task.lines()).hasSize(6);
    assertThat(task.lines().subList(0, 5))
        .containsExactly("row 0", "row 1", "row 2", "row 3", "row 4");
    assertThat(task.lines().get(5)).contains("runner restarted");
    assertThat(task.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(task.stopped()).isNotNull();
    assertThat(SpoolFile.pathOf(dir, fake.taskId)).doesNotExist();
    assertThat(recovery().recoverAll()).isEmpty();
  }

  @Test
  void theInterruptedStepHoldsTheRestartLineAndFailsAndNoStepStaysRunning() throws Exception {
    fake = FakeTask.start(3);
    Timestamp t0 = Timestamp.newBuilder().setSeconds(1_700_000_000).build();
    SpoolFile spool = SpoolFile.create(dir, fake.taskId);
    for (int i = 0; i < 5; i++) {
      spool.appendRow(i, row("row " + i));
    }
    spool.flush();
    // The last layout sent: step 0 done with rows 0-1, step 1 running with row 2 (rows 3 and 4
    // came after it), step 2 not started.
    SpoolState.write(
        dir,
        fake.taskId,
        TaskState.newBuilder()
            .setId(fake.taskId)
            .setStartedAt(t0)
            .addSteps(
                StepState.newBuilder()
                    .setId(0)
                    .setLogIndex(0)
                    .setLogLength(2)
                    .setStartedAt(t0)
                    .setStoppedAt(t0)
                    .setResult(Result.RESULT_SUCCESS))
            .addSteps(
                StepState.newBuilder().setId(1).setLogIndex(2).setLogLength(1).setStartedAt(t0))
            .addSteps(StepState.newBuilder().setId(2))
            .build());
    fake.client.updateTask(
        UpdateTaskRequest.newBuilder().setState(SpoolState.read(dir, fake.taskId).get()).build());

    recovery().recoverAll();

    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(5));
    assertThat(task.lines()).hasSize(6);
    assertThat(task.lines().get(5)).contains("runner restarted");
    assertThat(task.steps()).hasSize(3);
    assertThat(task.steps().get(0).result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(task.steps().get(1).result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(task.steps().get(1).logIndex()).isEqualTo(2);
    assertThat(task.steps().get(1).logLength()).isEqualTo(4); // rows 2-4 and the restart line
    assertThat(task.steps().get(1).stopped()).isNotNull();
    assertThat(task.steps().get(2).result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(task.steps().get(2).stopped()).isNotNull();
    assertThat(task.steps()).noneMatch(s -> s.result() == Result.RESULT_UNSPECIFIED);
    assertThat(SpoolState.pathOf(dir, fake.taskId)).doesNotExist();
  }

  @Test
  void aSilentInterruptedStepTakesTheRowsAfterTheLastRangeAndTheRestartLine() throws Exception {
    fake = FakeTask.start(2);
    Timestamp t0 = Timestamp.newBuilder().setSeconds(1_700_000_000).build();
    SpoolFile spool = SpoolFile.create(dir, fake.taskId);
    for (int i = 0; i < 3; i++) {
      spool.appendRow(i, row("row " + i));
    }
    spool.flush();
    SpoolState.write(
        dir,
        fake.taskId,
        TaskState.newBuilder()
            .setId(fake.taskId)
            .addSteps(
                StepState.newBuilder()
                    .setId(0)
                    .setLogIndex(1)
                    .setLogLength(1)
                    .setStartedAt(t0)
                    .setStoppedAt(t0)
                    .setResult(Result.RESULT_SUCCESS))
            .addSteps(StepState.newBuilder().setId(1).setStartedAt(t0))
            .build());

    recovery().recoverAll();

    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(5));
    assertThat(task.lines()).hasSize(4);
    assertThat(task.steps().get(1).result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(task.steps().get(1).logIndex()).isEqualTo(2);
    assertThat(task.steps().get(1).logLength()).isEqualTo(2);
  }

  @Test
  void aTaskKilledBeforeItsFirstStepHasItsStepsCancelledAfterTheRestartLine() throws Exception {
    fake = FakeTask.start(2);
    SpoolFile spool = SpoolFile.create(dir, fake.taskId);
    spool.appendRow(0, row("set up"));
    spool.flush();
    SpoolState.write(
        dir,
        fake.taskId,
        TaskState.newBuilder()
            .setId(fake.taskId)
            .addSteps(StepState.newBuilder().setId(0))
            .addSteps(StepState.newBuilder().setId(1))
            .build());

    recovery().recoverAll();

    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(5));
    assertThat(task.lines()).hasSize(2);
    assertThat(task.steps())
        .allSatisfy(
            s -> {
              assertThat(s.result()).isEqualTo(Result.RESULT_CANCELLED);
              assertThat(s.logIndex()).isEqualTo(2); // "Set up job" shows both rows
              assertThat(s.logLength()).isZero();
            });
  }

  @Test
  void aFinalResultRecordedBeforeTheCrashIsReportedAsIs() throws Exception {
    fake = FakeTask.start(1);
    try (SpoolFile spool = SpoolFile.create(dir, fake.taskId)) {
      spool.appendRow(0, row("only"));
      spool.appendEnd(Result.RESULT_SUCCESS);
    }
    assertThat(recovery().recoverAll())
        .containsExactly(new SpoolRecovery.Recovered(fake.taskId, 1, Result.RESULT_SUCCESS, true));
    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(5));
    assertThat(task.lines().get(0)).isEqualTo("only");
    assertThat(task.lines().get(1)).contains("runner restarted");
    assertThat(task.result()).isEqualTo(Result.RESULT_SUCCESS);
  }

  @Test
  void noSpoolDirectoryMeansNothingToDo() throws Exception {
    fake = FakeTask.start(1);
    assertThat(
            new SpoolRecovery(
                    fake.client,
                    dir.resolve("none"),
                    new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1),
                    Duration.ofSeconds(1),
                    Sleeper.SYSTEM,
                    Clock.systemUTC())
                .recoverAll())
        .isEmpty();
  }
}
