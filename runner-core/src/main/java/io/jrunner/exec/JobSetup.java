// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Condition;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.model.ActionMetadata;
import io.jrunner.model.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The parts of a job around its steps that belong to actions: fetching every remote action while
 * the job is set up (so a missing action fails the job before any step ran) and running their
 * {@code pre}; and, after the last step, the {@code post} of every action whose main ran, in
 * reverse order. Lines are job-level (the protocol's Pre and Post stages). Owned by the job's
 * thread.
 */
final class JobSetup {
  private final JobSession session;
  private final StepScope scope;

  JobSetup(JobSession session, StepScope scope) {
    this.session = session;
    this.scope = scope;
  }

  /** Fetches remote actions and runs their {@code pre}; failures fail the job. */
  void prepareActions() throws InterruptedException {
    for (Step step : session.request.job().steps()) {
      if (!(step instanceof Step.UsesStep uses)) {
        continue;
      }
      try {
        if (!(ActionRef.parse(uses.uses(), session.request.actions().defaultUrl())
            instanceof ActionRef.Remote remote)) {
          continue;
        }
        Actions.Loaded action = session.actions.load(remote, OptionalInt.empty());
        if (action.metadata().runs() instanceof ActionMetadata.NodeRuns node
            && node.pre().isPresent()) {
          pre(uses, action, node);
        }
      } catch (IllegalArgumentException | BackendException | ExpressionException e) {
        session.line(OptionalInt.empty(), "Error: " + e.getMessage());
        scope.state().fail();
        return;
      }
    }
  }

  private void pre(Step.UsesStep step, Actions.Loaded action, ActionMetadata.NodeRuns node)
      throws ExpressionException, BackendException, InterruptedException {
    StepExecution execution = new StepExecution(session, scope);
    Map<String, String> environment = execution.environment(step);
    Evaluator ev = session.evaluator(scope, environment);
    if (!Condition.parse(node.preIf().orElse("always()")).test(ev)) {
      return;
    }
    if (!session.hasNode()) {
      throw new IllegalArgumentException(
          step.uses() + " needs Node.js for its pre step, but the job's image has no `node`");
    }
    session.line(OptionalInt.empty(), "Pre " + StepExecution.displayName(step));
    ActionStep actionStep = new ActionStep(session, scope, step.info().index());
    Map<String, String> env =
        actionStep.actionEnv(
            step, action, environment, actionStep.inputs(step, action.metadata(), ev));
    ActionProcess.Result result =
        ActionProcess.run(
            session,
            ActionProcess.command(
                session, java.util.List.of("node", action.dir() + "/" + node.pre().get())),
            env,
            scope.state().cancellation().child(),
            OptionalInt.empty());
    session.preState.put(step.info().index(), result.state());
    if (!result.ok()) {
      throw new IllegalArgumentException("the pre step of " + step.uses() + " failed");
    }
  }

  /** Runs the registered post steps, last first; a failing one fails the job. */
  void runPostSteps() throws InterruptedException {
    while (!session.posts.isEmpty()) {
      PostStep post = session.posts.pop();
      try {
        Evaluator ev = session.evaluator(scope, post.env());
        if (!Condition.parse(post.condition().orElse("always()")).test(ev)) {
          continue;
        }
        session.line(OptionalInt.empty(), "Post " + post.name());
        Map<String, String> env = new LinkedHashMap<>(post.env());
        post.state().forEach((k, v) -> env.put("STATE_" + k, v));
        Cancellation stop =
            scope.state().cancelled() ? Cancellation.root() : scope.state().cancellation().child();
        ActionProcess.Result result =
            ActionProcess.run(session, post.launch(), env, stop, OptionalInt.empty());
        if (!result.ok()) {
          scope.state().fail();
        }
      } catch (ExpressionException | IllegalArgumentException | BackendException e) {
        session.line(OptionalInt.empty(), "Error: post " + post.name() + ": " + e.getMessage());
        scope.state().fail();
      }
    }
  }
}
