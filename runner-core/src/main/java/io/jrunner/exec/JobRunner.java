// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.CancelMessages;
import io.jrunner.cancel.CancelReason;
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
    java.util.Optional<java.time.Duration> jobLimit = java.util.Optional.empty();
    try (JobEnvironment env =
        backend.open(request.environment(), (err, line) -> jobLine(listener, line))) {
      // One exec writes the event payload and probes for bash and the environment's PATH; exec's
      // workspace is copied in meanwhile (neither writes where the other does).
      JobPrelude.Probed probed =
          withWorkspace(env, workspaceSource, () -> JobPrelude.run(env, request));
      JobSession session =
          new JobSession(
              request,
              env,
              listener,
              clock,
              probed.hasBash(),
              probed.path().isBlank() ? JobSession.FALLBACK_PATH : probed.path(),
              actions);
      StepScope scope = StepScope.job(state);
      Runnable jobTimer = () -> {};
      try {
        jobLimit =
            Timeouts.minutes(
                request.job().timeoutMinutes(),
                session.evaluator(
                    scope,
                    JobLevel.env(
                        request.workflow(),
                        request.job(),
                        request.contexts(),
                        request.environment().env())));
        jobTimer = Timeouts.start(job, jobLimit);
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
    if (jobLimit.isPresent()
        && job.reason().filter(r -> r == CancelReason.TIMEOUT).isPresent()
        && !cancel.isCancelled()) {
      jobLine(listener, CancelMessages.timeout(jobLimit.get()));
    }
    Conclusion result = state.result();
    listener.onEvent(new JobEvent.JobFinished(result, outputs, clock.instant()));
    return result;
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

  /** Work that may fail as the backend does. */
  @FunctionalInterface
  private interface EnvWork<T> {
    T run() throws BackendException, InterruptedException;
  }

  /**
   * Runs {@code work} while the contents of {@code source} (when not null) are copied into the
   * workspace on a virtual thread; returns once both ended. A failed copy is thrown after the
   * work's own failure, if any, took precedence.
   */
  private static <T> T withWorkspace(JobEnvironment env, Path source, EnvWork<T> work)
      throws BackendException, InterruptedException {
    if (source == null) {
      return work.run();
    }
    java.util.concurrent.FutureTask<Void> copy =
        new java.util.concurrent.FutureTask<>(
            () -> {
              env.copyIn(source, env.workspace());
              return null;
            });
    Thread.ofVirtual().name("workspace-copy").start(copy);
    T result;
    try {
      result = work.run();
    } finally {
      awaitQuietly(copy);
    }
    try {
      copy.get();
    } catch (java.util.concurrent.ExecutionException e) {
      switch (e.getCause()) {
        case BackendException b -> throw b;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new BackendException("cannot copy the workspace", e.getCause());
      }
    }
    return result;
  }

  /** Waits for {@code task} to end, whatever its outcome; keeps an interrupt for the caller. */
  private static void awaitQuietly(java.util.concurrent.Future<?> task) {
    boolean interrupted = false;
    while (!task.isDone()) {
      try {
        task.get();
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.CancellationException e) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
