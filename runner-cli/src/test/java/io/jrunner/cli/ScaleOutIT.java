// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Fault;
import io.jrunner.testkit.RecordedCall;
import io.jrunner.testkit.Views.TaskView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling loop of docs/scale.md, simulated: a scaler in this test does what KEDA's {@code
 * forgejo-runner} scaler and a {@code ScaledJob} do (poll {@code GET
 * /api/v1/admin/runners/jobs?labels=...} with the API token, start one pod per queued job), and
 * each "pod" is a real jrunner process pair, as the Helm chart's ephemeral mode runs it: {@code
 * register --ephemeral}, then {@code one-job}. The fake Forgejo has Forgejo 15's semantics
 * (ephemeral runners take one task and are deleted at its end; handles for FetchSingleTask).
 */
class ScaleOutIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String LABEL = "scale";

  @TempDir Path dir;
  private FakeForgejoServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService pods = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
  }

  @AfterEach
  void stop() {
    pods.shutdownNow();
    server.close();
  }

  @Test
  void scaledJob_nQueuedJobsGiveNPods_eachTakesExactlyOneTask_andALatePodFindsNone()
      throws Exception {
    int n = 3;
    for (int i = 1; i <= n; i++) {
      server.enqueueJob(FakeJob.of("job" + i, List.of(LABEL), "echo from-job" + i));
    }
    server.enqueueJob(FakeJob.of("elsewhere", List.of("gpu"), "true"));

    // KEDA: the metric is the number of queued jobs this ScaledJob's labels can run.
    int queued = queuedJobs().size();
    List<Future<Pod>> started = new ArrayList<>();
    for (int i = 0; i < queued; i++) {
      String name = "pod-" + i;
      started.add(pods.submit(() -> ephemeralPod(name)));
    }
    List<Pod> done = new ArrayList<>();
    for (Future<Pod> f : started) {
      done.add(f.get());
    }

    assertThat(queued).isEqualTo(n);
    assertThat(done).allSatisfy(p -> assertThat(p.exitCode()).as(p.stderr()).isZero());
    assertThat(done).allSatisfy(p -> assertThat(p.lastLine()).isEqualTo("result: success"));
    List<TaskView> tasks = server.tasks();
    assertThat(tasks).hasSize(n);
    // none taken twice, none lost: each job has exactly one task, each runner exactly one task
    assertThat(tasks).extracting(TaskView::jobId).containsExactlyInAnyOrder("job1", "job2", "job3");
    assertThat(tasks).extracting(TaskView::runnerId).doesNotHaveDuplicates();
    for (TaskView t : tasks) {
      TaskView finished = server.awaitTaskDone(t.id(), WAIT);
      assertThat(finished.result()).isEqualTo(Result.RESULT_SUCCESS);
      assertThat(finished.log()).anyMatch(l -> l.content().contains("from-" + t.jobId()));
    }
    // Forgejo deleted every ephemeral runner at its task's end; the gpu job is still queued.
    assertThat(server.runners()).isEmpty();
    assertThat(queuedJobs()).isEmpty();
    assertThat(server.waitingJobs()).isEqualTo(1);

    // A pod started when no job is left (KEDA's view lags, or another pod was faster): exit 2.
    Pod late = ephemeralPod("pod-late");
    assertThat(late.exitCode()).as(late.stderr()).isEqualTo(ExitCode.NO_TASK.code());
    assertThat(server.tasks()).hasSize(n);
  }

  @Test
  void oneJobWithHandle_takesThatAttempt_andTheFinalStateWaitsForEveryLogRow() throws Exception {
    server.enqueueJob(FakeJob.of("first", List.of(LABEL), "echo one"));
    server.enqueueJob(FakeJob.of("second", List.of(LABEL), "echo two; echo three"));
    Map<String, String> handles = new HashMap<>();
    for (JsonElement j : queuedJobs()) {
      handles.put(
          j.getAsJsonObject().get("name").getAsString(),
          j.getAsJsonObject().get("handle").getAsString());
    }
    // A slow and failing UpdateLog: the final UpdateTask must still come after the last ack,
    // because Forgejo deletes the ephemeral runner (and refuses its token) at the final state.
    server.failNext("UpdateLog", 1, new Fault.Delay(Duration.ofSeconds(2)));
    server.failNext("UpdateLog", 2, new Fault.ConnectError("unavailable", "overloaded"));

    // the second job first: with --handle the queue order does not matter
    Pod second = handlePod("h2", handles.get("second"));
    Pod first = handlePod("h1", handles.get("first"));
    Pod taken = handlePod("h3", handles.get("second"));

    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(taken.exitCode()).as(taken.stderr()).isEqualTo(ExitCode.NO_TASK.code());
    assertThat(server.calls("FetchSingleTask")).hasSize(3);
    assertThat(server.calls("FetchTask")).isEmpty();
    for (TaskView t : server.tasks()) {
      TaskView done = server.awaitTaskDone(t.id(), WAIT);
      assertThat(done.result()).isEqualTo(Result.RESULT_SUCCESS);
      RecordedCall last = lastAcceptedLog(t.id());
      RecordedCall result = finalUpdate(t.id());
      assertThat(((UpdateLogRequest) last.request()).getNoMore()).isTrue();
      assertThat(result.at()).isAfterOrEqualTo(last.at());
      assertThat(server.calls().indexOf(result)).isGreaterThan(server.calls().indexOf(last));
    }
    assertThat(server.tasks())
        .extracting(TaskView::jobId)
        .containsExactlyInAnyOrder("first", "second");
    assertThat(server.runners()).extracting(r -> r.name()).containsExactly("h3");
  }

  /** What the chart's ephemeral pod does: register an ephemeral runner, run one job. */
  private Pod ephemeralPod(String name) throws IOException, InterruptedException {
    Path pod = Files.createDirectories(dir.resolve(name));
    config(pod);
    JrunnerProcess.Result reg =
        JrunnerProcess.run(
            pod,
            "register",
            "--no-interactive",
            "--instance",
            server.url(),
            "--token",
            server.registrationToken(),
            "--name",
            name,
            "--labels",
            LABEL + ":host",
            "--ephemeral");
    assertThat(reg.exitCode()).as(reg.stderr()).isZero();
    JrunnerProcess.Result r = JrunnerProcess.run(pod, "one-job", "-c", "config.yaml");
    return new Pod(r.exitCode(), r.stdout(), r.stderr());
  }

  /**
   * What an autoscaler with Forgejo's runner API does: a runner created ephemeral on the server,
   * its token in a file, {@code one-job --url --uuid --token-url --label --handle}.
   */
  private Pod handlePod(String name, String handle) throws IOException, InterruptedException {
    Path pod = Files.createDirectories(dir.resolve(name));
    config(pod);
    var runner = server.registerRunner(name, List.of(), true);
    Path token = pod.resolve("runner-token");
    Files.writeString(token, runner.getToken());
    JrunnerProcess.Result r =
        JrunnerProcess.run(
            pod,
            "one-job",
            "-c",
            "config.yaml",
            "--url",
            server.url() + "/",
            "--uuid",
            runner.getUuid(),
            "--token-url",
            "file:" + token,
            "--label",
            LABEL + ":host",
            "--fetch-interval",
            "200ms",
            "--handle",
            handle);
    assertThat(Files.exists(pod.resolve(".runner"))).isFalse();
    return new Pod(r.exitCode(), r.stdout(), r.stderr());
  }

  private void config(Path pod) throws IOException {
    Files.writeString(
        pod.resolve("config.yaml"),
        "runner:\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\n"
            + "host:\n  workdir_parent: "
            + pod.resolve("work")
            + "\n");
  }

  /** KEDA's request: {@code GET <address>/api/v1/admin/runners/jobs?labels=<labels>}. */
  private JsonArray queuedJobs() throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/v1/admin/runners/jobs?labels=" + LABEL))
                .header("Authorization", "token " + server.apiToken())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonArray();
  }

  private RecordedCall lastAcceptedLog(long taskId) {
    return server.calls("UpdateLog").stream()
        .filter(c -> c.httpStatus() == 200)
        .filter(c -> ((UpdateLogRequest) c.request()).getTaskId() == taskId)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private RecordedCall finalUpdate(long taskId) {
    return server.calls("UpdateTask").stream()
        .filter(c -> c.request() != null)
        .filter(
            c -> {
              UpdateTaskRequest u = (UpdateTaskRequest) c.request();
              return u.getState().getId() == taskId
                  && u.getState().getResult() != Result.RESULT_UNSPECIFIED;
            })
        .findFirst()
        .orElseThrow();
  }

  private record Pod(int exitCode, String stdout, String stderr) {
    String lastLine() {
      return stdout.strip().lines().reduce((a, b) -> b).orElse("");
    }
  }
}
