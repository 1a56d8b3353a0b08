// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ClientSettings;
import io.jrunner.client.ConnectRunnerClient;
import io.jrunner.client.RetryPolicy;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.daemon.DaemonSettings;
import io.jrunner.daemon.RunnerDaemon;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import io.jrunner.host.HostBackend;
import io.jrunner.label.Labels;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.proto.runner.v1.TaskNeed;
import io.jrunner.report.FinalReport;
import io.jrunner.report.ReporterSettings;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Fault;
import io.jrunner.testkit.Views.StepView;
import io.jrunner.testkit.Views.TaskView;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's task path against the fake Forgejo over real HTTP, with the host backend behind a
 * counting fake: a job's own {@code if:} (skipped without any environment, GitHub's needs rules,
 * {@code env}, errors with a position), and the safety net for any {@link Throwable}.
 */
class EngineTaskHandlerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FakeForgejoServer server;
  private RunnerDaemon daemon;
  private Thread loop;
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicReference<Throwable> throwOnOpen = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    Runner runner = server.registerRunner("t", List.of("self"));
    ConnectRunnerClient client =
        ConnectRunnerClient.create(
            ClientSettings.anonymous(URI.create(server.url()), "jrunner/test")
                .withCallTimeout(Duration.ofSeconds(5))
                .withCredentials(new RunnerCredentials(runner.getUuid(), runner.getToken())));
    HostBackend host = new HostBackend(dir.resolve("host"), Map.of("PATH", System.getenv("PATH")));
    ExecutionBackend counting =
        new ExecutionBackend() {
          @Override
          public String name() {
            return "host";
          }

          @Override
          public JobEnvironment open(JobSpec spec, LineSink setupLog) throws BackendException {
            opened.incrementAndGet();
            Throwable t = throwOnOpen.getAndSet(null);
            if (t instanceof Error e) {
              throw e;
            }
            return host.open(spec, setupLog);
          }
        };
    RetryPolicy retry = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(50), 2);
    EngineTaskHandler handler =
        new EngineTaskHandler(
            new EngineTaskHandler.Settings(
                "t",
                runner.getUuid(),
                Labels.parseAll(List.of("self:host")),
                Map.of("FROM_RUNNER", "yes"),
                Duration.ofMinutes(5),
                ReporterSettings.defaults(dir.resolve("spool"))
                    .withReportInterval(Duration.ofMillis(200))
                    .withFinalRetry(retry, Duration.ofSeconds(20))),
            client,
            java.util.Optional.empty(),
            counting,
            new FinalReport(client, retry, Sleeper.SYSTEM),
            Clock.systemUTC(),
            Sleeper.SYSTEM);
    daemon =
        new RunnerDaemon(
            client,
            new DaemonSettings(
                "t",
                List.of("self"),
                1,
                Duration.ofMillis(20),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10)),
            handler,
            Clock.systemUTC(),
            Sleeper.SYSTEM);
    loop =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    daemon.declare();
                    daemon.run();
                  } catch (Exception e) {
                    // ends with the test
                  }
                });
  }

  @AfterEach
  void stop() throws Exception {
    daemon.stopNow();
    server.close();
    loop.join(10_000);
  }

  private TaskView run(FakeJob job) throws InterruptedException {
    long id = server.tasks().size() + 1; // the fake numbers tasks 1, 2, …
    server.enqueueJob(job);
    return server.awaitTaskDone(id, WAIT);
  }

  private static FakeJob job(String ifLine, String... extra) {
    StringBuilder yaml =
        new StringBuilder("on: push\nenv:\n  TARGET: prod\njobs:\n  deploy:\n    runs-on: self\n");
    if (!ifLine.isEmpty()) {
      yaml.append("    if: ").append(ifLine).append('\n');
    }
    for (String line : extra) {
      yaml.append("    ").append(line).append('\n');
    }
    yaml.append("    steps:\n      - run: echo ran\n      - run: echo twice\n");
    return FakeJob.fromYaml("deploy", List.of("self"), yaml.toString());
  }

  private static Struct ref(String ref) {
    return Struct.newBuilder()
        .putFields("ref", com.google.protobuf.Value.newBuilder().setStringValue(ref).build())
        .build();
  }

  private static TaskNeed need(Result result) {
    return TaskNeed.newBuilder().setResult(result).build();
  }

  @Test
  void falseIf_skipsTheTaskWithALineAndOpensNoEnvironment() throws Exception {
    TaskView done =
        run(job("github.ref == 'refs/heads/main'").withContext(ref("refs/heads/develop")));

    assertThat(done.result()).isEqualTo(Result.RESULT_SKIPPED);
    assertThat(done.steps())
        .hasSize(2)
        .extracting(StepView::result)
        .containsOnly(Result.RESULT_SKIPPED);
    assertThat(done.lines())
        .contains("Skipping job: if: github.ref == 'refs/heads/main' evaluated to false")
        .doesNotContain("ran");
    assertThat(done.stopped()).isAfter(java.time.Instant.EPOCH);
    assertThat(opened).hasValue(0);

    TaskView main = run(job("github.ref == 'refs/heads/main'").withContext(ref("refs/heads/main")));
    assertThat(main.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(main.lines()).contains("ran");
    assertThat(opened).hasValue(1);
  }

  @Test
  void ifFalseLiteral_isSkipped() throws Exception {
    TaskView done = run(job("false"));

    assertThat(done.result()).isEqualTo(Result.RESULT_SKIPPED);
    assertThat(done.lines()).contains("Skipping job: if: false evaluated to false");
    // decided before the platform: a container job is skipped, not failed for want of Docker
    TaskView container = run(job("false", "container: runner-test/busybox:latest"));
    assertThat(container.result()).isEqualTo(Result.RESULT_SKIPPED);
    assertThat(opened).hasValue(0);
  }

  @Test
  void needs_followGitHubsStatusRules() throws Exception {
    // a skipped need makes the implicit success() false
    TaskView implicit = run(job("").withNeeds(Map.of("build", need(Result.RESULT_SKIPPED))));
    assertThat(implicit.result()).isEqualTo(Result.RESULT_SKIPPED);
    assertThat(implicit.lines()).contains("Skipping job: if: success() evaluated to false");
    // always() runs whatever the needs did
    TaskView always = run(job("always()").withNeeds(Map.of("build", need(Result.RESULT_SKIPPED))));
    assertThat(always.result()).isEqualTo(Result.RESULT_SUCCESS);
    // failure() sees a failed need, and needs.<id>.result is there
    TaskView failure =
        run(
            job("failure() && needs.build.result == 'failure'")
                .withNeeds(
                    Map.of(
                        "build",
                        need(Result.RESULT_FAILURE),
                        "lint",
                        need(Result.RESULT_SUCCESS))));
    assertThat(failure.result()).isEqualTo(Result.RESULT_SUCCESS);
    TaskView successAfterFailure =
        run(job("success()").withNeeds(Map.of("build", need(Result.RESULT_FAILURE))));
    assertThat(successAfterFailure.result()).isEqualTo(Result.RESULT_SKIPPED);
    assertThat(opened).hasValue(2);
  }

  @Test
  void if_seesWorkflowJobAndRunnerEnvAndVars() throws Exception {
    TaskView done =
        run(
            job(
                    "env.TARGET == 'prod' && env.JOB_LEVEL == 'prod-x' && env.FROM_RUNNER == 'yes'"
                        + " && vars.GATE == 'open'",
                    "env:",
                    "  JOB_LEVEL: ${{ env.TARGET }}-x")
                .withVars(Map.of("GATE", "open")));

    assertThat(done.result()).as(String.join("\n", done.lines())).isEqualTo(Result.RESULT_SUCCESS);
    TaskView closed = run(job("vars.GATE == 'open'").withVars(Map.of("GATE", "shut")));
    assertThat(closed.result()).isEqualTo(Result.RESULT_SKIPPED);
  }

  @Test
  void anIfThatFailsToEvaluate_failsTheTaskWithThePosition() throws Exception {
    TaskView done = run(job("fromJSON('{bad') == 1"));

    assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(done.lines())
        .anySatisfy(l -> assertThat(l).startsWith("Error: the job's if: cannot be evaluated: "))
        .containsSubsequence("  if: fromJSON('{bad') == 1", "      ^");
    assertThat(opened).hasValue(0);
  }

  @Test
  void anIfThatDoesNotParse_failsTheTaskWithItsLineAndColumn() throws Exception {
    TaskView done = run(job("github.ref == 'x' &&"));

    assertThat(done.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(done.lines())
        .anySatisfy(l -> assertThat(l).contains("line 7, column").contains("jobs.deploy.if"));
    assertThat(opened).hasValue(0);
  }

  @Test
  void anErrorInTheTaskThread_failsTheTaskWithALineAndTheDaemonGoesOn() throws Exception {
    throwOnOpen.set(new StackOverflowError());
    TaskView failed = run(job(""));

    assertThat(failed.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(failed.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("Error: the runner could not run this job: the workflow or its")
                    .doesNotContain("StackOverflowError"));
    assertThat(failed.stopped()).isAfter(java.time.Instant.EPOCH);

    throwOnOpen.set(new AssertionError("a bug"));
    TaskView bug = run(job(""));
    assertThat(bug.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(bug.lines()).anySatisfy(l -> assertThat(l).contains("an internal error"));

    TaskView next = run(job(""));
    assertThat(next.result()).isEqualTo(Result.RESULT_SUCCESS);
  }

  @Test
  void anUndecodableFetchAnswer_isLoggedAndTheDaemonPollsOn() throws Exception {
    // tag 0 is never valid protobuf: the answer has no task id to fail
    server.failNext("FetchTask", 2, new Fault.HttpStatus(200, "application/proto", "\u0000\u0000"));

    TaskView next = run(job(""));

    assertThat(next.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(server.calls("FetchTask")).hasSizeGreaterThan(2);
  }

  @Test
  void selfReferencingAlias_isReportedFailedAndTheDaemonGoesOn() throws Exception {
    TaskView failed =
        run(
            FakeJob.fromYaml(
                "j",
                List.of("self"),
                "on: &a {push: {x: *a}}\njobs:\n  j:\n    runs-on: self\n    steps:\n"
                    + "      - run: echo hi\n"));

    assertThat(failed.result()).isEqualTo(Result.RESULT_FAILURE);
    assertThat(failed.lines())
        .anySatisfy(l -> assertThat(l).startsWith("Error: "))
        .noneSatisfy(l -> assertThat(l).contains("StackOverflowError"));
    assertThat(run(job("")).result()).isEqualTo(Result.RESULT_SUCCESS);
  }

  @Test
  void hostilePayloads_failTheirTaskWithOneClearLineAndTheDaemonGoesOn() throws Exception {
    List<FakeJob> hostile =
        List.of(
            FakeJob.fromYaml("j", List.of("self"), "\u0000\uFEFF: [&a [*a]"),
            FakeJob.fromYaml("j", List.of("self"), "on: push\njobs: " + "[".repeat(100)),
            FakeJob.fromYaml(
                "j",
                List.of("self"),
                "on: push\njobs:\n  j:\n    runs-on: self\n    timeout-minutes: \"1\\n2\"\n"
                    + "    steps:\n      - run: echo hi\n"));
    for (FakeJob job : hostile) {
      TaskView failed = run(job);
      assertThat(failed.result()).isEqualTo(Result.RESULT_FAILURE);
      assertThat(failed.lines())
          .anySatisfy(l -> assertThat(l).startsWith("Error: ").doesNotContain("Exception"))
          .allSatisfy(l -> assertThat(l).doesNotContain("\n"));
    }
    assertThat(run(job("")).result()).isEqualTo(Result.RESULT_SUCCESS);
  }
}
