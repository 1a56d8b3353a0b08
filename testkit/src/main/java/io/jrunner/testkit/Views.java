// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import io.jrunner.proto.runner.v1.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Immutable snapshots of the fake server's state, for assertions. */
public final class Views {
  private Views() {}

  /** A registered runner. {@code lastOnline} is null before its first authenticated call. */
  public record RunnerView(
      long id,
      String uuid,
      String name,
      String version,
      List<String> labels,
      boolean ephemeral,
      Instant lastOnline) {}

  /** One stored log line. */
  public record LogLine(Instant time, String content) {}

  /** One step row (created per entry of the job's {@code steps:}). Null times are unset. */
  public record StepView(
      int index, Result result, long logIndex, long logLength, Instant started, Instant stopped) {}

  /**
   * One task.
   *
   * @param result the stored status ({@code RESULT_UNSPECIFIED} while running)
   * @param stopped null while running; {@link Instant#EPOCH} when a final result came without
   *     {@code stopped_at} (Forgejo stores that as 1970, a runner bug tests should catch)
   * @param archived whether an UpdateLog with {@code no_more} and rows was stored
   */
  public record TaskView(
      long id,
      long runnerId,
      String jobId,
      Result result,
      Instant started,
      Instant stopped,
      Instant updated,
      List<StepView> steps,
      List<LogLine> log,
      boolean archived,
      Map<String, String> outputs,
      String requestKey,
      String token) {

    public boolean done() {
      return result != Result.RESULT_UNSPECIFIED;
    }

    /** The log contents only. */
    public List<String> lines() {
      return log.stream().map(LogLine::content).toList();
    }
  }
}
