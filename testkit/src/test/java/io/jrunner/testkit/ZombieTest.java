// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.proto.runner.v1.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** ZOMBIE_TASK_TIMEOUT: a running task with no UpdateTask for too long is stopped as failed. */
class ZombieTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };

  @Test
  void reapZombies_failsOnlyTasksWithoutARecentHeartbeat() throws Exception {
    try (FakeForgejoServer server = FakeForgejoServer.start(0, "t".repeat(40), clock)) {
      OkHttpClient http = new OkHttpClient();
      String uuid;
      String token;
      try (Response r =
          http.newCall(
                  json(
                      server,
                      "Register",
                      "{\"name\":\"z\",\"token\":\"" + "t".repeat(40) + "\",\"labels\":[\"self\"]}",
                      null,
                      null))
              .execute()) {
        String body = r.body().string();
        uuid = body.replaceAll(".*\"uuid\":\"([^\"]+)\".*", "$1");
        token = body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
      }
      server.enqueueJob(FakeJob.of("a", List.of("self"), "x"));
      server.enqueueJob(FakeJob.of("b", List.of("self"), "x"));
      http.newCall(json(server, "FetchTask", "{\"taskCapacity\":\"2\"}", uuid, token))
          .execute()
          .close();

      now = now.plus(Duration.ofMinutes(9));
      http.newCall(json(server, "UpdateTask", "{\"state\":{\"id\":\"2\"}}", uuid, token))
          .execute()
          .close();
      now = now.plus(Duration.ofMinutes(2));

      assertThat(server.reapZombies(Duration.ofMinutes(10))).containsExactly(1L);
      assertThat(server.task(1).result()).isEqualTo(Result.RESULT_FAILURE);
      assertThat(server.task(2).result()).isEqualTo(Result.RESULT_UNSPECIFIED);
    }
  }

  private static Request json(
      FakeForgejoServer server, String method, String body, String uuid, String token) {
    Request.Builder b =
        new Request.Builder()
            .url(server.url() + "/api/actions/runner.v1.RunnerService/" + method)
            .post(RequestBody.create(body, MediaType.get("application/json")));
    if (uuid != null) {
      b.header("x-runner-uuid", uuid).header("x-runner-token", token);
    }
    return b.build();
  }
}
