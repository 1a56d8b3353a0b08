// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Condition;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.FileHasher;
import io.jrunner.expr.JobStatus;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs one job's {@code run:} steps in an environment from an {@link ExecutionBackend}, with the
 * semantics of GitHub Actions: {@code if:} with status functions, env layering, {@code
 * GITHUB_ENV}/{@code GITHUB_OUTPUT}/{@code GITHUB_PATH}, step outputs, outcome vs conclusion with
 * {@code continue-on-error}, job outputs. Everything is reported as {@link JobEvent}s.
 *
 * <p>Not yet: {@code uses:} steps (reported as failed with a clear line), step and job timeouts,
 * killing a running step on cancellation (the job stops between steps).
 *
 * <p>Threading: {@link #run} blocks the calling thread; one instance may run several jobs in turn.
 */
public final class JobRunner {
  private final ExecutionBackend backend;
  private final Clock clock;

  public JobRunner(ExecutionBackend backend, Clock clock) {
    this.backend = backend;
    this.clock = clock;
  }

  /** Runs the job and returns its result; never throws for a failing job. */
  public Conclusion run(JobRequest request, JobListener listener, Cancellation cancel)
      throws InterruptedException {
    return run(request, listener, cancel, null);
  }

  /**
   * As {@link #run(JobRequest, JobListener, Cancellation)}, with the contents of {@code
   * workspaceSource} (when not null) copied into the workspace first ({@code jrunner exec}).
   */
  public Conclusion run(
      JobRequest request, JobListener listener, Cancellation cancel, Path workspaceSource)
      throws InterruptedException {
    List<Step> steps = request.job().steps();
    listener.onEvent(new JobEvent.JobStarted(clock.instant(), steps.size()));
    JobState state = new JobState(cancel);
    Map<String, String> outputs = Map.of();
    try (JobEnvironment env =
        backend.open(request.environment(), (err, line) -> jobLine(listener, line))) {
      if (workspaceSource != null) {
        env.copyIn(workspaceSource, env.workspace());
      }
      StepContext stepContext = new StepContext();
      Map<String, String> exported = new LinkedHashMap<>();
      List<String> paths = new ArrayList<>();
      boolean hasBash = env.exec(ExecSpec.of("sh", "-c", "command -v bash"), (e, l) -> {}) == 0;
      Runnable jobTimer = () -> {};
      try {
        jobTimer =
            Timeouts.start(
                cancel,
                Timeouts.minutes(
                    request.job().timeoutMinutes(),
                    evaluator(request, state, stepContext, Map.of())));
      } catch (ExpressionException | IllegalArgumentException e) {
        jobLine(listener, "Error: timeout-minutes: " + e.getMessage());
        state.fail();
      }
      try {
        for (Step step : steps) {
          new StepExecution(request, env, listener, clock, hasBash)
              .run(step, state, stepContext, exported, paths);
        }
      } finally {
        jobTimer.run();
      }
      outputs = jobOutputs(request, state, stepContext, exported, listener);
    } catch (BackendException e) {
      jobLine(listener, "Error: " + e.getMessage());
      state.fail();
    }
    Conclusion result = state.result();
    listener.onEvent(new JobEvent.JobFinished(result, outputs, clock.instant()));
    return result;
  }

  private Map<String, String> jobOutputs(
      JobRequest request,
      JobState state,
      StepContext steps,
      Map<String, String> exported,
      JobListener listener) {
    Map<String, String> out = new LinkedHashMap<>();
    Evaluator ev = evaluator(request, state, steps, exported);
    request
        .job()
        .outputs()
        .forEach(
            (name, template) -> {
              try {
                out.put(name, Template.parse(template).render(ev));
              } catch (ExpressionException e) {
                jobLine(listener, "Error: output " + name + ": " + e.getMessage());
                state.fail();
              }
            });
    return out;
  }

  static Evaluator evaluator(
      JobRequest request, JobState state, StepContext steps, Map<String, String> env) {
    Map<String, Value> contexts = new LinkedHashMap<>(request.contexts());
    contexts.put("steps", steps.value());
    Map<String, Value> envValues = new LinkedHashMap<>();
    env.forEach((k, v) -> envValues.put(k, Value.of(v)));
    contexts.put("env", new Value.Obj(envValues));
    contexts.put(
        "runner",
        new Value.Obj(
            Map.of("os", Value.of("Linux"), "arch", Value.of("X64"), "temp", Value.of("/tmp"))));
    contexts.put("job", new Value.Obj(Map.of("status", Value.of(state.result().contextValue()))));
    JobStatus status = state::status;
    return new Evaluator(
        new EvaluationContext(new Value.Obj(contexts), status, FileHasher.UNAVAILABLE));
  }

  static void jobLine(JobListener listener, String text) {
    listener.onEvent(new JobEvent.LogLine(OptionalInt.empty(), java.time.Instant.now(), text));
  }

  static boolean shouldRun(Optional<String> ifCondition, Evaluator ev) throws ExpressionException {
    return Condition.parse(ifCondition.orElse("")).test(ev);
  }
}
