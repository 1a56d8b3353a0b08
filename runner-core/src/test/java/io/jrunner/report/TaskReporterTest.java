// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.testkit.RecordedCall;
import io.jrunner.testkit.Views.StepView;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fake Forgejo records from a job's events (protocol.md §4.7, §4.8, §4.12, §5.10). */
class TaskReporterTest {
  @TempDir Path dir;
  private FakeTask fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private static JobEvent.LogLine step(int index, String text) {
    return new JobEvent.LogLine(OptionalInt.of(index), Instant.now(), text);
  }

  @Test
  void rowsIndicesStepStatesAndOutputsOfAMultiStepJob() throws Exception {
    fake = FakeTask.start(4);
    Path logs = dir.resolve("logs");
    TaskReporter r =
        fake.reporter(
            FakeTask.settings(dir).withLogDir(logs),
            List.of("hunter2", "the-token", "BEGIN\nEND"),
            Cancellation.root());
    Instant t = Instant.now();
    r.line("received task with the-token");
    r.onEvent(new JobEvent.JobStarted(t, 4));
    r.line("pre: set up the service");
    r.onEvent(new JobEvent.StepStarted(0, "setup", t));
    r.onEvent(step(0, "::group::setup"));
    r.onEvent(step(0, "::add-mask::s3cr3t"));
    r.onEvent(step(0, "password hunter2\r\n"));
    r.onEvent(step(0, "::endgroup::"));
    r.onEvent(new JobEvent.StepFinished(0, Conclusion.SUCCESS, Conclusion.SUCCESS, t));
    r.line("runner line during steps is dropped");
    r.onEvent(new JobEvent.StepStarted(1, "fails", t));
    r.onEvent(step(1, "oops"));
    r.onEvent(new JobEvent.StepFinished(1, Conclusion.FAILURE, Conclusion.SUCCESS, t));
    r.onEvent(new JobEvent.StepStarted(2, "skipped", t));
    r.onEvent(new JobEvent.StepFinished(2, Conclusion.SKIPPED, Conclusion.SKIPPED, t));
    r.onEvent(new JobEvent.StepStarted(3, "last", t));
    r.onEvent(step(3, "hello s3cr3t"));
    r.onEvent(step(3, "key=BEGIN"));
    r.onEvent(step(3, "END and more"));
    r.onEvent(new JobEvent.SecretAdded("later"));
    r.onEvent(new JobEvent.StepFinished(3, Conclusion.SUCCESS, Conclusion.SUCCESS, t));
    r.line("post: stop the service, later");
    r.onEvent(new JobEvent.JobFinished(Conclusion.SUCCESS, Map.of("out", "1", "k2", "v"), t));
    assertThat(r.close(Conclusion.SUCCESS, Optional.empty())).isTrue();

    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(10));
    assertThat(task.lines())
        .containsExactly(
            "received task with ***",
            "pre: set up the service",
            "##[group]setup",
            "password ***",
            "##[endgroup]",
            "oops",
            "hello ***",
            "key=***",
            "*** and more",
            "post: stop the service, ***",
            "Job succeeded");
    assertThat(task.steps())
        .extracting(StepView::index, StepView::result, StepView::logIndex, StepView::logLength)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, Result.RESULT_SUCCESS, 2L, 3L),
            org.assertj.core.groups.Tuple.tuple(1, Result.RESULT_FAILURE, 5L, 1L),
            org.assertj.core.groups.Tuple.tuple(2, Result.RESULT_SKIPPED, 6L, 0L),
            org.assertj.core.groups.Tuple.tuple(3, Result.RESULT_SUCCESS, 6L, 3L));
    assertThat(task.steps()).allSatisfy(s -> assertThat(s.started()).isNotNull());
    assertThat(task.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(task.stopped()).isNotNull().isNotEqualTo(Instant.EPOCH);
    assertThat(task.archived()).isTrue();
    assertThat(task.outputs()).isEqualTo(Map.of("out", "1", "k2", "v"));
    assertThat(Files.readString(logs.resolve("task-" + fake.taskId + ".log")))
        .contains(" password ***\n")
        .doesNotContain("hunter2")
        .doesNotContain("s3cr3t");
    assertThat(dir.resolve("spool").resolve("task-" + fake.taskId + ".spool")).doesNotExist();
    // Logs before the final state: the no_more UpdateLog precedes the final UpdateTask.
    List<RecordedCall> calls = fake.server.calls();
    int noMore = indexOf(calls, c -> c.request() instanceof UpdateLogRequest l && l.getNoMore());
    int last =
        indexOf(
            calls,
            c ->
                c.request() instanceof UpdateTaskRequest u
                    && u.getState().getResult() != Result.RESULT_UNSPECIFIED);
    assertThat(noMore).isNotNegative().isLessThan(last);
  }

  @Test
  void longLinesAreSplitAfterMaskingAndALoneLineArrivesQuickly() throws Exception {
    fake = FakeTask.start(1);
    TaskReporter r = fake.reporter(FakeTask.settings(dir), List.of("hunter2"), Cancellation.root());
    Thread.sleep(400); // let the first heartbeat pass: the line below comes after a quiet spell
    long before = System.nanoTime();
    r.line("one line");
    fake.server.awaitCall(
        "UpdateLog",
        c ->
            ((UpdateLogRequest) c.request())
                .getRowsList().stream().anyMatch(row -> row.getContent().equals("one line")),
        Duration.ofSeconds(2));
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(1000));
    String secretAtTheCut = "x".repeat(65_533) + "hunter2" + "y".repeat(70_000);
    r.line(secretAtTheCut);
    r.close(Conclusion.SUCCESS, "done");
    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(10));
    String expected = "x".repeat(65_533) + "***" + "y".repeat(70_000);
    assertThat(task.lines()).hasSize(5); // the line, three pieces (64 + 64 + 4 KiB), the closing
    assertThat(String.join("", task.lines().subList(1, 4))).isEqualTo(expected);
    assertThat(task.lines().get(1)).hasSize(65_536);
    assertThat(task.lines().get(4)).isEqualTo("done");
  }

  @Test
  void aCancelOnTheServerReachesTheJobWithinTwoSecondsAndHeartbeatsKeepComing() throws Exception {
    fake = FakeTask.start(1);
    Cancellation job = Cancellation.root();
    TaskReporter r = fake.reporter(FakeTask.settings(dir), List.of(), job);
    r.onEvent(new JobEvent.JobStarted(Instant.now(), 1));
    r.onEvent(new JobEvent.StepStarted(0, "sleep", Instant.now()));
    Thread.sleep(1000);
    assertThat(fake.server.calls("UpdateTask")).hasSizeBetween(2, 6); // idle: one per interval
    fake.server.cancelTask(fake.taskId);
    long at = System.nanoTime();
    assertThat(job.await(Duration.ofSeconds(2))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - at)).isLessThan(Duration.ofSeconds(2));
    assertThat(job.reason()).contains(CancelReason.SERVER_CANCELLED);
    r.onEvent(step(0, "interrupted"));
    r.close(Conclusion.CANCELLED, Optional.empty());
    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(10));
    assertThat(task.result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(task.lines()).containsExactly("interrupted", "Job cancelled");
  }

  private static int indexOf(
      List<RecordedCall> calls, java.util.function.Predicate<RecordedCall> p) {
    for (int i = 0; i < calls.size(); i++) {
      if (p.test(calls.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
