// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.Condition;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.FileHasher;
import io.jrunner.expr.JobStatus;
import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A job's own {@code if:} (default {@code success()}), with GitHub's rules for the status
 * functions: they read the results of the jobs it needs ({@link #needState}). Shared by {@code
 * jrunner exec} and the daemon. Stateless and thread-safe.
 */
public final class JobCondition {
  private JobCondition() {}

  /**
   * What {@code success()}, {@code failure()} and {@code cancelled()} see in a job's {@code if:}:
   * failure when a needed job failed or was cancelled, {@link JobStatus.State#NEEDS_SKIPPED} when
   * one was skipped (so an implicit {@code success()} is false), else success.
   *
   * @param needs the results of the needed jobs
   */
  public static JobStatus.State needState(Collection<Conclusion> needs) {
    boolean skipped = false;
    for (Conclusion r : needs) {
      if (r == Conclusion.FAILURE || r == Conclusion.CANCELLED) {
        return JobStatus.State.FAILURE;
      }
      skipped |= r == Conclusion.SKIPPED;
    }
    return skipped ? JobStatus.State.NEEDS_SKIPPED : JobStatus.State.SUCCESS;
  }

  /** {@link #needState(Collection)} over the jobs {@code job} needs directly. */
  public static JobStatus.State needState(Job job, Map<String, Conclusion> results) {
    return needState(
        job.needs().stream().map(n -> results.getOrDefault(n, Conclusion.SKIPPED)).toList());
  }

  /**
   * The {@code needs} context of {@code job}: each needed job's {@code result} (skipped when it has
   * none yet) and {@code outputs}.
   */
  public static Value.Obj needsContext(
      Job job, Map<String, Conclusion> results, Map<String, Map<String, String>> outputs) {
    Map<String, Value> needs = new LinkedHashMap<>();
    for (String need : job.needs()) {
      Map<String, Value> out = new LinkedHashMap<>();
      outputs.getOrDefault(need, Map.of()).forEach((k, v) -> out.put(k, Value.of(v)));
      needs.put(
          need,
          new Value.Obj(
              Map.of(
                  "result",
                  Value.of(results.getOrDefault(need, Conclusion.SKIPPED).contextValue()),
                  "outputs",
                  new Value.Obj(out))));
    }
    return new Value.Obj(needs);
  }

  /**
   * Whether the job runs.
   *
   * @param contexts the job-level contexts ({@link JobLevel#contexts})
   * @throws ExpressionException when the {@code if:} does not parse or evaluate; its offset is in
   *     the {@code if:} text
   */
  public static boolean holds(Job job, Map<String, Value> contexts, JobStatus.State needs)
      throws ExpressionException {
    Evaluator ev =
        new Evaluator(
            new EvaluationContext(
                new Value.Obj(contexts), JobStatus.of(needs), FileHasher.UNAVAILABLE));
    return Condition.parse(job.ifCondition().orElse("")).test(ev);
  }

  /**
   * The daemon's gate: when the job does not run, reports why to {@code listener} (a {@link
   * JobEvent.JobStarted} for its steps, then a line naming the condition) and returns {@link
   * Conclusion#SKIPPED}; when the {@code if:} cannot be evaluated, reports the error with its
   * position and returns {@link Conclusion#FAILURE}. Nothing is created either way.
   *
   * @return empty when the job runs
   */
  public static Optional<Conclusion> gate(
      Job job,
      Map<String, Value> contexts,
      JobStatus.State needs,
      JobListener listener,
      Clock clock) {
    try {
      if (holds(job, contexts, needs)) {
        return Optional.empty();
      }
      listener.onEvent(new JobEvent.JobStarted(clock.instant(), job.steps().size()));
      line(listener, clock, skipLine(job));
      return Optional.of(Conclusion.SKIPPED);
    } catch (ExpressionException e) {
      errorLines(job, e).forEach(l -> line(listener, clock, l));
      return Optional.of(Conclusion.FAILURE);
    }
  }

  /** {@code Skipping job: if: <condition> evaluated to false}. */
  public static String skipLine(Job job) {
    return "Skipping job: if: " + source(job) + " evaluated to false";
  }

  /** The error, then the {@code if:} text and a caret under the problem. */
  public static List<String> errorLines(Job job, ExpressionException e) {
    String source = source(job);
    // Condition offsets are offsets in the text as written; source() only strips it.
    String written = job.ifCondition().orElse("");
    int lead = Math.max(0, written.indexOf(source));
    int at = Math.max(0, Math.min(e.offset() - lead, source.length()));
    return List.of(
        "Error: the job's if: cannot be evaluated: " + e.getMessage(),
        "  if: " + source,
        "      " + " ".repeat(at) + "^");
  }

  private static String source(Job job) {
    // one log row: a block scalar's line breaks become spaces (offsets stay the same)
    String s = job.ifCondition().orElse("").strip().replace('\n', ' ').replace('\r', ' ');
    return s.isEmpty() ? "success()" : s;
  }

  private static void line(JobListener listener, Clock clock, String text) {
    listener.onEvent(new JobEvent.LogLine(OptionalInt.empty(), clock.instant(), text));
  }
}
