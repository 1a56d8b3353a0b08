// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.jrunner.proto.ping.v1.PingRequest;
import io.jrunner.proto.ping.v1.PingResponse;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.RegisterResponse;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.proto.runner.v1.StepState;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateLogResponse;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import io.jrunner.testkit.Views.TaskView;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's Forgejo semantics, spoken to over raw HTTP (protocol.md §3, §4). */
class FakeForgejoServerTest {
  private final OkHttpClient http = new OkHttpClient();
  private FakeForgejoServer server;
  private Runner runner;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    runner = register("r1", List.of("self", "docker"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void ping_answersHelloWithoutCredentials() throws Exception {
    Reply r = call("ping.v1.PingService/Ping", PingRequest.newBuilder().setData("x").build());
    assertThat(PingResponse.parseFrom(r.body).getData()).isEqualTo("Hello, x!");
  }

  @Test
  void register_rejectsUnknownInvalidatedAndMissingTokens() throws Exception {
    String old = server.registrationToken();
    server.rotateRegistrationToken();

    assertThat(registerError("n", old)).contains("invalid_argument").contains("invalidated");
    assertThat(registerError("n", "nope")).contains("runner registration token not found");
    assertThat(registerError("", server.registrationToken()))
        .contains("missing runner token, name");
    assertThat(runner.getToken()).matches("[0-9a-f]{40}");
  }

  @Test
  void auth_unregisteredRunnerIsUnauthenticatedOrLegacyUnknown() throws Exception {
    Runner stranger = Runner.newBuilder().setUuid("x").setToken("y").build();
    Reply now = callAs(stranger, "Declare", DeclareRequest.getDefaultInstance());
    server.legacyAuthErrors(true);
    Reply legacy = callAs(stranger, "Declare", DeclareRequest.getDefaultInstance());

    assertThat(now.status).isEqualTo(401);
    assertThat(now.text()).contains("\"code\":\"unauthenticated\"").contains("unregistered runner");
    assertThat(legacy.status).isEqualTo(500);
    assertThat(legacy.text())
        .contains("\"code\":\"unknown\"")
        .contains("rpc error: code = Unauthenticated desc = unregistered runner");
  }

  @Test
  void declare_canBeMissingLikeOldServers() throws Exception {
    server.declareImplemented(false);
    assertThat(callAs(runner, "Declare", DeclareRequest.getDefaultInstance()).status)
        .isEqualTo(404);
  }

  @Test
  void fetch_matchesRunsOnAsSubsetAndUsesTheVersionShortcut() throws Exception {
    server.enqueueJob(FakeJob.of("gpu", List.of("self", "gpu"), "true"));
    server.enqueueJob(FakeJob.of("ok", List.of("self"), "a", "b"));

    FetchTaskResponse first = fetch(0, null);
    FetchTaskResponse shortcut = fetch(first.getTasksVersion(), null);

    assertThat(first.getTask().getContext().getFieldsOrThrow("job").getStringValue())
        .isEqualTo("ok");
    assertThat(first.getTask().getSecretsMap()).containsKeys("GITHUB_TOKEN", "FORGEJO_TOKEN");
    assertThat(server.task(first.getTask().getId()).steps()).hasSize(2);
    assertThat(shortcut.hasTask()).isFalse();
    assertThat(server.waitingJobs()).isEqualTo(1);
  }

  @Test
  void fetch_sameRequestKeyGetsTheSameTaskWithANewToken() throws Exception {
    server.enqueueJob(FakeJob.of("ok", List.of("self"), "a"));

    FetchTaskResponse first = fetch(0, "key-1");
    FetchTaskResponse again = fetch(5, "key-1");

    assertThat(again.getTask().getId()).isEqualTo(first.getTask().getId());
    assertThat(again.getTasksVersion()).isZero();
    assertThat(again.getTask().getSecretsOrThrow("GITHUB_TOKEN"))
        .isNotEqualTo(first.getTask().getSecretsOrThrow("GITHUB_TOKEN"));
  }

  @Test
  void updateLog_acksTrimsGapsDuplicatesAndArchives() throws Exception {
    long id = startTask();

    assertThat(log(id, 0, false, "a", "b")).isEqualTo(2);
    assertThat(log(id, 5, false, "gap")).isEqualTo(2);
    assertThat(log(id, 0, false, "a")).isEqualTo(2);
    assertThat(log(id, 1, false, "b", "c")).isEqualTo(3);
    assertThat(log(id, 3, true)).isEqualTo(3); // an empty no_more is ignored
    assertThat(server.task(id).archived()).isFalse();
    assertThat(log(id, 3, true, "x".repeat(70_000))).isEqualTo(4);
    Reply archived = callAs(runner, "UpdateLog", logRequest(id, 4, false, "late"));

    TaskView task = server.task(id);
    assertThat(task.lines()).hasSize(4).startsWith("a", "b", "c");
    assertThat(task.lines().get(3)).hasSize(65_536);
    assertThat(task.archived()).isTrue();
    assertThat(archived.status).isEqualTo(409);
    assertThat(archived.text()).contains("log file has been archived");
  }

  @Test
  void updateTask_outputsFirstWriteWinsAndCancelIsSticky() throws Exception {
    long id = startTask();
    UpdateTaskResponse first =
        updateTask(id, Result.RESULT_UNSPECIFIED, Map.of("a", "1", "k".repeat(256), "x"));
    UpdateTaskResponse second = updateTask(id, Result.RESULT_UNSPECIFIED, Map.of("a", "2"));
    server.cancelTask(id);
    UpdateTaskResponse afterCancel = updateTask(id, Result.RESULT_SUCCESS, Map.of());

    assertThat(first.getSentOutputsList()).containsExactly("a");
    assertThat(second.getSentOutputsList()).containsExactly("a");
    assertThat(server.task(id).outputs()).containsExactly(Map.entry("a", "1"));
    assertThat(afterCancel.getState().getResult()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(server.task(id).result()).isEqualTo(Result.RESULT_CANCELLED);
  }

  @Test
  void cancel_stopsUnfinishedStepsAsForgejoStopTaskDoes() throws Exception {
    server.enqueueJob(FakeJob.of("three", List.of("self"), "a", "b", "c"));
    long id = fetch(0, null).getTask().getId();
    Timestamp t10 = Timestamp.newBuilder().setSeconds(10).build();
    callAs(
        runner,
        "UpdateTask",
        UpdateTaskRequest.newBuilder()
            .setState(
                TaskState.newBuilder()
                    .setId(id)
                    .addSteps(
                        StepState.newBuilder()
                            .setId(0)
                            .setResult(Result.RESULT_SUCCESS)
                            .setLogLength(2)
                            .setStartedAt(t10)
                            .setStoppedAt(t10))
                    .addSteps(StepState.newBuilder().setId(1).setLogIndex(2).setStartedAt(t10)))
            .build());

    server.cancelTask(id);
    updateTask(id, Result.RESULT_FAILURE, Map.of()); // too late: changes nothing

    var steps = server.task(id).steps();
    assertThat(steps.get(0).result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(steps.get(0).stopped().getEpochSecond()).isEqualTo(10);
    assertThat(steps.get(1).result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(steps.get(1).started().getEpochSecond()).isEqualTo(10);
    assertThat(steps.get(1).logIndex()).isEqualTo(2);
    assertThat(steps.get(1).stopped()).isEqualTo(server.task(id).stopped());
    assertThat(steps.get(2).result()).isEqualTo(Result.RESULT_CANCELLED);
    assertThat(steps.get(2).started()).isEqualTo(server.task(id).stopped());
    assertThat(server.task(id).result()).isEqualTo(Result.RESULT_CANCELLED);
  }

  @Test
  void updateTask_finalResultWithoutStoppedAtIsStoredAs1970() throws Exception {
    long id = startTask();
    callAs(
        runner,
        "UpdateTask",
        UpdateTaskRequest.newBuilder()
            .setState(
                TaskState.newBuilder()
                    .setId(id)
                    .setResult(Result.RESULT_SUCCESS)
                    .addSteps(StepState.newBuilder().setId(0).setLogLength(2)))
            .build());

    TaskView task = server.task(id);
    assertThat(task.stopped()).isEqualTo(java.time.Instant.EPOCH);
    assertThat(task.steps().get(0).logLength()).isEqualTo(2);
  }

  @Test
  void jsonCodecAndGzipAreServed() throws Exception {
    server.enqueueJob(FakeJob.of("ok", List.of("self"), "x".repeat(2000)));
    Request request =
        new Request.Builder()
            .url(server.url() + "/api/actions/runner.v1.RunnerService/FetchTask")
            .header("x-runner-uuid", runner.getUuid())
            .header("x-runner-token", runner.getToken())
            .post(RequestBody.create("{\"tasksVersion\":\"0\"}", MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      // OkHttp asked for gzip and inflated it; the body is a JSON task of more than 1 KiB.
      assertThat(response.body().string()).contains("\"workflowPayload\"");
    }
    assertThat(server.calls("FetchTask").get(0).header("accept-encoding")).isEqualTo("gzip");
  }

  @Test
  void faults_cutAnswerActsButBreaksTheBody_forgetfulRestartDoesNotAct() throws Exception {
    long id = startTask();
    server.failWhen("UpdateLog", m -> true, new Fault.ResetMidResponse());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> log(id, 0, false, "a", "b"))
        .isInstanceOf(IOException.class);
    assertThat(server.task(id).lines())
        .as("stored, only the answer broke")
        .containsExactly("a", "b");

    server.failNext("UpdateLog", 1, new Fault.RestartBeforeAnswer());
    OkHttpClient once = http.newBuilder().retryOnConnectionFailure(false).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                once.newCall(requestAs(runner, "UpdateLog", logRequest(id, 2, false, "c")).build())
                    .execute()
                    .close())
        .isInstanceOf(IOException.class);
    assertThat(server.task(id).lines()).as("forgotten").containsExactly("a", "b");
    assertThat(log(id, 2, false, "c")).as("the restarted server answers").isEqualTo(3);
    assertThat(server.pendingFaults()).isZero();
  }

  @Test
  void faults_ackShiftAndRepeatChangeOnlyTheAnswer_revokedRunnerIsUnauthenticated()
      throws Exception {
    long id = startTask();
    assertThat(log(id, 0, false, "a", "b")).isEqualTo(2);
    server.failNext("UpdateLog", 1, new Fault.AckShift(5));
    assertThat(log(id, 2, false, "c")).isEqualTo(8);
    server.failNext("UpdateLog", 1, new Fault.RepeatAck());
    assertThat(log(id, 3, false, "d")).as("the previous answer again").isEqualTo(8);
    server.failNext("UpdateLog", 1, new Fault.AckShift(-10));
    assertThat(log(id, 4, false, "e")).isZero();
    assertThat(server.task(id).lines()).containsExactly("a", "b", "c", "d", "e");

    server.revokeRunner(runner.getUuid());
    Reply refused = callAs(runner, "UpdateLog", logRequest(id, 5, false, "f"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text()).contains("unauthenticated").contains("unregistered runner");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private long startTask() throws Exception {
    server.enqueueJob(FakeJob.of("ok", List.of("self"), "a"));
    return fetch(0, null).getTask().getId();
  }

  private Runner register(String name, List<String> labels) throws Exception {
    Reply r =
        call(
            "runner.v1.RunnerService/Register",
            RegisterRequest.newBuilder()
                .setName(name)
                .setToken(server.registrationToken())
                .addAllLabels(labels)
                .build());
    return RegisterResponse.parseFrom(r.body).getRunner();
  }

  private String registerError(String name, String token) throws Exception {
    return call(
            "runner.v1.RunnerService/Register",
            RegisterRequest.newBuilder().setName(name).setToken(token).build())
        .text();
  }

  private FetchTaskResponse fetch(long version, String key) throws Exception {
    Request.Builder b =
        requestAs(
            runner, "FetchTask", FetchTaskRequest.newBuilder().setTasksVersion(version).build());
    if (key != null) {
      b.header("x-runner-request-key", key);
    }
    try (Response response = http.newCall(b.build()).execute()) {
      return FetchTaskResponse.parseFrom(response.body().bytes());
    }
  }

  private long log(long id, long index, boolean noMore, String... rows) throws Exception {
    return UpdateLogResponse.parseFrom(
            callAs(runner, "UpdateLog", logRequest(id, index, noMore, rows)).body)
        .getAckIndex();
  }

  private static UpdateLogRequest logRequest(long id, long index, boolean noMore, String... rows) {
    UpdateLogRequest.Builder b =
        UpdateLogRequest.newBuilder().setTaskId(id).setIndex(index).setNoMore(noMore);
    for (String row : rows) {
      b.addRows(LogRow.newBuilder().setTime(Timestamp.newBuilder().setSeconds(1)).setContent(row));
    }
    return b.build();
  }

  private UpdateTaskResponse updateTask(long id, Result result, Map<String, String> outputs)
      throws Exception {
    TaskState.Builder state = TaskState.newBuilder().setId(id).setResult(result);
    if (result != Result.RESULT_UNSPECIFIED) {
      state.setStoppedAt(Timestamp.newBuilder().setSeconds(10));
    }
    return UpdateTaskResponse.parseFrom(
        callAs(
                runner,
                "UpdateTask",
                UpdateTaskRequest.newBuilder().setState(state).putAllOutputs(outputs).build())
            .body);
  }

  private record Reply(int status, byte[] body) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private Reply callAs(Runner as, String method, Message message) throws IOException {
    try (Response response = http.newCall(requestAs(as, method, message).build()).execute()) {
      return new Reply(response.code(), response.body().bytes());
    }
  }

  private Request.Builder requestAs(Runner as, String method, Message message) {
    return new Request.Builder()
        .url(server.url() + "/api/actions/runner.v1.RunnerService/" + method)
        .header("Connect-Protocol-Version", "1")
        .header("x-runner-uuid", as.getUuid())
        .header("x-runner-token", as.getToken())
        .post(RequestBody.create(message.toByteArray(), MediaType.get("application/proto")));
  }

  private Reply call(String procedure, Message message) throws IOException {
    Request request =
        new Request.Builder()
            .url(server.url() + "/api/actions/" + procedure)
            .post(RequestBody.create(message.toByteArray(), MediaType.get("application/proto")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      return new Reply(response.code(), response.body().bytes());
    }
  }
}
