// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.google.protobuf.Timestamp;
import io.jrunner.proto.runner.v1.FetchSingleTaskResponse;
import io.jrunner.proto.runner.v1.FetchTaskResponse;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Runner;
import io.jrunner.proto.runner.v1.StepState;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import io.jrunner.testkit.Views.LogLine;
import io.jrunner.testkit.Views.RunnerView;
import io.jrunner.testkit.Views.StepView;
import io.jrunner.testkit.Views.TaskView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Forgejo's server-side semantics of the runner protocol (protocol.md §4), in memory. Not
 * thread-safe: {@link FakeForgejoServer} calls it under its lock.
 */
final class ForgejoState {
  static final int MAX_LINE_BYTES = 65_536;
  static final int MAX_OUTPUT_KEY = 255;
  static final int MAX_OUTPUT_VALUE = 1_048_576;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Boolean> registrationTokens = new LinkedHashMap<>();
  private final Map<String, RunnerRow> runnersByUuid = new LinkedHashMap<>();
  private final List<JobRow> waiting = new ArrayList<>();
  private final Map<Long, TaskRow> tasks = new LinkedHashMap<>();
  private String serverUrl = "http://127.0.0.1/";
  private long tasksVersion = 1;
  private long nextRunnerId = 1;
  private long nextTaskId = 1;
  private long nextRunId = 100;
  private long nextJobId = 900;

  ForgejoState(Clock clock, String initialToken) {
    this.clock = clock;
    registrationTokens.put(initialToken, true);
  }

  void serverUrl(String url) {
    serverUrl = url.endsWith("/") ? url : url + "/";
  }

  // ---- registration -------------------------------------------------------------------------

  String activeRegistrationToken() {
    return registrationTokens.entrySet().stream()
        .filter(Map.Entry::getValue)
        .map(Map.Entry::getKey)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  String rotateRegistrationToken() {
    registrationTokens.replaceAll((k, v) -> false);
    String token = hex(20);
    registrationTokens.put(token, true);
    return token;
  }

  Runner register(String name, String token, String version, List<String> labels, boolean ephemeral)
      throws ConnectError {
    if (token.isEmpty() || name.isEmpty()) {
      throw new ConnectError("invalid_argument", "missing runner token, name");
    }
    Boolean active = registrationTokens.get(token);
    if (active == null) {
      throw new ConnectError("invalid_argument", "runner registration token not found");
    }
    if (!active) {
      throw new ConnectError(
          "invalid_argument",
          "runner registration token has been invalidated, please use the latest one");
    }
    RunnerRow row =
        new RunnerRow(
            nextRunnerId++,
            UUID.randomUUID().toString(),
            truncate(name, 255),
            hex(20),
            version,
            List.copyOf(labels),
            ephemeral);
    runnersByUuid.put(row.uuid, row);
    return row.toProto(true);
  }

  /** forgejo-cli actions register --secret: uuid from the secret's first 16 characters. */
  RunnerView preRegister(String secret, String name, List<String> labels) {
    if (!secret.matches("[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("the secret must be 40 hex characters");
    }
    ByteBuffer bytes = ByteBuffer.wrap(secret.substring(0, 16).getBytes(StandardCharsets.US_ASCII));
    String uuid = new UUID(bytes.getLong(), bytes.getLong()).toString();
    RunnerRow row = runnersByUuid.get(uuid);
    if (row == null) {
      row = new RunnerRow(nextRunnerId++, uuid, name, secret, "", List.copyOf(labels), false);
      runnersByUuid.put(uuid, row);
    } else {
      row.token = secret;
      row.labels = List.copyOf(labels);
    }
    return row.view();
  }

  RunnerRow authenticate(String uuid, String token) throws ConnectError {
    RunnerRow row = uuid == null ? null : runnersByUuid.get(uuid);
    if (row == null || token == null || !row.token.equals(token)) {
      throw new ConnectError("unauthenticated", "unregistered runner");
    }
    row.lastOnline = clock.instant();
    return row;
  }

  void deleteRunner(String uuid) {
    runnersByUuid.remove(uuid);
  }

  Runner declare(RunnerRow runner, String version, List<String> labels) {
    runner.version = version;
    runner.labels = List.copyOf(labels);
    return runner.toProto(false);
  }

  // ---- jobs and tasks -----------------------------------------------------------------------

  /** Whether a running task with this token belongs to {@code repository} (Forgejo's rule). */
  boolean tokenCanRead(String token, String repository) {
    for (TaskRow t : tasks.values()) {
      if (t.token.equals(token) && t.result == Result.RESULT_UNSPECIFIED) {
        com.google.protobuf.Value repo = t.job.job().context().getFieldsMap().get("repository");
        String own = repo != null ? repo.getStringValue() : Contexts.REPOSITORY;
        return own.equalsIgnoreCase(repository);
      }
    }
    return false;
  }

  void enqueue(FakeJob job) {
    waiting.add(
        new JobRow(
            job,
            nextRunId++,
            StepCounter.count(job.workflowYaml(), job.jobId()),
            nextJobId++,
            UUID.randomUUID().toString()));
    tasksVersion++;
  }

  /** The jobs waiting for a runner, oldest first. */
  List<JobRow> waiting() {
    return List.copyOf(waiting);
  }

  /**
   * {@code FetchSingleTask} (protocol.md §4.5): FetchTask with capacity 1, restricted to the job
   * attempt with {@code handle} when given; a request key that recovers more than one task is an
   * internal error.
   */
  FetchSingleTaskResponse fetchSingle(
      RunnerRow runner, long sentVersion, String handle, String requestKey) throws ConnectError {
    if (requestKey != null) {
      List<TaskRow> earlier =
          tasks.values().stream()
              .filter(t -> t.runnerId == runner.id && requestKey.equals(t.requestKey))
              .toList();
      if (earlier.size() > 1) {
        throw new ConnectError("internal", "request key recovered more than one task");
      }
      if (earlier.size() == 1) {
        TaskRow t = earlier.get(0);
        t.token = hex(20);
        return FetchSingleTaskResponse.newBuilder()
            .setTasksVersion(0)
            .setTask(t.toProto(serverUrl))
            .build();
      }
    }
    FetchSingleTaskResponse.Builder out =
        FetchSingleTaskResponse.newBuilder().setTasksVersion(tasksVersion);
    if (sentVersion == tasksVersion) {
      return out.build();
    }
    if (runner.ephemeral && tasks.values().stream().anyMatch(t -> t.runnerId == runner.id)) {
      return out.build();
    }
    JobRow job = pick(runner, handle);
    if (job != null) {
      out.setTask(assign(runner, job, requestKey).toProto(serverUrl));
    }
    return out.build();
  }

  private TaskRow assign(RunnerRow runner, JobRow job, String requestKey) {
    waiting.remove(job);
    TaskRow task = new TaskRow(nextTaskId++, runner.id, job, clock.instant(), hex(20), requestKey);
    tasks.put(task.id, task);
    return task;
  }

  FetchTaskResponse fetch(RunnerRow runner, long sentVersion, long capacity, String requestKey)
      throws ConnectError {
    if (requestKey != null) {
      List<TaskRow> earlier =
          tasks.values().stream()
              .filter(t -> t.runnerId == runner.id && requestKey.equals(t.requestKey))
              .toList();
      if (!earlier.isEmpty()) {
        FetchTaskResponse.Builder again = FetchTaskResponse.newBuilder().setTasksVersion(0);
        for (int i = 0; i < earlier.size(); i++) {
          TaskRow t = earlier.get(i);
          t.token = hex(20); // only hashes are stored, so resent tasks get new tokens
          if (i == 0) {
            again.setTask(t.toProto(serverUrl));
          } else {
            again.addAdditionalTasks(t.toProto(serverUrl));
          }
        }
        return again.build();
      }
    }
    FetchTaskResponse.Builder out = FetchTaskResponse.newBuilder().setTasksVersion(tasksVersion);
    if (sentVersion == tasksVersion) {
      return out.build();
    }
    if (runner.ephemeral && tasks.values().stream().anyMatch(t -> t.runnerId == runner.id)) {
      return out.build();
    }
    long wanted = Math.max(1, capacity);
    for (int picked = 0; picked < wanted; picked++) {
      JobRow job = pick(runner, null);
      if (job == null) {
        break;
      }
      TaskRow task = assign(runner, job, requestKey);
      if (picked == 0) {
        out.setTask(task.toProto(serverUrl));
      } else {
        out.addAdditionalTasks(task.toProto(serverUrl));
      }
      if (runner.ephemeral) {
        break;
      }
    }
    return out.build();
  }

  private JobRow pick(RunnerRow runner, String handle) {
    for (JobRow job : waiting) {
      if (handle != null && !handle.equals(job.handle())) {
        continue;
      }
      List<String> runsOn = job.job().runsOn();
      if (!runsOn.isEmpty() && !runner.labels.isEmpty() && runner.labels.containsAll(runsOn)) {
        return job;
      }
    }
    return null;
  }

  UpdateTaskResponse updateTask(RunnerRow runner, TaskState state, Map<String, String> outputs)
      throws ConnectError {
    TaskRow task = owned(runner, state.getId());
    Instant now = clock.instant();
    if (task.result == Result.RESULT_UNSPECIFIED) {
      if (state.getResult() != Result.RESULT_UNSPECIFIED) {
        task.result = state.getResult();
        task.stopped = seconds(state.getStoppedAt());
        if (task.stopped == null) {
          task.stopped = Instant.EPOCH;
        }
        deleteIfEphemeral(task);
      }
      task.updated = now;
      for (StepState s : state.getStepsList()) {
        if (s.getId() >= 0 && s.getId() < task.steps.length) {
          task.steps[(int) s.getId()] =
              new StepView(
                  (int) s.getId(),
                  s.getResult(),
                  s.getLogIndex(),
                  s.getLogLength(),
                  seconds(s.getStartedAt()),
                  seconds(s.getStoppedAt()));
        }
      }
    }
    outputs.forEach(
        (k, v) -> {
          if (k.length() <= MAX_OUTPUT_KEY
              && v.getBytes(StandardCharsets.UTF_8).length <= MAX_OUTPUT_VALUE) {
            task.outputs.putIfAbsent(k, v);
          }
        });
    return UpdateTaskResponse.newBuilder()
        .setState(TaskState.newBuilder().setId(state.getId()).setResult(task.result))
        .addAllSentOutputs(task.outputs.keySet())
        .build();
  }

  long updateLog(RunnerRow runner, long taskId, long index, List<LogRow> rows, boolean noMore)
      throws ConnectError {
    TaskRow task = owned(runner, taskId);
    long ack = task.log.size();
    if (rows.isEmpty() || index > ack || index + rows.size() <= ack) {
      return ack;
    }
    if (task.archived) {
      throw new ConnectError("already_exists", "log file has been archived");
    }
    for (LogRow row : rows.subList((int) (ack - index), rows.size())) {
      task.log.add(new LogLine(seconds(row.getTime()), cut(row.getContent())));
    }
    if (noMore) {
      task.archived = true;
    }
    return task.log.size();
  }

  private TaskRow owned(RunnerRow runner, long taskId) throws ConnectError {
    TaskRow task = tasks.get(taskId);
    if (task == null || task.runnerId != runner.id) {
      throw new ConnectError("internal", "invalid runner for task");
    }
    return task;
  }

  void cancel(long taskId) {
    TaskRow task = tasks.get(taskId);
    if (task != null && task.result == Result.RESULT_UNSPECIFIED) {
      stop(task, Result.RESULT_CANCELLED);
    }
  }

  /**
   * Forgejo's {@code StopTask}: the task and every step not done yet take {@code result}; such a
   * step gets {@code started} if it had none and {@code stopped} = now. Later {@code UpdateTask}s
   * of the runner change nothing (the task is done).
   */
  private void stop(TaskRow task, Result result) {
    deleteIfEphemeral(task);
    Instant now = clock.instant();
    task.result = result;
    task.stopped = now;
    for (int i = 0; i < task.steps.length; i++) {
      StepView s = task.steps[i];
      if (s.result() == Result.RESULT_UNSPECIFIED) {
        task.steps[i] =
            new StepView(
                s.index(),
                result,
                s.logIndex(),
                s.logLength(),
                s.started() == null ? now : s.started(),
                now);
      }
    }
  }

  /**
   * Forgejo 15 (protocol.md §4.11): an ephemeral runner is deleted when its task reaches a final
   * state (UpdateTask with a result, cancel, zombie); its credentials are refused from then on.
   */
  private void deleteIfEphemeral(TaskRow task) {
    runnersByUuid.values().removeIf(r -> r.id == task.runnerId && r.ephemeral);
  }

  /** Stops running tasks not updated within {@code timeout} as failed; returns their ids. */
  List<Long> reapZombies(Duration timeout) {
    Instant limit = clock.instant().minus(timeout);
    List<Long> reaped = new ArrayList<>();
    for (TaskRow t : tasks.values()) {
      if (t.result == Result.RESULT_UNSPECIFIED && t.updated.isBefore(limit)) {
        stop(t, Result.RESULT_FAILURE);
        reaped.add(t.id);
      }
    }
    return reaped;
  }

  // ---- views --------------------------------------------------------------------------------

  List<RunnerView> runners() {
    return runnersByUuid.values().stream().map(RunnerRow::view).toList();
  }

  TaskView task(long id) {
    TaskRow t = tasks.get(id);
    return t == null ? null : t.view();
  }

  List<TaskView> tasks() {
    return tasks.values().stream().map(TaskRow::view).toList();
  }

  long tasksVersion() {
    return tasksVersion;
  }

  int waitingJobs() {
    return waiting.size();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Forgejo cuts a row at 64 KiB (bytes); this cut never splits a UTF-8 character. */
  static String cut(String content) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_LINE_BYTES) {
      return content;
    }
    int end = MAX_LINE_BYTES;
    while (end > 0 && (b[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }

  private static String truncate(String s, int maxBytes) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length <= maxBytes ? s : cut(s).substring(0, Math.min(s.length(), maxBytes));
  }

  private static Instant seconds(Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0 ? null : Instant.ofEpochSecond(t.getSeconds());
  }
}
