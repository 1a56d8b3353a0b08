// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.ActionOrigin;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobCondition;
import io.jrunner.exec.JobContainers;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobLevel;
import io.jrunner.exec.JobListener;
import io.jrunner.exec.JobRequest;
import io.jrunner.exec.JobRunner;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.PullCredentials;
import io.jrunner.exec.Services;
import io.jrunner.expr.Coercion;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.JobStatus;
import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import io.jrunner.model.MatrixValues;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a workflow's jobs one after the other in {@code needs} order, each matrix combination as its
 * own job, passing results and outputs on through the {@code needs} context.
 */
final class LocalRun {
  /** The image name that means "run on this machine" (act's and forgejo-runner's spelling). */
  static final String HOST = "-self-hosted";

  private final java.util.Optional<JobRunner> docker;
  private final JobRunner host;
  private final String dockerProblem;
  private final LocalContexts contexts;
  private final Function<Job, String> images;
  private final Map<String, String> extraEnv;
  private final String runId;
  private final ActionOrigin actions;
  private final LocalCalls calls;

  /**
   * What exec adds around each job (matrix filter, checkout, console, summary); set before a run.
   */
  ExecHooks hooks = ExecHooks.none();

  /**
   * @param docker the Docker engine's runner, if an engine answers
   * @param dockerProblem why there is none, for the job log
   */
  LocalRun(
      java.util.Optional<JobRunner> docker,
      String dockerProblem,
      JobRunner host,
      LocalContexts contexts,
      Function<Job, String> images,
      Map<String, String> extraEnv,
      String runId,
      ActionOrigin actions) {
    this(
        docker,
        dockerProblem,
        host,
        contexts,
        images,
        extraEnv,
        runId,
        actions,
        io.jrunner.exec.WorkflowSource.unavailable("no source of reusable workflows"));
  }

  /**
   * @param workflows reads the reusable workflows jobs call ({@code jobs.<id>.uses})
   */
  LocalRun(
      java.util.Optional<JobRunner> docker,
      String dockerProblem,
      JobRunner host,
      LocalContexts contexts,
      Function<Job, String> images,
      Map<String, String> extraEnv,
      String runId,
      ActionOrigin actions,
      io.jrunner.exec.WorkflowSource workflows) {
    this.calls = new LocalCalls(contexts, workflows, this::runJob);
    this.actions = actions;
    this.docker = docker;
    this.dockerProblem = dockerProblem;
    this.host = host;
    this.contexts = contexts;
    this.images = images;
    this.extraEnv = extraEnv;
    this.runId = runId;
  }

  /** Runs the workflow; returns the names of the jobs that failed. */
  List<String> runWorkflow(Workflow workflow, String onlyJob, PrintWriter out, Cancellation cancel)
      throws Exception {
    Map<String, Conclusion> results = new LinkedHashMap<>();
    Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    Value.Obj inputs = LocalCalls.inputs(workflow, contexts);
    for (Job job : order(workflow, onlyJob)) {
      job.requireRunnable();
      Value.Obj needs = JobCondition.needsContext(job, results, outputs);
      JobStatus.State needState = needState(workflow, job, results);
      Map<String, Value> jobContexts =
          new LinkedHashMap<>(contexts.base(job.id(), workflow.name().orElse("local")));
      jobContexts.put("needs", needs);
      jobContexts.put("inputs", inputs);
      if (!JobCondition.holds(
          job, JobLevel.contexts(workflow, job, jobContexts, extraEnv), needState)) {
        String why = ExecHooks.skipReason(job, needState);
        out.println("[" + job.id() + "] ⏭ skipped (" + why + ")");
        hooks.notRun(job.id(), Conclusion.SKIPPED, why);
        results.put(job.id(), Conclusion.SKIPPED);
        continue;
      }
      Conclusion jobResult = Conclusion.SUCCESS;
      Map<String, String> jobOutputs = new LinkedHashMap<>();
      List<Map<String, Value>> matrix =
          job.strategy().flatMap(s -> s.matrix()).isPresent()
              ? MatrixValues.combinations(job.strategy().get().matrix().get(), jobContexts)
              : List.of(Map.of());
      for (Map<String, Value> combination : hooks.combinations(job, matrix, out)) {
        String name =
            job.id()
                + (combination.isEmpty()
                    ? ""
                    : combination.values().stream()
                        .map(Coercion::toStr)
                        .collect(java.util.stream.Collectors.joining(", ", " (", ")")));
        Map<String, Value> ctx =
            new LinkedHashMap<>(contexts.base(job.id(), workflow.name().orElse("local")));
        ctx.put("needs", needs);
        ctx.put("inputs", inputs);
        ctx.put("matrix", new Value.Obj(combination));
        Map<String, String> captured = new LinkedHashMap<>();
        JobListener console = hooks.console(out, name, contexts.secrets().values());
        JobListener listener =
            event -> {
              console.onEvent(event);
              if (event instanceof JobEvent.JobFinished f) {
                captured.putAll(f.outputs());
              }
            };
        Conclusion r =
            job.callsReusableWorkflow()
                ? calls.run(job, ctx, name, listener, out, cancel)
                : runJob(workflow, job, ctx, name, listener, out, cancel);
        if (r != Conclusion.SUCCESS) {
          jobResult = Conclusion.FAILURE;
          failed.add(name);
        }
        jobOutputs.putAll(captured);
      }
      results.put(job.id(), jobResult);
      outputs.put(job.id(), jobOutputs);
    }
    return failed;
  }

  /**
   * Runs one job (one matrix combination) on this machine ({@link #HOST}) or in Docker, with the
   * job-level contexts ({@link JobLevel}) for its container, services and credentials; the
   * top-level jobs and the jobs of called workflows ({@link LocalCalls}) both come here.
   *
   * @throws ExpressionException when the job's container, services or credentials do not evaluate
   */
  private Conclusion runJob(
      Workflow workflow,
      Job job,
      Map<String, Value> ctx,
      String name,
      JobListener listener,
      PrintWriter out,
      Cancellation cancel)
      throws ExpressionException, InterruptedException {
    Map<String, Value> level = JobLevel.contexts(workflow, job, ctx, extraEnv);
    JobSpec spec =
        JobContainers.apply(
            new JobSpec(
                runId,
                0,
                images.apply(job),
                extraEnv,
                contexts.workspace(),
                Services.of(job, level)),
            job,
            level);
    spec = spec.withPullCredentials(PullCredentials.of(job, spec.image(), level));
    JobRequest request = new JobRequest(workflow, hooks.prepare(job, ctx), ctx, spec, actions);
    if (spec.image().equals(HOST)) {
      return host.run(request, listener, cancel, hooks.workspaceSource(contexts.directory()));
    }
    if (docker.isPresent()) {
      return docker
          .get()
          .run(request, listener, cancel, hooks.workspaceSource(contexts.directory()));
    }
    out.println("[" + name + "] ❌ needs Docker: " + dockerProblem);
    hooks.notRun(name, Conclusion.FAILURE, "no Docker");
    return Conclusion.FAILURE;
  }

  /**
   * What the status functions of a job's {@code if:} see, over every ancestor through {@code needs}
   * (GitHub: "failure() returns true if any ancestor job fails"; act checks the same transitive
   * set): failure when an ancestor failed or was cancelled, "needs skipped" when one was skipped,
   * else success.
   */
  static JobStatus.State needState(Workflow workflow, Job job, Map<String, Conclusion> results) {
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(job.needs());
    while (!todo.isEmpty()) {
      String need = todo.pop();
      Job ancestor = workflow.jobs().get(need);
      if (seen.add(need) && ancestor != null) {
        todo.addAll(ancestor.needs());
      }
    }
    return JobCondition.needState(
        seen.stream().map(n -> results.getOrDefault(n, Conclusion.SKIPPED)).toList());
  }

  /** Jobs in an order where each comes after what it needs. */
  static List<Job> order(Workflow workflow, String onlyJob) throws WorkflowException {
    if (onlyJob != null) {
      Job job = workflow.jobs().get(onlyJob);
      if (job == null) {
        throw new WorkflowException(
            io.jrunner.model.SourcePos.START,
            "no job '" + onlyJob + "' (jobs: " + workflow.jobs().keySet() + ")");
      }
      return List.of(job);
    }
    return io.jrunner.model.JobGraph.order(workflow);
  }
}
