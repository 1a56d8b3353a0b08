// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import com.google.protobuf.Timestamp;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fake Forgejo saw of finished tasks, read from its recorded calls (cheap: no copy of
 * stored logs while jobs run): when each task's final report arrived, its step times as the runner
 * reported them, how many requests it took, and the latency of {@code tick <epoch µs>} log lines
 * (from the moment the job printed the line to the answered {@code UpdateLog} that carried it).
 *
 * <p>Not thread-safe; used by one scenario at a time.
 */
final class TaskTimes {
  /** A {@code tick} line: the job printed bash's {@code ${EPOCHREALTIME/./}} (microseconds). */
  static final Pattern TICK = Pattern.compile("tick (\\d{16})");

  private TaskTimes() {}

  /** One finished task. {@code firstStepStart}/{@code lastStepStop} are the runner's stamps. */
  record Finished(
      long id,
      Result result,
      Instant finalReport,
      Instant firstStepStart,
      Instant lastStepStop,
      List<Duration> steps,
      int requests) {}

  /** The ids of tasks with a final UpdateTask and an UpdateLog with {@code no_more}. */
  static Set<Long> finishedIds(FakeForgejoServer server) {
    Set<Long> closed = new HashSet<>();
    for (RecordedCall c : server.calls("UpdateLog")) {
      if (c.httpStatus() == 200 && ((UpdateLogRequest) c.request()).getNoMore()) {
        closed.add(((UpdateLogRequest) c.request()).getTaskId());
      }
    }
    Set<Long> out = new LinkedHashSet<>();
    for (RecordedCall c : server.calls("UpdateTask")) {
      UpdateTaskRequest u = (UpdateTaskRequest) c.request();
      if (c.httpStatus() == 200
          && u.getState().getResult() != Result.RESULT_UNSPECIFIED
          && closed.contains(u.getState().getId())) {
        out.add(u.getState().getId());
      }
    }
    return out;
  }

  /** Polls until {@code count} tasks are finished, failing after {@code timeout}. */
  static Set<Long> awaitFinished(
      FakeForgejoServer server, int count, Duration timeout, RunnerUnderTest.Daemon daemon)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<Long> ids = finishedIds(server);
      if (ids.size() >= count) {
        return ids;
      }
      daemon.checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + ids.size() + " of " + count + " task(s) finished within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /** Reads task {@code id}'s figures from the recorded calls. */
  static Finished of(FakeForgejoServer server, long id) {
    Instant finalReport = Instant.MIN;
    Result result = Result.RESULT_UNSPECIFIED;
    UpdateTaskRequest last = null;
    int requests = 0;
    for (RecordedCall c : server.calls("UpdateTask")) {
      UpdateTaskRequest u = (UpdateTaskRequest) c.request();
      if (u == null || u.getState().getId() != id) {
        continue;
      }
      requests++;
      if (u.getState().getResult() != Result.RESULT_UNSPECIFIED
          && result == Result.RESULT_UNSPECIFIED) {
        result = u.getState().getResult();
        finalReport = later(finalReport, c.at());
      }
      if (u.getState().getStepsCount() > 0) {
        last = u;
      }
    }
    for (RecordedCall c : server.calls("UpdateLog")) {
      UpdateLogRequest l = (UpdateLogRequest) c.request();
      if (l == null || l.getTaskId() != id) {
        continue;
      }
      requests++;
      if (l.getNoMore()) {
        finalReport = later(finalReport, c.at());
      }
    }
    if (last == null) {
      throw new IllegalStateException("task " + id + " reported no steps");
    }
    List<Duration> steps = new ArrayList<>();
    Instant first = null;
    Instant stop = null;
    for (var s : last.getState().getStepsList()) {
      if (!s.hasStartedAt() || !s.hasStoppedAt()) {
        continue;
      }
      Instant a = instant(s.getStartedAt());
      Instant b = instant(s.getStoppedAt());
      steps.add(Duration.between(a, b));
      first = first == null || a.isBefore(first) ? a : first;
      stop = stop == null || b.isAfter(stop) ? b : stop;
    }
    if (first == null) {
      throw new IllegalStateException("task " + id + " reported no step times");
    }
    return new Finished(id, result, finalReport, first, stop, steps, requests);
  }

  /**
   * Milliseconds from each {@code tick} line's printed time to the answered UpdateLog that first
   * carried it, for the given tasks.
   */
  static List<Double> tickLatenciesMillis(FakeForgejoServer server, Set<Long> ids) {
    Set<String> seen = new HashSet<>();
    List<Double> out = new ArrayList<>();
    for (RecordedCall c : server.calls("UpdateLog")) {
      UpdateLogRequest l = (UpdateLogRequest) c.request();
      if (l == null || c.httpStatus() != 200 || !ids.contains(l.getTaskId())) {
        continue;
      }
      long atMicros = c.at().getEpochSecond() * 1_000_000L + c.at().getNano() / 1_000;
      for (LogRow row : l.getRowsList()) {
        Matcher m = TICK.matcher(row.getContent());
        if (m.find() && seen.add(l.getTaskId() + ":" + m.group(1))) {
          out.add((atMicros - Long.parseLong(m.group(1))) / 1000.0);
        }
      }
    }
    return out;
  }

  /** How many stored rows of task {@code id} are exactly a decimal number (the output of seq). */
  static long numericRows(FakeForgejoServer server, long id) {
    return server.task(id).lines().stream().filter(s -> s.matches("\\d+")).count();
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
