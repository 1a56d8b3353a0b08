// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.jrunner.proto.ping.v1.PingRequest;
import io.jrunner.proto.ping.v1.PingResponse;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.DeclareResponse;
import io.jrunner.proto.runner.v1.FetchSingleTaskRequest;
import io.jrunner.proto.runner.v1.FetchSingleTaskResponse;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.RegisterResponse;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateLogResponse;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RunnerClient} over the Connect unary protocol on OkHttp (protocol.md §3): {@code POST
 * <instance>/api/actions/<package>.<Service>/<Method>}, raw message body, {@code
 * Connect-Protocol-Version: 1}, credentials headers on every call but Ping and Register. OkHttp
 * adds {@code Accept-Encoding: gzip} and inflates gzip responses itself.
 *
 * <p>Thread-safe; OkHttp 5 uses locks, not monitors, so calls are friendly to virtual threads.
 */
public final class ConnectRunnerClient implements RunnerClient {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectRunnerClient.class);
  static final String RUNNER_SERVICE = "runner.v1.RunnerService/";
  static final String PING = "ping.v1.PingService/Ping";

  private final ClientSettings settings;
  private final OkHttpClient http;
  private final MediaType mediaType;

  /** Uses an OkHttp client made by {@link HttpClients#create}. */
  public ConnectRunnerClient(ClientSettings settings, OkHttpClient http) {
    this.settings = settings;
    this.http = http;
    this.mediaType = MediaType.get(settings.codec().contentType());
  }

  /** Creates the OkHttp client from the settings' TLS options. */
  public static ConnectRunnerClient create(ClientSettings settings)
      throws TlsConfigurationException {
    return new ConnectRunnerClient(settings, HttpClients.create(settings));
  }

  @Override
  public PingResponse ping(PingRequest request) throws ConnectException {
    return call(PING, request, PingResponse.newBuilder(), false, null, null).build();
  }

  @Override
  public RegisterResponse register(RegisterRequest request) throws ConnectException {
    return call(
            RUNNER_SERVICE + "Register", request, RegisterResponse.newBuilder(), false, null, null)
        .build();
  }

  @Override
  public DeclareResponse declare(DeclareRequest request) throws ConnectException {
    return call(RUNNER_SERVICE + "Declare", request, DeclareResponse.newBuilder(), true, null, null)
        .build();
  }

  @Override
  public FetchTaskResponse fetchTask(FetchTaskRequest request, String requestKey, Duration timeout)
      throws ConnectException {
    return call(
            RUNNER_SERVICE + "FetchTask",
            request,
            FetchTaskResponse.newBuilder(),
            true,
            timeout,
            requestKey)
        .build();
  }

  @Override
  public FetchSingleTaskResponse fetchSingleTask(
      FetchSingleTaskRequest request, String requestKey, Duration timeout) throws ConnectException {
    return call(
            RUNNER_SERVICE + "FetchSingleTask",
            request,
            FetchSingleTaskResponse.newBuilder(),
            true,
            timeout,
            requestKey)
        .build();
  }

  @Override
  public UpdateTaskResponse updateTask(UpdateTaskRequest request) throws ConnectException {
    return call(
            RUNNER_SERVICE + "UpdateTask",
            request,
            UpdateTaskResponse.newBuilder(),
            true,
            null,
            null)
        .build();
  }

  @Override
  public UpdateLogResponse updateLog(UpdateLogRequest request) throws ConnectException {
    return call(
            RUNNER_SERVICE + "UpdateLog", request, UpdateLogResponse.newBuilder(), true, null, null)
        .build();
  }

  private <B extends Message.Builder> B call(
      String procedure,
      Message request,
      B responseBuilder,
      boolean authenticated,
      Duration timeout,
      String requestKey)
      throws ConnectException {
    Request.Builder http =
        new Request.Builder()
            .url(settings.baseUrl() + "/" + procedure)
            .post(RequestBody.create(settings.codec().encode(request), mediaType))
            .header("Connect-Protocol-Version", "1")
            .header("User-Agent", settings.userAgent());
    if (authenticated) {
      RunnerCredentials credentials =
          settings
              .credentials()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          procedure + " needs runner credentials (register)"));
      http.header("x-runner-uuid", credentials.uuid())
          .header("x-runner-token", credentials.token());
    }
    if (requestKey != null) {
      http.header("x-runner-request-key", requestKey);
    }
    if (timeout != null) {
      http.header("Connect-Timeout-Ms", Long.toString(Math.max(1, timeout.toMillis())));
    }
    Call call = this.http.newCall(http.build());
    if (timeout != null) {
      call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }
    long start = System.nanoTime();
    try (Response response = call.execute()) {
      byte[] body = readBody(response.body());
      LOG.debug(
          "{} -> HTTP {} in {} ms",
          procedure,
          response.code(),
          (System.nanoTime() - start) / 1_000_000);
      if (response.code() != 200) {
        throw errorOf(procedure, response.code(), response.header("Content-Type"), body);
      }
      Codec codec = Codec.ofContentType(response.header("Content-Type"));
      if (codec == null) {
        throw new ConnectException(
            procedure,
            ConnectCode.INTERNAL,
            200,
            "unexpected response Content-Type "
                + response.header("Content-Type")
                + " (is the URL a Forgejo instance?)",
            null);
      }
      return codec.decode(body, responseBuilder);
    } catch (InvalidProtocolBufferException e) {
      throw new ConnectException(
          procedure, ConnectCode.INTERNAL, 200, "malformed response: " + e.getMessage(), e);
    } catch (ConnectException e) {
      throw e;
    } catch (IOException e) {
      throw transportError(procedure, e);
    }
  }

  private static byte[] readBody(ResponseBody body) throws IOException {
    return body == null ? new byte[0] : body.bytes();
  }

  /** A non-200 answer: a Connect JSON error, or else a code derived from the HTTP status. */
  static ConnectException errorOf(String procedure, int status, String contentType, byte[] body) {
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      try {
        JsonObject json =
            JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
        String message = json.has("message") ? json.get("message").getAsString() : "";
        if (json.has("code")) {
          return new ConnectException(
              procedure,
              ConnectCode.fromWireName(json.get("code").getAsString()),
              status,
              message,
              null);
        }
        return new ConnectException(
            procedure, ConnectCode.fromHttpStatus(status), status, message, null);
      } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
        // Not a Connect error body: fall through to the status mapping.
      }
    }
    return new ConnectException(
        procedure, ConnectCode.fromHttpStatus(status), status, "HTTP " + status, null);
  }

  static ConnectException transportError(String procedure, IOException e) {
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return new ConnectException(
          procedure, ConnectCode.DEADLINE_EXCEEDED, 0, "no answer in time: " + e.getMessage(), e);
    }
    if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
      return new ConnectException(procedure, ConnectCode.CANCELED, 0, "interrupted", e);
    }
    if (e instanceof UnknownHostException) {
      return new ConnectException(
          procedure, ConnectCode.UNAVAILABLE, 0, "unknown host " + e.getMessage(), e);
    }
    if (e instanceof SSLException ssl) {
      return new ConnectException(
          procedure, ConnectCode.UNAVAILABLE, 0, "TLS failed: " + TlsFailures.describe(ssl), e);
    }
    return new ConnectException(
        procedure, ConnectCode.UNAVAILABLE, 0, "cannot reach the instance: " + e, e);
  }
}
