// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.model.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs one job's steps in an environment from an {@link ExecutionBackend}, with the semantics of
 * GitHub Actions: {@code if:} with status functions, env layering, {@code GITHUB_ENV}/{@code
 * GITHUB_OUTPUT}/{@code GITHUB_PATH}/{@code GITHUB_STATE}, workflow commands, step outputs, outcome
 * vs conclusion with {@code continue-on-error}, step and job timeouts, job outputs, and actions:
 * remote ones are fetched while the job is set up (and their {@code pre} run there), node and
 * composite actions run as steps, and {@code post} steps run after the last step, in reverse order.
 * Everything is reported as {@link JobEvent}s.
 *
 * <p>Threading: {@link #run} blocks the calling thread; one instance may run several jobs in turn,
 * or concurrently.
 */
public final class JobRunner {
  private final ExecutionBackend backend;
  private final Clock clock;
  private final ActionSource actions;

  /** A runner whose jobs cannot fetch remote actions (local and composite actions work). */
  public JobRunner(ExecutionBackend backend, Clock clock) {
    this(backend, clock, ActionSource.unavailable("this runner has no action source"));
  }

  /**
   * @param actions fetches remote actions
   */
  public JobRunner(ExecutionBackend backend, Clock clock, ActionSource actions) {
    this.backend = backend;
    this.clock = clock;
    this.actions = actions;
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
    // The job's own lifetime: its timeout must stop this job only, not whoever passed `cancel`
    // (exec runs a workflow's jobs under one cancellation).
    Cancellation job = cancel.child();
    JobState state = new JobState(job);
    Map<String, String> outputs = Map.of();
    JobSpec spec;
    try {
      spec = withContainerEnv(request);
    } catch (ExpressionException e) {
      jobLine(listener, "Error: container.env: " + e.getMessage());
      listener.onEvent(new JobEvent.JobFinished(Conclusion.FAILURE, outputs, clock.instant()));
      return Conclusion.FAILURE;
    }
    try (JobEnvironment env = backend.open(spec, (err, line) -> jobLine(listener, line))) {
      if (workspaceSource != null) {
        env.copyIn(workspaceSource, env.workspace());
      }
      // One probe: whether bash exists (the exit code) and the environment's own PATH (the image's
      // ENV PATH in a container), which GITHUB_PATH entries are put in front of.
      java.util.List<String> probed = new java.util.ArrayList<>();
      boolean hasBash =
          env.exec(
                  ExecSpec.of(
                      "sh", "-c", "printf '%s\\n' \"$PATH\"; command -v bash >/dev/null 2>&1"),
                  (err, line) -> {
                    if (!err) {
                      probed.add(line);
                    }
                  })
              == 0;
      JobSession session =
          new JobSession(
              request,
              env,
              listener,
              clock,
              hasBash,
              probed.isEmpty() || probed.getFirst().isBlank()
                  ? JobSession.FALLBACK_PATH
                  : probed.getFirst(),
              actions);
      StepScope scope = StepScope.job(state);
      Runnable jobTimer = () -> {};
      try {
        jobTimer =
            Timeouts.start(
                job,
                Timeouts.minutes(
                    request.job().timeoutMinutes(), session.evaluator(scope, Map.of())));
      } catch (ExpressionException | IllegalArgumentException e) {
        jobLine(listener, "Error: timeout-minutes: " + e.getMessage());
        state.fail();
      }
      try {
        if (state.result() != Conclusion.FAILURE) {
          new JobSetup(session, scope).prepareActions();
        }
        if (state.result() != Conclusion.FAILURE) {
          for (Step step : steps) {
            new StepExecution(session, scope).run(step);
          }
        }
        new JobSetup(session, scope).runPostSteps();
      } finally {
        jobTimer.run();
      }
      outputs = jobOutputs(session, scope, listener);
    } catch (BackendException e) {
      jobLine(listener, "Error: " + e.getMessage());
      state.fail();
    }
    Conclusion result = state.result();
    listener.onEvent(new JobEvent.JobFinished(result, outputs, clock.instant()));
    return result;
  }

  /**
   * The request's environment with the job's {@code container.env} added (expressions evaluated
   * against the contexts known before the job starts): the container's own environment, seen by
   * every process in it, as on GitHub.
   */
  static JobSpec withContainerEnv(JobRequest request) throws ExpressionException {
    JobSpec spec = request.environment();
    if (request.job().container().isEmpty() || request.job().container().get().env().isEmpty()) {
      return spec;
    }
    Evaluator ev = new Evaluator(io.jrunner.expr.EvaluationContext.of(request.contexts()));
    Map<String, String> env = new LinkedHashMap<>(spec.env());
    for (Map.Entry<String, String> e : request.job().container().get().env().entrySet()) {
      env.put(e.getKey(), Template.parse(e.getValue()).render(ev));
    }
    return new JobSpec(
        spec.runnerId(), spec.taskId(), spec.image(), env, spec.workdir(), spec.services());
  }

  private Map<String, String> jobOutputs(
      JobSession session, StepScope scope, JobListener listener) {
    Map<String, String> out = new LinkedHashMap<>();
    Evaluator ev = session.evaluator(scope, session.exported);
    session
        .request
        .job()
        .outputs()
        .forEach(
            (name, template) -> {
              try {
                out.put(name, Template.parse(template).render(ev));
              } catch (ExpressionException e) {
                jobLine(listener, "Error: output " + name + ": " + e.getMessage());
                scope.state().fail();
              }
            });
    return out;
  }

  static void jobLine(JobListener listener, String text) {
    listener.onEvent(new JobEvent.LogLine(OptionalInt.empty(), java.time.Instant.now(), text));
  }
}
