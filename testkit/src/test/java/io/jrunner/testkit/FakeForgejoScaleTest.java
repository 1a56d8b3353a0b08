// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.FetchSingleTaskRequest;
import io.jrunner.proto.runner.v1.FetchSingleTaskResponse;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import java.io.IOException;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's scale-out semantics: Forgejo 15's job attempt handles with FetchSingleTask, ephemeral
 * runners (one task, deleted at its final state) and the REST job queue KEDA polls.
 */
class FakeForgejoScaleTest {
  private final OkHttpClient http = new OkHttpClient();
  private FakeForgejoServer server;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void jobsEndpoint_listsWaitingJobsWhoseRunsOnIsASubsetOfTheLabels() throws Exception {
    server.enqueueJob(FakeJob.of("build", List.of("debian"), "true"));
    server.enqueueJob(FakeJob.of("gpu", List.of("debian", "gpu"), "true"));

    JsonArray debian = jobs("/api/v1/admin/runners/jobs?labels=debian", server.apiToken());
    JsonArray both =
        jobs("/api/v1/repos/jr/demo/actions/runners/jobs?labels=gpu,debian", server.apiToken());
    JsonArray none = jobs("/api/v1/user/actions/runners/jobs", server.apiToken());
    JsonArray otherOrg =
        jobs("/api/v1/orgs/other/actions/runners/jobs?labels=debian,gpu", server.apiToken());

    assertThat(debian).hasSize(1);
    JsonObject job = debian.get(0).getAsJsonObject();
    assertThat(job.get("name").getAsString()).isEqualTo("build");
    assertThat(job.get("status").getAsString()).isEqualTo("waiting");
    assertThat(job.get("task_id").getAsLong()).isZero();
    assertThat(job.get("attempt").getAsLong()).isEqualTo(1);
    assertThat(job.get("handle").getAsString()).matches("[0-9a-f-]{36}");
    assertThat(job.get("runs_on").getAsJsonArray().get(0).getAsString()).isEqualTo("debian");
    assertThat(both).hasSize(2);
    assertThat(none).isEmpty();
    assertThat(otherOrg).isEmpty();
  }

  @Test
  void jobsEndpoint_wantsTheToken() throws Exception {
    assertThat(get("/api/v1/admin/runners/jobs?labels=x", null).code()).isEqualTo(401);
    assertThat(get("/api/v1/admin/runners/jobs?labels=x", "wrong").code()).isEqualTo(401);
    assertThat(get("/api/v1/admin/runners/nope", server.apiToken()).code()).isEqualTo(404);
  }

  @Test
  void fetchSingleTask_takesOnlyTheJobWithTheHandle_andAPickedJobLeavesTheQueue() throws Exception {
    Runner runner = server.registerRunner("r", List.of("debian"), false);
    server.enqueueJob(FakeJob.of("first", List.of("debian"), "true"));
    server.enqueueJob(FakeJob.of("second", List.of("debian"), "true"));
    String second =
        jobs("/api/v1/admin/runners/jobs?labels=debian", server.apiToken())
            .get(1)
            .getAsJsonObject()
            .get("handle")
            .getAsString();

    FetchSingleTaskResponse taken = single(runner, second, null);
    FetchSingleTaskResponse again = single(runner, second, null);

    assertThat(taken.getTask().getContext().getFieldsOrThrow("job").getStringValue())
        .isEqualTo("second");
    assertThat(again.hasTask()).isFalse();
    assertThat(jobs("/api/v1/admin/runners/jobs?labels=debian", server.apiToken()))
        .extracting(j -> j.getAsJsonObject().get("name").getAsString())
        .containsExactly("first");
  }

  @Test
  void fetchSingleTask_requestKeyRecoversTheTaskWithVersionZero() throws Exception {
    Runner runner = server.registerRunner("r", List.of("debian"), false);
    server.enqueueJob(FakeJob.of("only", List.of("debian"), "true"));

    FetchSingleTaskResponse first = single(runner, null, "key-1");
    FetchSingleTaskResponse recovered = single(runner, null, "key-1");

    assertThat(first.getTask().getId()).isEqualTo(recovered.getTask().getId());
    assertThat(first.getTasksVersion()).isPositive();
    assertThat(recovered.getTasksVersion()).isZero();
  }

  @Test
  void ephemeralRunner_takesOneTaskAndIsDeletedAtItsFinalState() throws Exception {
    Runner runner = server.registerRunner("eph", List.of("debian"), true);
    server.enqueueJob(FakeJob.of("a", List.of("debian"), "true"));
    server.enqueueJob(FakeJob.of("b", List.of("debian"), "true"));

    long id = fetch(runner).getTask().getId();
    FetchTaskResponse second = fetch(runner);
    Reply running = callAs(runner, "Declare", DeclareRequest.getDefaultInstance());
    Reply done =
        callAs(
            runner,
            "UpdateTask",
            UpdateTaskRequest.newBuilder()
                .setState(
                    TaskState.newBuilder()
                        .setId(id)
                        .setResult(Result.RESULT_SUCCESS)
                        .setStoppedAt(Timestamp.newBuilder().setSeconds(5)))
                .build());
    Reply after = callAs(runner, "Declare", DeclareRequest.getDefaultInstance());

    assertThat(second.hasTask()).isFalse();
    assertThat(running.status).isEqualTo(200);
    assertThat(done.status).isEqualTo(200);
    assertThat(after.status).isEqualTo(401);
    assertThat(server.runners()).isEmpty();
    assertThat(server.waitingJobs()).isEqualTo(1);
  }

  @Test
  void ephemeralRunner_isDeletedWhenItsTaskIsCancelled() throws Exception {
    Runner runner = server.registerRunner("eph", List.of("debian"), true);
    server.enqueueJob(FakeJob.of("a", List.of("debian"), "true"));
    long id = fetch(runner).getTask().getId();

    server.cancelTask(id);

    assertThat(callAs(runner, "Declare", DeclareRequest.getDefaultInstance()).status)
        .isEqualTo(401);
  }

  private JsonArray jobs(String path, String token) throws IOException {
    try (Response r = get(path, token)) {
      assertThat(r.code()).isEqualTo(200);
      return JsonParser.parseString(r.body().string()).getAsJsonArray();
    }
  }

  private Response get(String path, String token) throws IOException {
    Request.Builder b = new Request.Builder().url(server.url() + path);
    if (token != null) {
      b.header("Authorization", "token " + token);
    }
    return http.newCall(b.build()).execute();
  }

  private FetchSingleTaskResponse single(Runner as, String handle, String key) throws Exception {
    FetchSingleTaskRequest.Builder request = FetchSingleTaskRequest.newBuilder().setTasksVersion(0);
    if (handle != null) {
      request.setHandle(handle);
    }
    Request.Builder b = requestAs(as, "FetchSingleTask", request.build());
    if (key != null) {
      b.header("x-runner-request-key", key);
    }
    try (Response response = http.newCall(b.build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return FetchSingleTaskResponse.parseFrom(response.body().bytes());
    }
  }

  private FetchTaskResponse fetch(Runner as) throws Exception {
    Reply r = callAs(as, "FetchTask", FetchTaskRequest.newBuilder().setTasksVersion(0).build());
    return FetchTaskResponse.parseFrom(r.body);
  }

  private record Reply(int status, byte[] body) {}

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
}
