// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.Fault;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No row is lost or reordered when the server is down, failing, slow, or flooded. */
class ReporterResilienceTest {
  @TempDir Path dir;
  private FakeTask fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private static void lines(TaskReporter r, int from, int to) {
    for (int i = from; i < to; i++) {
      r.onEvent(new JobEvent.LogLine(OptionalInt.of(0), Instant.now(), "line " + i));
    }
  }

  private static List<String> expected(int count, String closing) {
    return java.util.stream.Stream.concat(
            IntStream.range(0, count).mapToObj(i -> "line " + i),
            java.util.stream.Stream.of(closing))
        .toList();
  }

  @Test
  void serverDownThenFailingThenSlowMidJobLosesNothing() throws Exception {
    fake = FakeTask.start(1);
    TaskReporter r =
        fake.reporter(
            FakeTask.settings(dir).withMemoryBytes(16 * 1024), List.of(), Cancellation.root());
    r.onEvent(new JobEvent.JobStarted(Instant.now(), 1));
    r.onEvent(new JobEvent.StepStarted(0, "s", Instant.now()));
    lines(r, 0, 500);
    Thread.sleep(300);
    fake.server.stop(); // connection refused
    lines(r, 500, 3_000);
    Thread.sleep(700);
    fake.server.failNext("UpdateLog", 3, new Fault.HttpStatus(502, "text/html", "<h1>Bad</h1>"));
    fake.server.failNext("UpdateTask", 2, new Fault.HttpStatus(503, "text/plain", "busy"));
    fake.server.restart();
    lines(r, 3_000, 4_000);
    Thread.sleep(500);
    fake.server.failNext("UpdateLog", 2, new Fault.Delay(Duration.ofMillis(700)));
    fake.server.failNext("UpdateLog", 1, new Fault.DropResponse());
    lines(r, 4_000, 5_000);
    r.onEvent(new JobEvent.StepFinished(0, Conclusion.SUCCESS, Conclusion.SUCCESS, Instant.now()));
    fake.server.failNext("UpdateLog", 2, new Fault.HttpStatus(502, "text/html", "<h1>Bad</h1>"));
    assertThat(r.close(Conclusion.SUCCESS, "done")).isTrue();

    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(10));
    assertThat(task.lines()).isEqualTo(expected(5_000, "done"));
    assertThat(task.steps().get(0).logLength()).isEqualTo(5_000);
    assertThat(task.result()).isEqualTo(Result.RESULT_SUCCESS);
  }

  @Test
  void spillsToTheSpoolWhileTheServerIsDownAndReplaysInOrder() throws Exception {
    fake = FakeTask.start(1);
    TaskReporter r =
        fake.reporter(
            FakeTask.settings(dir).withMemoryBytes(8 * 1024), List.of(), Cancellation.root());
    fake.server.stop();
    lines(r, 0, 20_000);
    Thread.sleep(300); // a flush writes the spool through
    Path spool = dir.resolve("spool/task-" + fake.taskId + ".spool");
    assertThat(Files.size(spool)).isGreaterThan(20_000L * 20);
    fake.server.restart();
    assertThat(r.close(Conclusion.FAILURE, "end")).isTrue();
    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(10));
    assertThat(task.lines()).isEqualTo(expected(20_000, "end"));
    assertThat(spool).doesNotExist();
  }

  @Test
  void aFloodOfLinesArrivesCompleteInOrderInFewRequests() throws Exception {
    fake = FakeTask.start(1);
    TaskReporter r =
        fake.reporter(
            FakeTask.settings(dir).withMemoryBytes(256 * 1024),
            List.of("secret"),
            Cancellation.root());
    long start = System.nanoTime();
    lines(r, 0, 100_000);
    assertThat(r.close(Conclusion.SUCCESS, "flood done")).isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(10));
    assertThat(task.lines()).isEqualTo(expected(100_000, "flood done"));
    int requests = fake.server.calls("UpdateLog").size();
    // 100,000 rows of about 30 bytes in 1 MiB batches, at most one flush per 250 ms.
    assertThat(requests).isLessThanOrEqualTo(5 + (int) (took.toMillis() / 250));
    assertThat(requests).isLessThan(60);
  }

  @Test
  void acksLowerRepeatedOrPastTheRowsSentLoseAndDuplicateNothing() throws Exception {
    fake = FakeTask.start(1);
    // a small window: the bad acks hit rows in memory and rows read back from the spool
    TaskReporter r =
        fake.reporter(
            FakeTask.settings(dir).withMemoryBytes(8 * 1024), List.of(), Cancellation.root());
    java.util.function.Predicate<com.google.protobuf.Message> rows =
        m -> m instanceof io.jrunner.proto.runner.v1.UpdateLogRequest l && l.getRowsCount() > 0;
    for (Fault f :
        List.of(
            new Fault.AckShift(5),
            new Fault.AckShift(-3),
            new Fault.RepeatAck(),
            new Fault.AckShift(1_000_000),
            new Fault.AckShift(-1_000_000),
            new Fault.RepeatAck(),
            new Fault.AckShift(1))) {
      fake.server.failWhen("UpdateLog", rows, f);
    }
    for (int i = 0; i < 10; i++) { // one UpdateLog per chunk at least (250 ms spacing)
      lines(r, i * 400, (i + 1) * 400);
      Thread.sleep(300);
    }
    assertThat(r.close(Conclusion.SUCCESS, "done")).isTrue();

    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(10));
    assertThat(task.lines()).isEqualTo(expected(4_000, "done"));
    assertThat(fake.server.pendingFaults()).isZero();
  }

  @Test
  void rejectedCredentialsCancelTheJobOnce() throws Exception {
    fake = FakeTask.start(1);
    Cancellation job = Cancellation.root();
    TaskReporter r = fake.reporter(FakeTask.settings(dir), List.of(), job);
    lines(r, 0, 10);
    fake.server.awaitCall("UpdateLog", c -> c.httpStatus() == 200, Duration.ofSeconds(10));
    fake.server.revokeRunner(fake.server.runners().get(0).uuid());
    lines(r, 10, 20);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!job.isCancelled() && System.nanoTime() < deadline) {
      Thread.sleep(20); // the reporter's own loop finds out; nothing of the server's to await
    }
    assertThat(job.reason()).contains(io.jrunner.cancel.CancelReason.RUNNER_SHUTDOWN);
    // nothing more can be reported: the final report gives up at once, no retry for 20 s
    long closing = System.nanoTime();
    assertThat(r.close(Conclusion.CANCELLED, "cancelled")).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theFinalReportRetriesUntilTheServerTakesIt() throws Exception {
    fake = FakeTask.start(1);
    TaskReporter r = fake.reporter(FakeTask.settings(dir), List.of(), Cancellation.root());
    lines(r, 0, 10);
    fake.server.failNext("UpdateLog", 3, new Fault.HttpStatus(502, "text/html", "x"));
    fake.server.failNext("UpdateTask", 3, new Fault.ConnectError("unavailable", "later"));
    assertThat(r.close(Conclusion.SUCCESS, "ok")).isTrue();
    TaskView task = fake.server.awaitTaskDone(fake.taskId, Duration.ofSeconds(10));
    assertThat(task.lines()).isEqualTo(expected(10, "ok"));
  }

  @Test
  void pastTheDeadlineTheSpoolIsKeptForTheNextStart() throws Exception {
    fake = FakeTask.start(1);
    TaskReporter r =
        fake.reporter(
            FakeTask.settings(dir)
                .withFinalRetry(
                    new io.jrunner.client.RetryPolicy(
                        0, Duration.ofMillis(20), Duration.ofMillis(50), 2.0),
                    Duration.ofMillis(500)),
            List.of(),
            Cancellation.root());
    lines(r, 0, 10);
    fake.server.stop();
    assertThat(r.close(Conclusion.SUCCESS, "ok")).isFalse();
    assertThat(dir.resolve("spool/task-" + fake.taskId + ".spool")).exists();
  }
}
