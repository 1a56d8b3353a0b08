// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Coercion;
import io.jrunner.expr.Condition;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs one step of a job or of a composite action: condition, environment, body ({@code run:}
 * script or action), timeout, file commands, outcome and conclusion. Owned by the job's thread.
 */
final class StepExecution {
  private final JobSession session;
  private final StepScope scope;

  StepExecution(JobSession session, StepScope scope) {
    this.session = session;
    this.scope = scope;
  }

  void run(Step step) throws InterruptedException {
    int index = step.info().index();
    int logIndex = scope.logStep().orElse(index);
    boolean top = !scope.composite();
    String name = displayName(step);
    if (top) {
      session.listener.onEvent(new JobEvent.StepStarted(index, name, session.clock.instant()));
    }
    Conclusion outcome;
    Map<String, String> outputs = Map.of();
    Conclusion conclusion;
    try {
      Map<String, String> environment = environment(step);
      Evaluator ev = session.evaluator(scope, environment);
      if (!Condition.parse(step.info().ifCondition().orElse("")).test(ev)) {
        finish(index, step, Map.of(), Conclusion.SKIPPED, Conclusion.SKIPPED);
        return;
      }
      if (!top) {
        line(logIndex, "##[group]" + name);
      }
      // A step that runs after the job was cancelled (if: always() or cancelled()) must not inherit
      // the cancellation, or it would be stopped at once; only its own timeout applies.
      Cancellation stop =
          scope.state().cancelled() ? Cancellation.root() : scope.state().cancellation().child();
      Runnable timer = Timeouts.start(stop, Timeouts.minutes(step.info().timeoutMinutes(), ev));
      StepResult result;
      try {
        result =
            switch (step) {
              case Step.RunStep run -> script(run, ev, environment, stop, logIndex);
              case Step.UsesStep uses ->
                  new ActionStep(session, scope, logIndex).run(uses, name, ev, environment, stop);
            };
      } finally {
        timer.run();
        if (!top) {
          line(logIndex, "##[endgroup]");
        }
      }
      outcome = result.outcome();
      outputs = result.outputs();
      // TIMEOUT from the step's own timer; the job's timeout reaches the step as a cancellation.
      if (stop.reason().filter(r -> r == CancelReason.TIMEOUT).isPresent()
          && !scope.state().cancelled()) {
        String minutes =
            step.info().timeoutMinutes().isPresent()
                ? Template.parse(step.info().timeoutMinutes().get()).render(ev).strip()
                : "?";
        line(logIndex, "The step timed out after " + minutes + " minute(s).");
        outcome = Conclusion.FAILURE;
      } else if (stop.isCancelled()) {
        outcome = Conclusion.CANCELLED;
      }
      conclusion =
          outcome == Conclusion.FAILURE && continueOnError(step, ev) ? Conclusion.SUCCESS : outcome;
    } catch (ExpressionException | IllegalArgumentException e) {
      line(logIndex, "Error: " + e.getMessage());
      outcome = Conclusion.FAILURE;
      conclusion = Conclusion.FAILURE;
    } catch (BackendException e) {
      line(logIndex, "Error: " + e.getMessage());
      outcome = Conclusion.FAILURE;
      conclusion = Conclusion.FAILURE;
    }
    if (conclusion == Conclusion.FAILURE) {
      scope.state().fail();
    }
    finish(index, step, outputs, outcome, conclusion);
  }

  private StepResult script(
      Step.RunStep run,
      Evaluator ev,
      Map<String, String> environment,
      Cancellation stop,
      int logIndex)
      throws ExpressionException, BackendException, InterruptedException {
    JobEnvironment env = session.env;
    Optional<String> shell = run.shell();
    Optional<String> dir = run.workingDirectory();
    if (!scope.composite()) {
      JobRequest request = session.request;
      shell =
          shell
              .or(() -> request.job().defaults().shell())
              .or(() -> request.workflow().defaults().shell());
      dir =
          dir.or(() -> request.job().defaults().workingDirectory())
              .or(() -> request.workflow().defaults().workingDirectory());
    } else if (shell.isEmpty()) {
      throw new IllegalArgumentException(
          "a run step of a composite action must set shell: (e.g. shell: bash)");
    }
    if (shell.isPresent()) { // shell: ${{ env.SHELL }} and the like (forgejo-runner evaluates it)
      shell = Optional.of(Template.parse(shell.get()).render(ev).strip()).filter(x -> !x.isEmpty());
    }
    String script = Template.parse(run.run()).render(ev);
    StepFiles files =
        new StepFiles(
            env.tempDir(),
            scope.composite() ? session.filesName("step") : "step-" + run.info().index());
    Map<String, String> processEnv = new LinkedHashMap<>(environment);
    processEnv.putAll(files.variables());
    // Writing the script in the step's own process saves an exec, but that goes through sh, which
    // drops variables whose names are not identifiers: then prepare separately.
    boolean merged = processEnv.keySet().stream().allMatch(Shells::passesOn);
    if (merged) {
      processEnv.putAll(StepFiles.scriptVariable(script));
    } else {
      files.prepare(env, Optional.of(script));
    }
    session.applyPath(processEnv);
    String workdir = env.workspace();
    if (dir.isPresent()) {
      String d = Template.parse(dir.get()).render(ev);
      workdir = d.startsWith("/") ? d : workdir + "/" + d;
    }
    WorkflowCommands commands = new WorkflowCommands(session::secret, environment);
    // When merged, the step's process also prints its command files back: one exec per step.
    StepReport report =
        new StepReport(
            (err, text) -> {
              List<String> errors = commands.accept(text);
              line(logIndex, text);
              errors.forEach(e -> line(logIndex, e));
            });
    int code =
        env.exec(
            new ExecSpec(
                merged
                    ? files.runThenReport(
                        Shells.command(shell, session.hasBash, files.script()), report)
                    : Shells.command(shell, session.hasBash, files.script()),
                processEnv,
                Optional.of(workdir),
                Optional.empty()),
            report,
            stop);
    if (code != 0 && !stop.isCancelled()) {
      line(logIndex, "Process completed with exit code " + code + ".");
    }
    StepFiles.Written written = files.read(env, report);
    session.absorb(commands.exported());
    session.absorb(written);
    Map<String, String> outputs = new LinkedHashMap<>(commands.outputs());
    outputs.putAll(written.outputs());
    return new StepResult(
        code == 0 && !commands.failed() ? Conclusion.SUCCESS : Conclusion.FAILURE, outputs);
  }

  Map<String, String> environment(Step step) throws ExpressionException {
    Map<String, String> out;
    if (scope.baseEnv().isPresent()) {
      out = new LinkedHashMap<>(scope.baseEnv().get());
    } else {
      out = new LinkedHashMap<>(builtins());
      render(session.request.workflow().env(), out);
      render(session.request.job().env(), out);
    }
    out.putAll(session.exported);
    render(step.info().env(), out);
    return out;
  }

  /**
   * Adds one {@code env:} layer. Its values are evaluated against the environment as it was before
   * the layer, as on GitHub: a key never sees another key of the same mapping (whose order the
   * model does not keep anyway).
   */
  private void render(Map<String, String> layer, Map<String, String> into)
      throws ExpressionException {
    Evaluator ev = session.evaluator(scope, Map.copyOf(into));
    Map<String, String> rendered = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : layer.entrySet()) {
      rendered.put(e.getKey(), Template.parse(e.getValue()).render(ev));
    }
    into.putAll(rendered);
  }

  /** {@code CI}, {@code GITHUB_*} and their {@code FORGEJO_*} twins from the github context. */
  private Map<String, String> builtins() {
    JobRequest request = session.request;
    Map<String, String> out = new LinkedHashMap<>();
    out.put("CI", "true");
    out.put("GITHUB_ACTIONS", "true");
    out.put("FORGEJO_ACTIONS", "true");
    out.put("GITEA_ACTIONS", "true");
    out.put("RUNNER_OS", "Linux");
    out.put("RUNNER_ARCH", "X64");
    out.put("RUNNER_NAME", session.runnerName());
    out.put("RUNNER_TEMP", session.env.runnerTemp());
    out.put("RUNNER_TOOL_CACHE", session.env.toolCache());
    out.put("GITHUB_EVENT_PATH", session.eventPath());
    out.put("FORGEJO_EVENT_PATH", session.eventPath());
    out.put("GITHUB_WORKSPACE", session.env.workspace());
    out.put("FORGEJO_WORKSPACE", session.env.workspace());
    out.put("GITHUB_JOB", request.job().id());
    out.put("FORGEJO_JOB", request.job().id());
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
              "head_ref",
              "token",
              "workflow_ref",
              "repository_id",
              "repository_owner_id",
              "actor_id",
              "retention_days")) {
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
      Map<String, String> outputs,
      Conclusion outcome,
      Conclusion conclusion) {
    step.info().id().ifPresent(id -> scope.steps().record(id, outputs, outcome, conclusion));
    if (!scope.composite()) {
      session.listener.onEvent(
          new JobEvent.StepFinished(index, outcome, conclusion, session.clock.instant()));
    }
  }

  private void line(int index, String text) {
    session.line(OptionalInt.of(index), text);
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
