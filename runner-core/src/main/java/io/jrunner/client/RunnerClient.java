// SPDX-License-Identifier: Apache-2.0
package io.jrunner.client;

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
import java.time.Duration;

/**
 * Talks to one Forgejo (or Gitea) instance. Every method makes exactly one unary RPC and never
 * retries by itself: callers decide with {@link ConnectException#isRetryable()} and a {@link
 * RetryPolicy}.
 *
 * <p>Threading: implementations are thread-safe; calls may run concurrently from many (virtual)
 * threads. Every call is bounded by a timeout.
 *
 * <p>Errors: every method throws {@link ConnectException} (an {@link java.io.IOException}) when the
 * server answers with an error or no answer arrives; {@link InterruptedException}-style
 * interruption surfaces as a {@link ConnectException} with code {@link ConnectCode#CANCELED}.
 */
public interface RunnerClient {

  /** {@code ping.v1.PingService/Ping}; needs no credentials. */
  PingResponse ping(PingRequest request) throws ConnectException;

  /** {@code Register} with a registration token in the body; sends no runner credentials. */
  RegisterResponse register(RegisterRequest request) throws ConnectException;

  /** {@code Declare}: labels and version on every start. Old servers answer UNIMPLEMENTED. */
  DeclareResponse declare(DeclareRequest request) throws ConnectException;

  /**
   * {@code FetchTask}.
   *
   * @param requestKey sent as {@code x-runner-request-key}; the caller keeps it across retries of
   *     one logical fetch and renews it after every successful response (protocol.md §5.7); null
   *     sends none
   * @param timeout the deadline of this call, also sent as {@code Connect-Timeout-Ms}
   */
  FetchTaskResponse fetchTask(FetchTaskRequest request, String requestKey, Duration timeout)
      throws ConnectException;

  /**
   * {@code FetchSingleTask} (Forgejo 15, protocol.md §4.5): at most one task, optionally the job
   * attempt with {@code handle}. Older servers answer UNIMPLEMENTED (HTTP 404).
   *
   * @param requestKey as for {@link #fetchTask}
   * @param timeout as for {@link #fetchTask}
   */
  FetchSingleTaskResponse fetchSingleTask(
      FetchSingleTaskRequest request, String requestKey, Duration timeout) throws ConnectException;

  /** {@code UpdateTask}: state heartbeat, outputs, final result. */
  UpdateTaskResponse updateTask(UpdateTaskRequest request) throws ConnectException;

  /** {@code UpdateLog}: rows from an absolute index; the answer carries the server's ack. */
  UpdateLogResponse updateLog(UpdateLogRequest request) throws ConnectException;
}
