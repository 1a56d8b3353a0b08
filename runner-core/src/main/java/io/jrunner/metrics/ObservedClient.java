// SPDX-License-Identifier: Apache-2.0
package io.jrunner.metrics;

import io.jrunner.client.ConnectException;
import io.jrunner.client.RunnerClient;
import io.jrunner.proto.ping.v1.PingRequest;
import io.jrunner.proto.ping.v1.PingResponse;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.DeclareResponse;
import io.jrunner.proto.runner.v1.FetchSingleTaskRequest;
import io.jrunner.proto.runner.v1.FetchSingleTaskResponse;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.RegisterResponse;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateLogResponse;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RunnerClient} that counts what passes through it into {@link RunnerMetrics} and
 * remembers each task's acknowledged final result (for the daemon's "task … finished" line), then
 * forgets it when asked. Calls, answers and errors pass unchanged.
 *
 * <p>Thread-safe as the client it wraps.
 */
public final class ObservedClient implements RunnerClient {
  private final RunnerClient delegate;
  private final RunnerMetrics metrics;
  private final Map<Long, Result> finalResults = new ConcurrentHashMap<>();
  private final Map<String, Boolean> lastFailed = new ConcurrentHashMap<>();
  private volatile boolean lastPollOk;
  private volatile long lastPollAt;

  private final Clock clock;

  public ObservedClient(RunnerClient delegate, RunnerMetrics metrics, Clock clock) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public PingResponse ping(PingRequest request) throws ConnectException {
    return delegate.ping(request);
  }

  @Override
  public RegisterResponse register(RegisterRequest request) throws ConnectException {
    return delegate.register(request);
  }

  @Override
  public DeclareResponse declare(DeclareRequest request) throws ConnectException {
    return delegate.declare(request);
  }

  @Override
  public FetchTaskResponse fetchTask(FetchTaskRequest request, String requestKey, Duration timeout)
      throws ConnectException {
    try {
      FetchTaskResponse response = delegate.fetchTask(request, requestKey, timeout);
      polled(true);
      return response;
    } catch (ConnectException e) {
      polled(false);
      throw e;
    }
  }

  @Override
  public FetchSingleTaskResponse fetchSingleTask(
      FetchSingleTaskRequest request, String requestKey, Duration timeout) throws ConnectException {
    try {
      FetchSingleTaskResponse response = delegate.fetchSingleTask(request, requestKey, timeout);
      polled(true);
      return response;
    } catch (ConnectException e) {
      polled(false);
      throw e;
    }
  }

  @Override
  public UpdateTaskResponse updateTask(UpdateTaskRequest request) throws ConnectException {
    String key = "UpdateTask:" + request.getState().getId();
    retried(key, "UpdateTask");
    try {
      UpdateTaskResponse response = delegate.updateTask(request);
      lastFailed.remove(key);
      Result result = request.getState().getResult();
      if (result != Result.RESULT_UNSPECIFIED) {
        finalResults.put(request.getState().getId(), result);
      }
      return response;
    } catch (ConnectException e) {
      failed(key, "UpdateTask");
      throw e;
    }
  }

  @Override
  public UpdateLogResponse updateLog(UpdateLogRequest request) throws ConnectException {
    String key = "UpdateLog:" + request.getTaskId();
    retried(key, "UpdateLog");
    try {
      UpdateLogResponse response = delegate.updateLog(request);
      lastFailed.remove(key);
      long bytes = 0;
      for (LogRow row : request.getRowsList()) {
        bytes += row.getContent().getBytes(StandardCharsets.UTF_8).length;
      }
      metrics.logSent(request.getRowsCount(), bytes);
      return response;
    } catch (ConnectException e) {
      failed(key, "UpdateLog");
      throw e;
    }
  }

  /**
   * The final result the server acknowledged for a task, and forgets the task.
   *
   * @return empty when no final state was acknowledged
   */
  public Optional<Result> takeFinalResult(long taskId) {
    lastFailed.remove("UpdateTask:" + taskId);
    lastFailed.remove("UpdateLog:" + taskId);
    return Optional.ofNullable(finalResults.remove(taskId));
  }

  /** Whether the last {@code FetchTask} got an answer, and when (epoch millis, 0 before any). */
  public boolean lastPollOk() {
    return lastPollOk;
  }

  /** When the last {@code FetchTask} ended, epoch millis; 0 before the first. */
  public long lastPollAt() {
    return lastPollAt;
  }

  private void polled(boolean ok) {
    metrics.polled(ok);
    lastPollOk = ok;
    lastPollAt = clock.millis();
  }

  private void retried(String key, String method) {
    if (Boolean.TRUE.equals(lastFailed.get(key))) {
      metrics.reportRetry(method);
    }
  }

  private void failed(String key, String method) {
    lastFailed.put(key, Boolean.TRUE);
    metrics.reportError(method);
  }
}
