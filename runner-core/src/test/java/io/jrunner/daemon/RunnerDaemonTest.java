// SPDX-License-Identifier: Apache-2.0
package io.jrunner.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ClientSettings;
import io.jrunner.client.ConnectException;
import io.jrunner.client.ConnectRunnerClient;
import io.jrunner.client.RetryPolicy;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.poll.TaskHandler;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.proto.runner.v1.Task;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.report.FinalReport;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Fault;
import io.jrunner.testkit.RecordedCall;
import io.jrunner.testkit.Views.TaskView;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon against the fake Forgejo over real HTTP: the protocol rules of issue #2. */
class RunnerDaemonTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private FakeForgejoServer server;
  private ConnectRunnerClient client;
  private final ConcurrentLinkedQueue<Task> received = new ConcurrentLinkedQueue<>();
  private Thread loop;
  private RunnerDaemon running;
  private final AtomicReference<Throwable> loopError = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    ClientSettings anonymous =
        ClientSettings.anonymous(URI.create(server.url()), "jrunner/test")
            .withCallTimeout(Duration.ofSeconds(2));
    Runner runner = server.registerRunner("t", List.of("self"));
    client =
        ConnectRunnerClient.create(
            anonymous.withCredentials(new RunnerCredentials(runner.getUuid(), runner.getToken())));
  }

  @AfterEach
  void stop() throws Exception {
    if (running != null) {
      running.stopNow();
    }
    server.close();
    if (loop != null) {
      loop.join(10_000);
    }
  }

  private RunnerDaemon daemon(int capacity, Duration shutdownTimeout, TaskHandler handler) {
    return new RunnerDaemon(
        client,
        new DaemonSettings(
            "test",
            List.of("self"),
            capacity,
            Duration.ofMillis(20),
            Duration.ofSeconds(1),
            shutdownTimeout),
        handler,
        Clock.systemUTC(),
        Sleeper.SYSTEM,
        new RetryPolicy(0, Duration.ofMillis(50), Duration.ofMillis(200), 2));
  }

  private void runInBackground(RunnerDaemon daemon) {
    running = daemon;
    loop =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    daemon.declare();
                    daemon.run();
                  } catch (Throwable e) {
                    loopError.set(e);
                  }
                });
  }

  /** Reports each task failed at once with one line, as a real handler's final report would. */
  private TaskHandler reportingHandler() {
    FinalReport report =
        new FinalReport(
            client,
            new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(50), 2),
            Sleeper.SYSTEM);
    return (task, lifetime) -> {
      received.add(task);
      try {
        report.send(
            task.getId(),
            0,
            List.of(LogRow.newBuilder().setTime(now()).setContent("done").build()),
            TaskState.newBuilder()
                .setId(task.getId())
                .setResult(Result.RESULT_SUCCESS)
                .setStartedAt(now())
                .setStoppedAt(now())
                .build(),
            Map.of("out", "1"),
            Cancellation.root());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Test
  void lostFetchAnswer_theSameRequestKeyGetsTheSameTaskBack() throws Exception {
    server.enqueueJob(FakeJob.of("build", List.of("self"), "true"));
    server.failNext("FetchTask", 1, new Fault.DropResponse());
    runInBackground(daemon(1, WAIT, reportingHandler()));

    TaskView done = server.awaitTaskDone(1, WAIT);
    server.awaitCall("FetchTask", c -> server.calls("FetchTask").size() >= 3, WAIT);

    List<RecordedCall> fetches = server.calls("FetchTask");
    assertThat(fetches.get(0).httpStatus()).isZero(); // assigned, but the answer was lost
    assertThat(fetches.get(1).header("x-runner-request-key"))
        .isEqualTo(fetches.get(0).header("x-runner-request-key"));
    assertThat(fetches.get(2).header("x-runner-request-key"))
        .isNotEqualTo(fetches.get(1).header("x-runner-request-key"));
    assertThat(server.tasks()).hasSize(1);
    assertThat(received).extracting(Task::getId).containsExactly(1L);
    assertThat(done.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(done.outputs()).containsEntry("out", "1");
    assertThat(done.lines()).containsExactly("done");
  }

  @Test
  void serverOutage_pollingResumesAndNoTaskIsLost() throws Exception {
    runInBackground(daemon(1, WAIT, reportingHandler()));
    server.awaitCall("FetchTask", c -> true, WAIT);
    server.failNext("FetchTask", 2, new Fault.HttpStatus(502, "text/html", "<h1>Bad Gateway</h1>"));
    server.failNext("FetchTask", 1, new Fault.ConnectError("internal", "database is locked"));
    server.stop();
    Thread.sleep(300); // connection refused for a while
    server.restart();
    server.enqueueJob(FakeJob.of("build", List.of("self"), "true"));

    TaskView done = server.awaitTaskDone(1, WAIT);

    assertThat(done.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(server.calls("FetchTask").stream().map(RecordedCall::httpStatus))
        .contains(502, 500, 200);
  }

  @Test
  void capacity_runsTasksConcurrentlyAndAsksOnlyForFreeSlots() throws Exception {
    CountDownLatch bothRunning = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    TaskHandler report = reportingHandler();
    for (int i = 0; i < 3; i++) {
      server.enqueueJob(FakeJob.of("job" + i, List.of("self"), "true"));
    }
    runInBackground(
        daemon(
            2,
            WAIT,
            (task, lifetime) -> {
              bothRunning.countDown();
              await(release);
              report.handle(task, lifetime);
            }));

    assertThat(bothRunning.await(20, TimeUnit.SECONDS)).isTrue();
    int fetchesWhileFull = server.calls("FetchTask").size();
    Thread.sleep(300);
    assertThat(server.calls("FetchTask")).hasSize(fetchesWhileFull);
    release.countDown();
    server.awaitTaskDone(3, WAIT);

    List<Long> capacities =
        server.calls("FetchTask").stream()
            .map(c -> ((FetchTaskRequest) c.request()).getTaskCapacity())
            .toList();
    assertThat(capacities.get(0)).isEqualTo(2);
    assertThat(capacities).allMatch(c -> c >= 1 && c <= 2);
  }

  @Test
  void gracefulStop_stopsPollingAndLetsTheRunningTaskFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TaskHandler report = reportingHandler();
    server.enqueueJob(FakeJob.of("build", List.of("self"), "true"));
    RunnerDaemon daemon =
        daemon(
            1,
            WAIT,
            (task, lifetime) -> {
              started.countDown();
              await(release);
              report.handle(task, lifetime);
            });
    runInBackground(daemon);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    daemon.stopGracefully();
    int fetches = server.calls("FetchTask").size();
    release.countDown();
    loop.join(20_000);

    assertThat(loop.isAlive()).isFalse();
    assertThat(server.calls("FetchTask")).hasSize(fetches);
    assertThat(server.task(1).result()).isEqualTo(Result.RESULT_SUCCESS);
  }

  @Test
  void shutdownTimeout_cancelsRunningTasksWhichStillReport() throws Exception {
    TaskHandler report = reportingHandler();
    CountDownLatch started = new CountDownLatch(1);
    server.enqueueJob(FakeJob.of("build", List.of("self"), "sleep 600"));
    RunnerDaemon daemon =
        daemon(
            1,
            Duration.ofMillis(200),
            (task, lifetime) -> {
              started.countDown();
              try {
                assertThat(lifetime.await(Duration.ofSeconds(30))).isTrue();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              report.handle(task, lifetime);
            });
    runInBackground(daemon);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    daemon.stopGracefully();
    loop.join(20_000);

    assertThat(loop.isAlive()).isFalse();
    assertThat(server.task(1).done()).isTrue();
  }

  @Test
  void rejectedCredentials_endTheDaemon() throws Exception {
    ConnectRunnerClient stranger =
        ConnectRunnerClient.create(
            ClientSettings.anonymous(URI.create(server.url()), "jrunner/test")
                .withCredentials(new RunnerCredentials("nobody", "0".repeat(40))));
    server.legacyAuthErrors(true);
    RunnerDaemon daemon =
        new RunnerDaemon(
            stranger,
            new DaemonSettings("t", List.of("self"), 1, Duration.ofMillis(10), WAIT, WAIT),
            reportingHandler(),
            Clock.systemUTC(),
            Sleeper.SYSTEM);

    assertThatThrownBy(daemon::declare)
        .isInstanceOfSatisfying(
            ConnectException.class, e -> assertThat(e.credentialsRejected()).isTrue());
    assertThatThrownBy(daemon::run)
        .isInstanceOfSatisfying(
            ConnectException.class, e -> assertThat(e.credentialsRejected()).isTrue());
  }

  @Test
  void credentialsRevokedWhileATaskRuns_cancelItAtOnceAndEndTheDaemon() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<CancelReason> reason = new AtomicReference<>();
    server.enqueueJob(FakeJob.of("build", List.of("self"), "sleep 600"));
    // capacity 2: a slot stays free, so the poller meets the refusal; shutdown_timeout is long
    RunnerDaemon daemon =
        daemon(
            2,
            Duration.ofHours(1),
            (task, lifetime) -> {
              started.countDown();
              try {
                if (lifetime.await(Duration.ofSeconds(60))) {
                  reason.set(lifetime.reason().orElseThrow());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    loop =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    daemon.run();
                  } catch (Exception e) {
                    thrown.set(e);
                  }
                });
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    server.revokeRunner(server.runners().get(0).uuid());
    loop.join(30_000);

    assertThat(loop.isAlive()).as("did not wait for shutdown_timeout").isFalse();
    assertThat(reason.get()).isEqualTo(CancelReason.RUNNER_SHUTDOWN);
    assertThat(thrown.get())
        .isInstanceOfSatisfying(
            ConnectException.class, e -> assertThat(e.credentialsRejected()).isTrue());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Timestamp now() {
    long ms = System.currentTimeMillis();
    return Timestamp.newBuilder().setSeconds(ms / 1000).build();
  }
}
