// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ClientSettings;
import io.jrunner.client.ConnectRunnerClient;
import io.jrunner.client.RetryPolicy;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Views.TaskView;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the server records from a job's events (protocol.md §4.8, §4.12, §5.10). */
class TaskProgressTest {
  private FakeForgejoServer server;
  private ConnectRunnerClient client;
  private long taskId;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    ClientSettings anonymous = ClientSettings.anonymous(URI.create(server.url()), "t");
    Runner runner = server.registerRunner("t", List.of("x"));
    client =
        ConnectRunnerClient.create(
            anonymous.withCredentials(new RunnerCredentials(runner.getUuid(), runner.getToken())));
    server.enqueueJob(FakeJob.of("j", List.of("x"), "a", "b", "c"));
    taskId =
        client
            .fetchTask(FetchTaskRequest.getDefaultInstance(), null, Duration.ofSeconds(5))
            .getTask()
            .getId();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TaskProgress progress(Cancellation job) {
    return new TaskProgress(
        taskId,
        client,
        new FinalReport(
            client,
            new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50), 2),
            Sleeper.SYSTEM),
        Clock.systemUTC(),
        List.of("hunter2", ""),
        job);
  }

  @Test
  void rowsStepsMaskingGroupsAndTheFinalReport() throws Exception {
    TaskProgress p = progress(Cancellation.root());
    Instant t = Instant.now();
    p.line("received task");
    p.onEvent(new JobEvent.JobStarted(t, 3));
    p.onEvent(new JobEvent.StepStarted(0, "a", t));
    p.onEvent(new JobEvent.LogLine(OptionalInt.of(0), t, "::group::setup"));
    p.onEvent(new JobEvent.LogLine(OptionalInt.of(0), t, "password hunter2"));
    p.onEvent(new JobEvent.LogLine(OptionalInt.of(0), t, "::add-mask::xyzzy"));
    p.onEvent(new JobEvent.LogLine(OptionalInt.of(0), t, "said xyzzy"));
    p.onEvent(new JobEvent.LogLine(OptionalInt.of(0), t, "::endgroup::"));
    p.onEvent(new JobEvent.StepFinished(0, Conclusion.SUCCESS, Conclusion.SUCCESS, t));
    p.onEvent(new JobEvent.StepStarted(1, "b", t));
    p.onEvent(new JobEvent.StepFinished(1, Conclusion.SKIPPED, Conclusion.SKIPPED, t));
    p.onEvent(new JobEvent.StepStarted(2, "c", t));
    p.onEvent(new JobEvent.LogLine(OptionalInt.of(2), t, "boom"));
    p.onEvent(new JobEvent.StepFinished(2, Conclusion.FAILURE, Conclusion.FAILURE, t));
    p.onEvent(new JobEvent.JobFinished(Conclusion.FAILURE, Map.of("o", "1"), t));

    assertThat(p.close(Conclusion.FAILURE, "Job failure")).isTrue();

    TaskView task = server.task(taskId);
    assertThat(task.lines())
        .containsExactly(
            "received task",
            "##[group]setup",
            "password ***",
            "said ***",
            "##[endgroup]",
            "boom",
            "Job failure");
    assertThat(task.steps())
        .extracting(s -> s.logIndex() + "+" + s.logLength() + ":" + s.result())
        .containsExactly("1+4:RESULT_SUCCESS", "5+0:RESULT_SKIPPED", "5+1:RESULT_FAILURE");
    assertThat(task.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(task.stopped()).isAfter(Instant.EPOCH);
    assertThat(task.outputs()).containsEntry("o", "1");
    assertThat(task.archived()).isTrue();
  }

  @Test
  void heartbeatCarriesTheServersCancelToTheJob() throws Exception {
    Cancellation job = Cancellation.root();
    TaskProgress p = progress(job);
    p.onEvent(new JobEvent.JobStarted(Instant.now(), 3));
    p.start(Duration.ofMillis(100), Sleeper.SYSTEM);

    server.cancelTask(taskId);

    assertThat(job.await(Duration.ofSeconds(5))).isTrue();
    assertThat(job.reason()).contains(CancelReason.SERVER_CANCELLED);
    p.close(Conclusion.CANCELLED, "Job cancelled");
    assertThat(server.task(taskId).result()).isEqualTo(Result.RESULT_CANCELLED);
  }
}
