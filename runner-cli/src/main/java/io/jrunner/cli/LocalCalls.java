// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.Inputs;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobListener;
import io.jrunner.exec.WorkflowCall;
import io.jrunner.exec.WorkflowSource;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import io.jrunner.model.WorkflowTriggers;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The reusable workflow calls and the {@code inputs} of {@code jrunner exec}: a job with {@code
 * uses} runs the called workflow's jobs ({@link WorkflowCall}), each printed as {@code
 * [caller/job]}, local files read from the working copy and remote ones from {@code
 * --forgejo-instance}; the caller's console gets the call's result and outputs.
 */
final class LocalCalls {
  /** Runs one job of a called workflow the way {@link LocalRun} runs its own jobs. */
  @FunctionalInterface
  interface JobLauncher {
    Conclusion run(
        Workflow workflow,
        Job job,
        Map<String, Value> ctx,
        String name,
        JobListener listener,
        PrintWriter out,
        Cancellation cancel)
        throws ExpressionException, InterruptedException;
  }

  private final LocalContexts contexts;
  private final WorkflowSource workflows;
  private final JobLauncher launcher;

  LocalCalls(LocalContexts contexts, WorkflowSource workflows, JobLauncher launcher) {
    this.contexts = contexts;
    this.workflows = workflows;
    this.launcher = launcher;
  }

  /**
   * The {@code inputs} of a top-level workflow: for {@code workflow_dispatch} the payload's (and
   * {@code --input}) values, else the declared defaults, typed ({@link Inputs#ofEvent}).
   */
  static Value.Obj inputs(Workflow workflow, LocalContexts contexts) throws WorkflowException {
    Map<String, Value> given =
        contexts.eventPayload().entries().get("inputs") instanceof Value.Obj o
            ? o.entries()
            : Map.of();
    if (!contexts.event().equals("workflow_dispatch")) {
      return new Value.Obj(given);
    }
    return Inputs.ofEvent(
        WorkflowTriggers.dispatchInputs(workflow),
        given,
        new Evaluator(EvaluationContext.of(contexts.base("", workflow.name().orElse("local")))));
  }

  /** The event payload with {@code --input} values added to its {@code inputs}. */
  static Value.Obj withInputs(Value.Obj payload, Map<String, String> given) {
    if (given.isEmpty()) {
      return payload;
    }
    Map<String, Value> inputs = new LinkedHashMap<>();
    if (payload.entries().get("inputs") instanceof Value.Obj o) {
      inputs.putAll(o.entries());
    }
    given.forEach((k, v) -> inputs.put(k, Value.of(v)));
    Map<String, Value> out = new LinkedHashMap<>(payload.entries());
    out.put("inputs", new Value.Obj(inputs));
    return new Value.Obj(out);
  }

  /**
   * Checks {@code --input} values against the inputs the workflow declares for {@code
   * workflow_dispatch}.
   *
   * @throws UserError naming the file and the input
   */
  static void checkInputs(java.nio.file.Path file, Workflow workflow, Map<String, String> given)
      throws UserError {
    Map<String, Value> values = new LinkedHashMap<>();
    given.forEach((k, v) -> values.put(k, Value.of(v)));
    try {
      Inputs.check(WorkflowTriggers.dispatchInputs(workflow), values);
    } catch (WorkflowException e) {
      throw new UserError(ExitCode.CONFIG, file + ": " + e.problem());
    } catch (io.jrunner.exec.WorkflowCallException e) {
      throw new UserError(ExitCode.USAGE, file + ": --input: " + e.getMessage());
    }
  }

  /** Runs the call of {@code caller}, reporting its start, lines and end to {@code listener}. */
  Conclusion run(
      Job caller,
      Map<String, Value> ctx,
      String name,
      JobListener listener,
      PrintWriter out,
      Cancellation cancel)
      throws InterruptedException {
    listener.onEvent(new JobEvent.JobStarted(Instant.now(), 0));
    WorkflowCall call =
        new WorkflowCall(
            workflows, (w, job, c, n, cn) -> runJob(w, job, c, n, out, cn), value -> {});
    WorkflowCall.Outcome outcome =
        call.call(
            caller,
            ctx,
            name,
            (err, line) ->
                listener.onEvent(new JobEvent.LogLine(OptionalInt.empty(), Instant.now(), line)),
            cancel);
    listener.onEvent(new JobEvent.JobFinished(outcome.result(), outcome.outputs(), Instant.now()));
    return outcome.result();
  }

  private WorkflowCall.Outcome runJob(
      Workflow workflow,
      Job job,
      Map<String, Value> ctx,
      String name,
      PrintWriter out,
      Cancellation cancel)
      throws InterruptedException {
    Map<String, String> captured = new LinkedHashMap<>();
    JobListener console = new ConsoleListener(out, name, contexts.secrets().values());
    JobListener listener =
        event -> {
          console.onEvent(event);
          if (event instanceof JobEvent.JobFinished f) {
            captured.putAll(f.outputs());
          }
        };
    Conclusion r;
    try {
      r = launcher.run(workflow, job, ctx, name, listener, out, cancel);
    } catch (ExpressionException e) {
      out.println("[" + name + "] ❌ " + e.getMessage());
      return new WorkflowCall.Outcome(Conclusion.FAILURE, Map.of());
    }
    return new WorkflowCall.Outcome(r, captured);
  }
}
