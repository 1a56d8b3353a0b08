// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

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
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.RegisterResponse;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateLogResponse;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory FetchTask peer: answers from a script (a response or an exception per call) and
 * records what it was asked. When the script is empty it answers "no task". Thread-safe.
 */
final class ScriptedClient implements RunnerClient {
  record Fetch(FetchTaskRequest request, String requestKey) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Object> script = new ArrayDeque<>();
  private final List<Fetch> fetches = new ArrayList<>();
  private final List<FetchSingleTaskRequest> singles = new ArrayList<>();

  void answer(FetchTaskResponse response) {
    with(() -> script.add(response));
  }

  void fail(ConnectException error) {
    with(() -> script.add(error));
  }

  List<Fetch> fetches() {
    lock.lock();
    try {
      return List.copyOf(fetches);
    } finally {
      lock.unlock();
    }
  }

  private void with(Runnable r) {
    lock.lock();
    try {
      r.run();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public FetchTaskResponse fetchTask(FetchTaskRequest request, String requestKey, Duration timeout)
      throws ConnectException {
    Object next;
    lock.lock();
    try {
      fetches.add(new Fetch(request, requestKey));
      next = script.poll();
    } finally {
      lock.unlock();
    }
    if (next instanceof ConnectException e) {
      throw e;
    }
    return next == null
        ? FetchTaskResponse.newBuilder().setTasksVersion(request.getTasksVersion()).build()
        : (FetchTaskResponse) next;
  }

  /** Answers from the same script as FetchTask (its task and version), recorded as a fetch. */
  @Override
  public FetchSingleTaskResponse fetchSingleTask(
      FetchSingleTaskRequest request, String requestKey, Duration timeout) throws ConnectException {
    lock.lock();
    try {
      singles.add(request);
    } finally {
      lock.unlock();
    }
    FetchTaskResponse r =
        fetchTask(
            FetchTaskRequest.newBuilder().setTasksVersion(request.getTasksVersion()).build(),
            requestKey,
            timeout);
    FetchSingleTaskResponse.Builder b =
        FetchSingleTaskResponse.newBuilder().setTasksVersion(r.getTasksVersion());
    if (r.hasTask()) {
      b.setTask(r.getTask());
    }
    return b.build();
  }

  List<FetchSingleTaskRequest> singles() {
    lock.lock();
    try {
      return List.copyOf(singles);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public PingResponse ping(PingRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public RegisterResponse register(RegisterRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public DeclareResponse declare(DeclareRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public UpdateTaskResponse updateTask(UpdateTaskRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public UpdateLogResponse updateLog(UpdateLogRequest request) {
    throw new UnsupportedOperationException();
  }
}
