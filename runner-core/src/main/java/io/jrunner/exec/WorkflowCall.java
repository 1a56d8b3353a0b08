// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.cancel.Cancellation;
import io.jrunner.expr.Coercion;
import io.jrunner.expr.Condition;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.FileHasher;
import io.jrunner.expr.JobStatus;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import io.jrunner.model.JobGraph;
import io.jrunner.model.MatrixExpander;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import io.jrunner.model.WorkflowParser;
import io.jrunner.model.WorkflowRef;
import io.jrunner.model.WorkflowTriggers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a job that calls a reusable workflow ({@code jobs.<id>.uses}), as forgejo-runner does when
 * the server hands it the whole call: reads the called file ({@link WorkflowSource}), checks and
 * types its {@code with:} ({@link Inputs#ofCall}) and its {@code secrets:} (a mapping or {@code
 * inherit}), then runs its jobs one after the other in {@code needs} order, each with its own
 * {@code if:} and matrix, nested calls recursively (up to {@value #MAX_LEVELS} levels of workflows,
 * the top-level caller included; a cycle is an error), and evaluates the workflow's {@code
 * on.workflow_call.outputs} over the {@code jobs} context. The called jobs see the caller's {@code
 * github} and {@code vars}, their own {@code inputs} and {@code secrets}; the caller's {@code env}
 * is not passed on (GitHub's rule). Jobs with steps are run by a {@link Launcher}.
 *
 * <p>Threading: {@link #call} blocks the calling thread; an instance may serve several calls.
 */
public final class WorkflowCall {
  /** Levels of workflows, the top-level caller included (github.com's limit). */
  public static final int MAX_LEVELS = 10;

  private static final Set<String> TOKENS = Set.of("GITHUB_TOKEN", "GITEA_TOKEN", "FORGEJO_TOKEN");

  /** Runs one job of a called workflow that has steps (one matrix combination). */
  @FunctionalInterface
  public interface Launcher {
    /**
     * @param contexts {@code github}, {@code vars}, {@code secrets}, {@code inputs}, {@code needs},
     *     {@code matrix} of the job
     * @param name the job's display name ({@code caller/job (matrix values)})
     */
    Outcome run(
        Workflow workflow, Job job, Map<String, Value> contexts, String name, Cancellation cancel)
        throws InterruptedException;
  }

  /** A job's or a call's result and outputs. */
  public record Outcome(Conclusion result, Map<String, String> outputs) {
    public Outcome {
      outputs = Map.copyOf(outputs);
    }
  }

  private final WorkflowSource source;
  private final Launcher launcher;
  private final Consumer<String> masks;

  /**
   * @param masks receives the values of secrets mapped by expressions, to hide them from logs
   */
  public WorkflowCall(WorkflowSource source, Launcher launcher, Consumer<String> masks) {
    this.source = source;
    this.launcher = launcher;
    this.masks = masks;
  }

  /**
   * Runs the call; never throws for a call that cannot run: the reason goes to {@code log} and the
   * outcome is a failure.
   *
   * @param caller the job with {@code uses}
   * @param contexts the caller's contexts ({@code github}, {@code vars}, {@code secrets}, {@code
   *     inputs}, {@code needs}, {@code matrix})
   * @param name the caller's display name, prefixed to the called jobs' names
   * @param log job-level lines of the caller
   */
  public Outcome call(
      Job caller, Map<String, Value> contexts, String name, LineSink log, Cancellation cancel)
      throws InterruptedException {
    try {
      return call(caller, contexts, name, List.of(), log, cancel);
    } catch (WorkflowCallException e) {
      log.line(true, "Error: " + e.getMessage());
      return new Outcome(Conclusion.FAILURE, Map.of());
    }
  }

  private Outcome call(
      Job caller,
      Map<String, Value> callerContexts,
      String name,
      List<String> stack,
      LineSink log,
      Cancellation cancel)
      throws WorkflowCallException, InterruptedException {
    String who = "jobs." + caller.id() + " (" + caller.uses().orElse("") + ")";
    WorkflowRef ref;
    try {
      ref = WorkflowRef.parse(caller.uses().orElseThrow());
    } catch (IllegalArgumentException e) {
      throw new WorkflowCallException("jobs." + caller.id() + ".uses: " + e.getMessage());
    }
    if (stack.size() + 2 > MAX_LEVELS) {
      throw new WorkflowCallException(
          who
              + ": reusable workflows nest deeper than "
              + MAX_LEVELS
              + " levels: "
              + String.join(" → ", stack)
              + " → "
              + ref.uses());
    }
    WorkflowSource.Loaded loaded = source.load(ref, log);
    if (stack.contains(loaded.key())) {
      throw new WorkflowCallException(
          who
              + ": reusable workflows call each other in a cycle: "
              + String.join(" → ", stack.subList(stack.indexOf(loaded.key()), stack.size()))
              + " → "
              + loaded.key());
    }
    List<String> inner = new ArrayList<>(stack);
    inner.add(loaded.key());
    Workflow workflow;
    WorkflowTriggers.Call declared;
    try {
      workflow = WorkflowParser.parse(loaded.yaml()).value();
      declared = WorkflowTriggers.call(workflow);
    } catch (WorkflowException e) {
      throw new WorkflowCallException(who + ": " + loaded.key() + ": " + e.getMessage(), e);
    }
    log.line(false, "Calling the reusable workflow " + loaded.key());
    Evaluator callerEv = new Evaluator(EvaluationContext.of(callerContexts));
    Map<String, Value> base = new LinkedHashMap<>();
    for (String keep : List.of("github", "vars", "runner")) {
      if (callerContexts.containsKey(keep)) {
        base.put(keep, callerContexts.get(keep));
      }
    }
    Map<String, Value> with = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : caller.with().entrySet()) {
      with.put(e.getKey(), evaluate(e.getValue(), callerEv, who + ": with." + e.getKey()));
    }
    base.put(
        "inputs",
        Inputs.ofCall(
            declared.inputs(), with, who, new Evaluator(EvaluationContext.of(Map.copyOf(base)))));
    base.put("secrets", secrets(caller, callerContexts, callerEv, declared, who));
    return runJobs(workflow, declared, base, name, inner, log, cancel);
  }

  private Value.Obj secrets(
      Job caller,
      Map<String, Value> callerContexts,
      Evaluator callerEv,
      WorkflowTriggers.Call declared,
      String who)
      throws WorkflowCallException {
    Map<String, Value> callerSecrets =
        callerContexts.get("secrets") instanceof Value.Obj o ? o.entries() : Map.of();
    Map<String, Value> out = new LinkedHashMap<>();
    boolean inherit = caller.secrets() instanceof Value.Str s && s.value().equals("inherit");
    if (inherit) {
      out.putAll(callerSecrets);
    } else if (caller.secrets() instanceof Value.Obj mapping) {
      for (Map.Entry<String, Value> e : mapping.entries().entrySet()) {
        if (!declared.secrets().containsKey(e.getKey())) {
          throw new WorkflowCallException(
              who
                  + ": secrets."
                  + e.getKey()
                  + " is not a secret of the called workflow (secrets: "
                  + declared.secrets().keySet()
                  + ")");
        }
        String value =
            Coercion.toStr(evaluate(e.getValue(), callerEv, who + ": secrets." + e.getKey()));
        if (!value.isEmpty()) {
          masks.accept(value);
        }
        out.put(e.getKey(), Value.of(value));
      }
    }
    for (Map.Entry<String, Boolean> d : declared.secrets().entrySet()) {
      if (d.getValue() && !out.containsKey(d.getKey())) {
        throw new WorkflowCallException(
            who + ": the called workflow requires secret '" + d.getKey() + "'");
      }
    }
    for (String token : TOKENS) {
      if (callerSecrets.containsKey(token)) {
        out.putIfAbsent(token, callerSecrets.get(token));
      }
    }
    return new Value.Obj(out);
  }

  private Outcome runJobs(
      Workflow workflow,
      WorkflowTriggers.Call declared,
      Map<String, Value> base,
      String name,
      List<String> stack,
      LineSink log,
      Cancellation cancel)
      throws WorkflowCallException, InterruptedException {
    Map<String, Conclusion> results = new LinkedHashMap<>();
    Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
    List<Job> ordered;
    try {
      ordered = JobGraph.order(workflow);
    } catch (WorkflowException e) {
      throw new WorkflowCallException(stack.getLast() + ": " + e.problem(), e);
    }
    for (Job job : ordered) {
      try {
        job.requireRunnable();
      } catch (WorkflowException e) {
        throw new WorkflowCallException(stack.getLast() + ": " + e.getMessage(), e);
      }
      Map<String, Value> ctx = new LinkedHashMap<>(base);
      ctx.put("needs", JobCondition.needsContext(job, results, outputs));
      Evaluator ev =
          new Evaluator(
              new EvaluationContext(
                  new Value.Obj(ctx),
                  JobStatus.of(JobCondition.needState(job, results)),
                  FileHasher.UNAVAILABLE));
      String jobName = name + "/" + job.id();
      List<Map<String, Value>> matrix;
      try {
        if (!Condition.parse(job.ifCondition().orElse("")).test(ev)) {
          log.line(
              false, "The job " + jobName + " is skipped (if: " + job.ifCondition().get() + ")");
          results.put(job.id(), Conclusion.SKIPPED);
          continue;
        }
        matrix =
            job.strategy().flatMap(s -> s.matrix()).isPresent()
                ? MatrixExpander.expand(
                    MatrixExpander.evaluate(job.strategy().get().matrix().get(), ev))
                : List.of(Map.of());
      } catch (ExpressionException | WorkflowException e) {
        throw new WorkflowCallException(jobName + ": " + e.getMessage(), e);
      }
      Conclusion jobResult = Conclusion.SUCCESS;
      Map<String, String> jobOutputs = new LinkedHashMap<>();
      for (Map<String, Value> combination : matrix) {
        String comboName =
            jobName
                + (combination.isEmpty()
                    ? ""
                    : combination.values().stream()
                        .map(Coercion::toStr)
                        .collect(Collectors.joining(", ", " (", ")")));
        Map<String, Value> jobCtx = new LinkedHashMap<>(ctx);
        jobCtx.put("matrix", new Value.Obj(combination));
        Outcome o =
            job.callsReusableWorkflow()
                ? call(job, jobCtx, comboName, stack, log, cancel)
                : launcher.run(workflow, job, jobCtx, comboName, cancel);
        if (o.result() == Conclusion.FAILURE) {
          jobResult = Conclusion.FAILURE;
        } else if (o.result() == Conclusion.CANCELLED && jobResult == Conclusion.SUCCESS) {
          jobResult = Conclusion.CANCELLED;
        }
        jobOutputs.putAll(o.outputs());
      }
      results.put(job.id(), jobResult);
      outputs.put(job.id(), jobOutputs);
    }
    return finish(declared, base, results, outputs, stack.getLast());
  }

  private static Outcome finish(
      WorkflowTriggers.Call declared,
      Map<String, Value> base,
      Map<String, Conclusion> results,
      Map<String, Map<String, String>> outputs,
      String key)
      throws WorkflowCallException {
    Conclusion result = Conclusion.SUCCESS;
    for (Conclusion r : results.values()) {
      if (r == Conclusion.FAILURE) {
        result = Conclusion.FAILURE;
      } else if (r == Conclusion.CANCELLED && result == Conclusion.SUCCESS) {
        result = Conclusion.CANCELLED;
      }
    }
    Map<String, Value> jobs = new LinkedHashMap<>();
    results.forEach(
        (id, r) ->
            jobs.put(
                id,
                new Value.Obj(
                    Map.of(
                        "result",
                        Value.of(r.contextValue()),
                        "outputs",
                        strings(outputs.getOrDefault(id, Map.of()))))));
    Map<String, Value> ctx = new LinkedHashMap<>(base);
    ctx.put("jobs", new Value.Obj(jobs));
    Evaluator ev = new Evaluator(EvaluationContext.of(ctx));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : declared.outputs().entrySet()) {
      try {
        out.put(e.getKey(), Template.parse(e.getValue()).render(ev));
      } catch (ExpressionException ex) {
        throw new WorkflowCallException(
            key + ": on.workflow_call.outputs." + e.getKey() + ": " + ex.getMessage(), ex);
      }
    }
    return new Outcome(result, out);
  }

  private static Value evaluate(Value v, Evaluator ev, String what) throws WorkflowCallException {
    if (v instanceof Value.Str s && Template.hasExpressions(s.value())) {
      try {
        return Template.parse(s.value()).evaluate(ev);
      } catch (ExpressionException e) {
        throw new WorkflowCallException(what + ": " + e.getMessage(), e);
      }
    }
    return v;
  }

  private static Value.Obj strings(Map<String, String> map) {
    Map<String, Value> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, Value.of(v)));
    return new Value.Obj(out);
  }
}
