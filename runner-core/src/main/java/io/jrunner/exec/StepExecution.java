// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Coercion;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.Step;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Runs one step of a job: condition, environment, script, file commands, outcome. */
final class StepExecution {
  private final JobRequest request;
  private final JobEnvironment env;
  private final JobListener listener;
  private final Clock clock;
  private final boolean hasBash;

  StepExecution(
      JobRequest request, JobEnvironment env, JobListener listener, Clock clock, boolean hasBash) {
    this.request = request;
    this.env = env;
    this.listener = listener;
    this.clock = clock;
    this.hasBash = hasBash;
  }

  void run(
      Step step,
      JobState state,
      StepContext steps,
      Map<String, String> exported,
      List<String> paths)
      throws InterruptedException {
    int index = step.info().index();
    listener.onEvent(new JobEvent.StepStarted(index, displayName(step), clock.instant()));
    Conclusion outcome;
    Map<String, String> outputs = Map.of();
    Conclusion conclusion;
    try {
      Map<String, String> environment = environment(step, state, steps, exported);
      Evaluator ev = JobRunner.evaluator(request, state, steps, environment);
      if (!JobRunner.shouldRun(step.info().ifCondition(), ev)) {
        finish(index, step, steps, Map.of(), Conclusion.SKIPPED, Conclusion.SKIPPED);
        return;
      }
      StepFiles files = new StepFiles(env.tempDir(), index);
      // A step that runs after the job was cancelled (if: always() or cancelled()) must not inherit
      // the cancellation, or it would be stopped at once; only its own timeout applies.
      Cancellation stop = state.cancelled() ? Cancellation.root() : state.cancellation().child();
      Runnable timer = Timeouts.start(stop, Timeouts.minutes(step.info().timeoutMinutes(), ev));
      try {
        outcome =
            switch (step) {
              case Step.RunStep run -> script(run, ev, environment, files, paths, stop);
              case Step.UsesStep uses -> {
                line(index, "Error: jrunner cannot run actions yet (uses: " + uses.uses() + ")");
                yield Conclusion.FAILURE;
              }
            };
      } finally {
        timer.run();
      }
      if (stop.reason().filter(r -> r == CancelReason.TIMEOUT).isPresent()) {
        line(
            index,
            "The step timed out after " + step.info().timeoutMinutes().orElse("?") + " minute(s).");
        outcome = Conclusion.FAILURE;
      } else if (stop.isCancelled()) {
        outcome = Conclusion.CANCELLED;
      }
      outputs = files.readOutputs(env);
      exported.putAll(files.readEnv(env));
      paths.addAll(0, files.readPath(env));
      conclusion =
          outcome == Conclusion.FAILURE && continueOnError(step, ev) ? Conclusion.SUCCESS : outcome;
    } catch (ExpressionException | IllegalArgumentException e) {
      line(index, "Error: " + e.getMessage());
      outcome = Conclusion.FAILURE;
      conclusion = Conclusion.FAILURE;
    } catch (BackendException e) {
      line(index, "Error: " + e.getMessage());
      outcome = Conclusion.FAILURE;
      conclusion = Conclusion.FAILURE;
    }
    if (conclusion == Conclusion.FAILURE) {
      state.fail();
    }
    finish(index, step, steps, outputs, outcome, conclusion);
  }

  private Conclusion script(
      Step.RunStep run,
      Evaluator ev,
      Map<String, String> environment,
      StepFiles files,
      List<String> paths,
      Cancellation stop)
      throws ExpressionException, BackendException, InterruptedException {
    int index = run.info().index();
    String script = Template.parse(run.run()).render(ev);
    files.prepare(env, script);
    Map<String, String> processEnv = new LinkedHashMap<>(environment);
    processEnv.putAll(files.variables());
    if (!paths.isEmpty()) {
      processEnv.put(
          "PATH",
          String.join(":", paths)
              + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }
    Optional<String> shell =
        run.shell()
            .or(() -> request.job().defaults().shell())
            .or(() -> request.workflow().defaults().shell());
    String workdir = env.workspace();
    Optional<String> dir =
        run.workingDirectory()
            .or(() -> request.job().defaults().workingDirectory())
            .or(() -> request.workflow().defaults().workingDirectory());
    if (dir.isPresent()) {
      String d = Template.parse(dir.get()).render(ev);
      workdir = d.startsWith("/") ? d : workdir + "/" + d;
    }
    int code =
        env.exec(
            new ExecSpec(
                Shells.command(shell, hasBash, files.script()),
                processEnv,
                Optional.of(workdir),
                Optional.empty()),
            (err, text) -> line(index, text),
            stop);
    if (code != 0 && !stop.isCancelled()) {
      line(index, "Process completed with exit code " + code + ".");
    }
    return code == 0 ? Conclusion.SUCCESS : Conclusion.FAILURE;
  }

  private Map<String, String> environment(
      Step step, JobState state, StepContext steps, Map<String, String> exported)
      throws ExpressionException {
    Map<String, String> out = new LinkedHashMap<>(builtins());
    render(request.workflow().env(), out, state, steps);
    render(request.job().env(), out, state, steps);
    out.putAll(exported);
    render(step.info().env(), out, state, steps);
    return out;
  }

  private void render(
      Map<String, String> layer, Map<String, String> into, JobState state, StepContext steps)
      throws ExpressionException {
    for (Map.Entry<String, String> e : layer.entrySet()) {
      Evaluator ev = JobRunner.evaluator(request, state, steps, into);
      into.put(e.getKey(), Template.parse(e.getValue()).render(ev));
    }
  }

  /** {@code CI}, {@code GITHUB_*} and their {@code FORGEJO_*} twins from the github context. */
  private Map<String, String> builtins() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("CI", "true");
    out.put("GITHUB_ACTIONS", "true");
    out.put("FORGEJO_ACTIONS", "true");
    out.put("GITEA_ACTIONS", "true");
    out.put("RUNNER_OS", "Linux");
    out.put("RUNNER_TEMP", "/tmp");
    out.put("GITHUB_WORKSPACE", env.workspace());
    out.put("GITHUB_JOB", request.job().id());
    if (request.contexts().get("github") instanceof Value.Obj github) {
      for (String key :
          List.of(
              "repository",
              "repository_owner",
              "ref",
              "ref_name",
              "ref_type",
              "sha",
              "event_name",
              "actor",
              "run_id",
              "run_number",
              "run_attempt",
              "server_url",
              "api_url",
              "workflow",
              "base_ref",
              "head_ref")) {
        if (github.entries().get(key) instanceof Value.Str s) {
          String name = key.toUpperCase(java.util.Locale.ROOT);
          out.put("GITHUB_" + name, s.value());
          out.put("FORGEJO_" + name, s.value());
        }
      }
    }
    return out;
  }

  private boolean continueOnError(Step step, Evaluator ev) throws ExpressionException {
    Optional<String> value = step.info().continueOnError();
    if (value.isEmpty()) {
      return false;
    }
    Template t = Template.parse(value.get());
    return Coercion.truthy(t.evaluate(ev)) && !value.get().strip().equals("false");
  }

  private void finish(
      int index,
      Step step,
      StepContext steps,
      Map<String, String> outputs,
      Conclusion outcome,
      Conclusion conclusion) {
    step.info().id().ifPresent(id -> steps.record(id, outputs, outcome, conclusion));
    listener.onEvent(new JobEvent.StepFinished(index, outcome, conclusion, clock.instant()));
  }

  private void line(int index, String text) {
    listener.onEvent(new JobEvent.LogLine(OptionalInt.of(index), clock.instant(), text));
  }

  static String displayName(Step step) {
    if (step.info().name().isPresent()) {
      return step.info().name().get();
    }
    return switch (step) {
      case Step.RunStep run -> "Run " + run.run().strip().lines().findFirst().orElse("");
      case Step.UsesStep uses -> "Run " + uses.uses();
    };
  }
}
