// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.proto.ping.v1.PingRequest;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.Task;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateLogResponse;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire format against a real local HTTP server (protocol.md §3). */
class ConnectRunnerClientTest {
  private final MockWebServer server = new MockWebServer();
  private ConnectRunnerClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    // A sub-path instance with a trailing slash: the base must become <instance>/api/actions.
    URI instance = URI.create(server.url("/forgejo/").toString());
    client =
        ConnectRunnerClient.create(
            ClientSettings.anonymous(instance, "jrunner/test")
                .withCredentials(new RunnerCredentials("uuid-1", "0123456789abcdef"))
                .withCallTimeout(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void authenticatedCall_postsBinaryProtoWithConnectAndRunnerHeaders() throws Exception {
    server.enqueue(proto(UpdateLogResponse.newBuilder().setAckIndex(3).build().toByteArray()));

    UpdateLogResponse response =
        client.updateLog(UpdateLogRequest.newBuilder().setTaskId(1).setIndex(2).build());

    RecordedRequest request = server.takeRequest();
    assertThat(response.getAckIndex()).isEqualTo(3);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/forgejo/api/actions/runner.v1.RunnerService/UpdateLog");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/proto");
    assertThat(request.getHeaders().get("Connect-Protocol-Version")).isEqualTo("1");
    assertThat(request.getHeaders().get("x-runner-uuid")).isEqualTo("uuid-1");
    assertThat(request.getHeaders().get("x-runner-token")).isEqualTo("0123456789abcdef");
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("jrunner/test");
    assertThat(request.getHeaders().get("Accept-Encoding")).isEqualTo("gzip");
    assertThat(request.getHeaders().get("x-runner-version")).isNull();
    assertThat(request.getBody().hex()).isEqualTo("08011002");
  }

  @Test
  void pingAndRegister_sendNoRunnerCredentials() throws Exception {
    server.enqueue(proto(new byte[0]));
    server.enqueue(proto(new byte[0]));

    client.ping(PingRequest.newBuilder().setData("x").build());
    client.register(RegisterRequest.newBuilder().setName("n").setToken("t").build());

    RecordedRequest ping = server.takeRequest();
    RecordedRequest register = server.takeRequest();
    assertThat(ping.getUrl().encodedPath())
        .isEqualTo("/forgejo/api/actions/ping.v1.PingService/Ping");
    assertThat(ping.getHeaders().get("x-runner-token")).isNull();
    assertThat(register.getHeaders().get("x-runner-uuid")).isNull();
    assertThat(register.getHeaders().get("x-runner-token")).isNull();
  }

  @Test
  void fetchTask_sendsRequestKeyAndDeadlineAndInflatesGzip() throws Exception {
    FetchTaskResponse big =
        FetchTaskResponse.newBuilder()
            .setTask(Task.newBuilder().setId(9).putSecrets("S", "x".repeat(4000)))
            .setTasksVersion(4)
            .build();
    Buffer gz = new Buffer();
    try (GZIPOutputStream out = new GZIPOutputStream(gz.outputStream())) {
      out.write(big.toByteArray());
    }
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/proto")
            .addHeader("Content-Encoding", "gzip")
            .body(gz)
            .build());

    FetchTaskResponse response =
        client.fetchTask(
            FetchTaskRequest.newBuilder().setTasksVersion(3).build(),
            "key-1",
            Duration.ofSeconds(5));

    RecordedRequest request = server.takeRequest();
    assertThat(response).isEqualTo(big);
    assertThat(request.getHeaders().get("x-runner-request-key")).isEqualTo("key-1");
    assertThat(request.getHeaders().get("Connect-Timeout-Ms")).isEqualTo("5000");
  }

  @ParameterizedTest
  @CsvSource({
    "401, unauthenticated, unregistered runner, UNAUTHENTICATED, false, true",
    "500, unknown, rpc error: code = Unauthenticated desc = unregistered runner, UNKNOWN, false, true",
    "400, invalid_argument, runner registration token not found, INVALID_ARGUMENT, false, false",
    "500, internal, request key is currently locked; retry soon, INTERNAL, true, false",
    "503, unavailable, down, UNAVAILABLE, true, false",
    "409, already_exists, log file has been archived, ALREADY_EXISTS, false, false",
  })
  void connectErrorBody_becomesTypedException(
      int status,
      String code,
      String message,
      ConnectCode expected,
      boolean retryable,
      boolean credentials) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "application/json")
            .body("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}")
            .build());

    assertThatThrownBy(() -> client.declare(DeclareRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            ConnectException.class,
            e -> {
              assertThat(e.code()).isEqualTo(expected);
              assertThat(e.httpStatus()).isEqualTo(status);
              assertThat(e.serverMessage()).isEqualTo(message);
              assertThat(e.isRetryable()).isEqualTo(retryable);
              assertThat(e.credentialsRejected()).isEqualTo(credentials);
              assertThat(e.getMessage()).doesNotContain("0123456789abcdef");
            });
  }

  @ParameterizedTest
  @CsvSource({
    "502, UNAVAILABLE, true",
    "404, UNIMPLEMENTED, false",
    "401, UNAUTHENTICATED, false",
    "418, UNKNOWN, true"
  })
  void nonConnectErrorPage_mapsFromHttpStatus(int status, ConnectCode expected, boolean retryable) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "text/html")
            .body("<html>Bad Gateway</html>")
            .build());

    assertThatThrownBy(() -> client.declare(DeclareRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            ConnectException.class,
            e -> {
              assertThat(e.code()).isEqualTo(expected);
              assertThat(e.isRetryable()).isEqualTo(retryable);
            });
  }

  @Test
  void successWithHtml_isReportedAsNotAForgejoInstance() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/html")
            .body("<html>login</html>")
            .build());

    assertThatThrownBy(() -> client.ping(PingRequest.getDefaultInstance()))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("is the URL a Forgejo instance?");
  }

  @Test
  void noAnswerInTime_isDeadlineExceededAndRetryable() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .headersDelay(3, TimeUnit.SECONDS)
            .addHeader("Content-Type", "application/proto")
            .build());

    assertThatThrownBy(
            () ->
                client.fetchTask(
                    FetchTaskRequest.getDefaultInstance(), "k", Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            ConnectException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ConnectCode.DEADLINE_EXCEEDED);
              assertThat(e.isRetryable()).isTrue();
            });
  }

  @Test
  void connectionRefused_isUnavailableAndRetryable() throws Exception {
    server.close();

    assertThatThrownBy(() -> client.ping(PingRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            ConnectException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ConnectCode.UNAVAILABLE);
              assertThat(e.httpStatus()).isZero();
              assertThat(e.isRetryable()).isTrue();
            });
  }

  @Test
  void jsonCodec_sendsProto3JsonWithCamelCaseNames() throws Exception {
    ConnectRunnerClient json =
        ConnectRunnerClient.create(
            ClientSettings.anonymous(URI.create(server.url("/").toString()), "jrunner/test")
                .withCredentials(new RunnerCredentials("u", "t"))
                .withCodec(Codec.JSON));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("{\"tasksVersion\":\"8\",\"unknownField\":1}")
            .build());

    FetchTaskResponse response =
        json.fetchTask(
            FetchTaskRequest.newBuilder().setTasksVersion(42).setTaskCapacity(1).build(),
            null,
            Duration.ofSeconds(5));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getBody().utf8())
        .isEqualTo("{\"tasksVersion\":\"42\",\"taskCapacity\":\"1\"}");
    assertThat(request.getHeaders().get("x-runner-request-key")).isNull();
    assertThat(response.getTasksVersion()).isEqualTo(8);
  }

  @Test
  void settings_rejectNonHttpInstance() {
    assertThatThrownBy(() -> ClientSettings.anonymous(URI.create("ftp://x"), "ua"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> ClientSettings.anonymous(URI.create("forgejo.example.com"), "ua"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static MockResponse proto(byte[] body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/proto")
        .body(new Buffer().write(body))
        .build();
  }
}
