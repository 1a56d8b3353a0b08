// SPDX-License-Identifier: Apache-2.0
package io.jrunner.poll;

import io.jrunner.client.ConnectException;
import io.jrunner.client.RunnerClient;
import io.jrunner.proto.runner.v1.FetchSingleTaskRequest;
import io.jrunner.proto.runner.v1.FetchSingleTaskResponse;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One logical FetchTask with forgejo-runner's bookkeeping (protocol.md §4.4, §5.7):
 *
 * <ul>
 *   <li>{@code tasks_version}: sent as kept; a higher version in the answer is stored; after a task
 *       arrives it is reset to 0 so the next poll scans the queue again;
 *   <li>{@code x-runner-request-key}: one key per logical fetch, kept across retries after any
 *       error (so a task assigned by an answer that got lost comes back), renewed after every
 *       successful answer, with or without a task.
 * </ul>
 *
 * <p>With a job attempt handle ({@code one-job --handle}, protocol.md §4.5) every fetch is a {@code
 * FetchSingleTask} with {@code tasks_version} 0 and the handle, as forgejo-runner v13 sends it; the
 * request key works the same way.
 *
 * <p>Thread-safe; fetches are serialized (one logical fetch at a time).
 */
public final class TaskFetcher {
  private final RunnerClient client;
  private final Duration fetchTimeout;
  private final Supplier<String> keys;
  private final Optional<String> handle;
  private final ReentrantLock lock = new ReentrantLock();
  private long tasksVersion;
  private String requestKey;

  public TaskFetcher(RunnerClient client, Duration fetchTimeout) {
    this(client, fetchTimeout, Optional.empty());
  }

  /**
   * @param handle the job attempt to ask for with {@code FetchSingleTask}; empty: {@code FetchTask}
   */
  public TaskFetcher(RunnerClient client, Duration fetchTimeout, Optional<String> handle) {
    this(client, fetchTimeout, () -> UUID.randomUUID().toString(), handle);
  }

  TaskFetcher(RunnerClient client, Duration fetchTimeout, Supplier<String> keys) {
    this(client, fetchTimeout, keys, Optional.empty());
  }

  TaskFetcher(
      RunnerClient client, Duration fetchTimeout, Supplier<String> keys, Optional<String> handle) {
    this.client = client;
    this.fetchTimeout = fetchTimeout;
    this.keys = keys;
    this.handle = handle;
  }

  /**
   * Asks for up to {@code capacity} tasks.
   *
   * @return the tasks the server assigned, possibly none
   * @throws ConnectException when the call failed; the request key is kept for the retry
   */
  public List<Task> fetch(int capacity) throws ConnectException {
    lock.lock();
    try {
      if (requestKey == null) {
        requestKey = keys.get();
      }
      if (handle.isPresent()) {
        return fetchSingle(handle.get());
      }
      long sent = tasksVersion;
      FetchTaskRequest request =
          FetchTaskRequest.newBuilder()
              .setTasksVersion(sent)
              .setTaskCapacity(Math.max(1, capacity))
              .build();
      FetchTaskResponse response = client.fetchTask(request, requestKey, fetchTimeout);
      requestKey = null;
      if (response.getTasksVersion() > sent) {
        tasksVersion = response.getTasksVersion();
      }
      List<Task> tasks = new ArrayList<>();
      if (response.hasTask()) {
        tasks.add(response.getTask());
      }
      // Forgejo 14.0.0/14.0.1 could send additional tasks without a first one: take them all.
      tasks.addAll(response.getAdditionalTasksList());
      if (!tasks.isEmpty()) {
        tasksVersion = 0;
      }
      return tasks;
    } finally {
      lock.unlock();
    }
  }

  /** One {@code FetchSingleTask} for {@code handle}; the caller holds the lock. */
  private List<Task> fetchSingle(String jobHandle) throws ConnectException {
    FetchSingleTaskRequest request =
        FetchSingleTaskRequest.newBuilder().setTasksVersion(0).setHandle(jobHandle).build();
    FetchSingleTaskResponse response = client.fetchSingleTask(request, requestKey, fetchTimeout);
    requestKey = null;
    return response.hasTask() ? List.of(response.getTask()) : List.of();
  }

  /** The version the next fetch will send. */
  public long tasksVersion() {
    lock.lock();
    try {
      return tasksVersion;
    } finally {
      lock.unlock();
    }
  }
}
