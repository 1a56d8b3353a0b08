// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import io.jrunner.action.GitWorkflowSource;
import io.jrunner.cancel.Cancellation;
import io.jrunner.config.ContainerSection;
import io.jrunner.exec.ActionOrigin;
import io.jrunner.exec.ActionSource;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobContainers;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobListener;
import io.jrunner.exec.JobRequest;
import io.jrunner.exec.JobRunner;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.PullCredentials;
import io.jrunner.exec.Services;
import io.jrunner.exec.WorkflowCall;
import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.label.Label;
import io.jrunner.label.Platform;
import io.jrunner.model.Job;
import io.jrunner.model.MatrixExpander;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import io.jrunner.proto.runner.v1.Task;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs a task whose job calls a reusable workflow ({@code jobs.<id>.uses}), which Forgejo up to 13,
 * Gitea before 1.26, and newer Forgejo when the caller has {@code runs-on} hand to the runner as
 * one task: the called file is cloned from the instance ({@link GitWorkflowSource}: a local one at
 * {@code github.sha} with the task's token), its jobs run one after the other ({@link
 * WorkflowCall}), each inner job on the platform its {@code runs-on} picks among this runner's
 * labels, and the task gets no step rows but a {@code ##[group]} block per inner set-up and step
 * ({@link GroupedJobLog}). The task's result is the call's; its outputs are the called workflow's
 * {@code on.workflow_call.outputs}.
 *
 * <p>An inner job whose {@code runs-on} matches none of the labels runs in Docker in {@value
 * #FALLBACK_IMAGE}, as forgejo-runner's {@code Labels.PickPlatform} falls back to it.
 *
 * <p>Threading: one call per task, on the task's thread.
 */
final class TaskWorkflowCalls {
  /** forgejo-runner's image for a {@code runs-on} that matches no label ({@code ArgDocker}). */
  static final String FALLBACK_IMAGE = "node:22-bookworm";

  private final EngineTaskHandler.Settings settings;
  private final Optional<ExecutionBackend> docker;
  private final ExecutionBackend host;
  private final Clock clock;
  private final ActionSource actions;

  TaskWorkflowCalls(
      EngineTaskHandler.Settings settings,
      Optional<ExecutionBackend> docker,
      ExecutionBackend host,
      Clock clock,
      ActionSource actions) {
    this.settings = settings;
    this.docker = docker;
    this.host = host;
    this.clock = clock;
    this.actions = actions;
  }

  /**
   * Runs the call of {@code caller} and reports it to {@code task}; never throws for a call that
   * cannot run (its reason is logged and the task fails).
   *
   * @param jobEnv the runner-level environment of every inner job
   */
  Conclusion run(
      Task task,
      Workflow workflow,
      Job caller,
      Map<String, Value> contexts,
      Map<String, String> jobEnv,
      JobListener progress,
      Cancellation cancel)
      throws InterruptedException {
    progress.onEvent(new JobEvent.JobStarted(clock.instant(), 0));
    Map<String, Value> callerContexts = new java.util.LinkedHashMap<>(contexts);
    try {
      if (caller.strategy().flatMap(s -> s.matrix()).isPresent()) {
        // the server collapsed the matrix to this task's combination (one value per dimension)
        List<Map<String, Value>> combos =
            MatrixExpander.expand(caller.strategy().get().matrix().get());
        callerContexts.put("matrix", new Value.Obj(combos.isEmpty() ? Map.of() : combos.get(0)));
      }
    } catch (WorkflowException e) {
      progress.onEvent(line("Error: invalid matrix: " + e.getMessage()));
      progress.onEvent(new JobEvent.JobFinished(Conclusion.FAILURE, Map.of(), clock.instant()));
      return Conclusion.FAILURE;
    }
    String token = TaskContexts.string(task, "token");
    Optional<String> auth = token.isEmpty() ? Optional.empty() : Optional.of(token);
    String server = TaskContexts.string(task, "server_url");
    Optional<String> instance =
        actions.instanceUrl().or(() -> server.isEmpty() ? Optional.empty() : Optional.of(server));
    String repository = TaskContexts.string(task, "repository");
    String actionsUrl = TaskContexts.string(task, "default_actions_url");
    ActionOrigin origin =
        new ActionOrigin(actionsUrl.isEmpty() ? ActionOrigin.CODE_FORGEJO : actionsUrl, auth);
    WorkflowCall call =
        new WorkflowCall(
            new GitWorkflowSource(
                actions,
                instance,
                repository,
                TaskContexts.string(task, "sha"),
                auth,
                Optional.empty()),
            (w, job, ctx, name, c) ->
                runJob(task, w, job, ctx, name, jobEnv, repository, origin, progress, c),
            value -> progress.onEvent(new JobEvent.SecretAdded(value)));
    WorkflowCall.Outcome outcome =
        call.call(
            caller,
            callerContexts,
            caller.id(),
            (err, line) -> progress.onEvent(line(line)),
            cancel);
    Conclusion result = cancel.isCancelled() ? Conclusion.CANCELLED : outcome.result();
    progress.onEvent(new JobEvent.JobFinished(result, outcome.outputs(), clock.instant()));
    return result;
  }

  private WorkflowCall.Outcome runJob(
      Task task,
      Workflow workflow,
      Job job,
      Map<String, Value> contexts,
      String name,
      Map<String, String> jobEnv,
      String repository,
      ActionOrigin origin,
      JobListener progress,
      Cancellation cancel)
      throws InterruptedException {
    JobListener log = new GroupedJobLog(progress, name, clock);
    try {
      Evaluator ev = new Evaluator(EvaluationContext.of(contexts));
      List<String> runsOn = new ArrayList<>();
      for (String label : job.runsOn().map(r -> r.labels()).orElse(List.of())) {
        runsOn.add(Template.parse(label).render(ev));
      }
      Optional<Label> label = settings.labels().pick(runsOn);
      String image;
      ExecutionBackend backend;
      if (label.isPresent()
          && label.get().platform() instanceof Platform.HostPlatform
          && job.container().isEmpty()) {
        image = "";
        backend = host;
      } else if (label.isEmpty()
          || label.get().platform() instanceof Platform.DockerPlatform
          || job.container().isPresent()) {
        if (docker.isEmpty()) {
          progress.onEvent(line("Error: " + name + ": this runner has no Docker engine"));
          return new WorkflowCall.Outcome(Conclusion.FAILURE, Map.of());
        }
        if (label.isEmpty() && job.container().isEmpty()) {
          progress.onEvent(
              line(
                  name
                      + ": runs-on "
                      + runsOn
                      + " matches none of this runner's labels; it runs in "
                      + FALLBACK_IMAGE
                      + " as with forgejo-runner"));
        }
        image =
            job.container().isPresent()
                ? job.container().get().image()
                : label.isPresent()
                    ? ((Platform.DockerPlatform) label.get().platform()).image()
                    : FALLBACK_IMAGE;
        backend = docker.get();
      } else {
        progress.onEvent(
            line(
                "Error: "
                    + name
                    + ": runs-on "
                    + runsOn
                    + " maps to "
                    + label.get().normalized()
                    + ", which jrunner cannot run (docker:// and :host labels are supported)"));
        return new WorkflowCall.Outcome(Conclusion.FAILURE, Map.of());
      }
      JobSpec spec =
          new JobSpec(
              settings.runnerId(),
              task.getId(),
              image,
              jobEnv,
              ContainerSection.workspace(settings.workdirParent(), repository),
              Services.of(job, contexts));
      spec = JobContainers.apply(spec, job, contexts);
      spec = spec.withPullCredentials(PullCredentials.of(job, spec.image(), contexts));
      java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
      JobListener capture =
          event -> {
            if (event instanceof JobEvent.JobFinished f) {
              outputs.putAll(f.outputs());
            }
            log.onEvent(event);
          };
      Conclusion result =
          new JobRunner(backend, clock, actions)
              .run(new JobRequest(workflow, job, contexts, spec, origin), capture, cancel);
      return new WorkflowCall.Outcome(result, outputs);
    } catch (ExpressionException e) {
      progress.onEvent(line("Error: " + name + ": " + e.getMessage()));
      return new WorkflowCall.Outcome(Conclusion.FAILURE, Map.of());
    }
  }

  private JobEvent.LogLine line(String text) {
    return new JobEvent.LogLine(OptionalInt.empty(), clock.instant(), text);
  }
}
