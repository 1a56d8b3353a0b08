// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import com.google.protobuf.Timestamp;
import io.jrunner.Version;
import io.jrunner.cache.CacheRuns;
import io.jrunner.cancel.CancelMessages;
import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.RunnerClient;
import io.jrunner.config.ContainerSection;
import io.jrunner.exec.ActionOrigin;
import io.jrunner.exec.ActionSource;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobCondition;
import io.jrunner.exec.JobContainers;
import io.jrunner.exec.JobLevel;
import io.jrunner.exec.JobRequest;
import io.jrunner.exec.JobRunner;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.PullCredentials;
import io.jrunner.exec.Services;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Value;
import io.jrunner.label.Label;
import io.jrunner.label.Labels;
import io.jrunner.label.Platform;
import io.jrunner.model.Job;
import io.jrunner.model.MatrixValues;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import io.jrunner.model.WorkflowParser;
import io.jrunner.poll.TaskHandler;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Task;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.report.FinalReport;
import io.jrunner.report.ReporterSettings;
import io.jrunner.report.TaskReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task with the engine: parses the payload, picks the platform from the labels, runs the job
 * in Docker and reports it ({@link TaskReporter}). Bad payloads and unsupported platforms fail the
 * task with a readable line; nothing here throws.
 *
 * <p>Thread-safe; one call per task, on the task's own thread.
 */
public final class EngineTaskHandler implements TaskHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EngineTaskHandler.class);

  /** What the handler needs from the runner's setup. */
  public record Settings(
      String runnerName,
      String runnerId,
      Labels labels,
      Map<String, String> envs,
      Duration jobTimeout,
      ReporterSettings reporter,
      String workdirParent) {
    /** Jobs work under {@code /workspace}. */
    public Settings(
        String runnerName,
        String runnerId,
        Labels labels,
        Map<String, String> envs,
        Duration jobTimeout,
        ReporterSettings reporter) {
      this(runnerName, runnerId, labels, envs, jobTimeout, reporter, "workspace");
    }
  }

  private final Settings settings;
  private final RunnerClient client;
  private final Optional<ExecutionBackend> docker;
  private final ExecutionBackend host;
  private final FinalReport finalReport;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ActionSource actions;
  private final PolicyGate policy;
  private final CacheRuns cache;

  /** A handler whose jobs cannot fetch remote actions. */
  public EngineTaskHandler(
      Settings settings,
      RunnerClient client,
      Optional<ExecutionBackend> docker,
      ExecutionBackend host,
      FinalReport finalReport,
      Clock clock,
      Sleeper sleeper) {
    this(
        settings,
        client,
        docker,
        host,
        finalReport,
        clock,
        sleeper,
        ActionSource.unavailable("this runner has no action source"));
  }

  /**
   * @param actions fetches the remote actions of jobs
   */
  public EngineTaskHandler(
      Settings settings,
      RunnerClient client,
      Optional<ExecutionBackend> docker,
      ExecutionBackend host,
      FinalReport finalReport,
      Clock clock,
      Sleeper sleeper,
      ActionSource actions) {
    this(
        settings,
        client,
        docker,
        host,
        finalReport,
        clock,
        sleeper,
        actions,
        PolicyGate.open(),
        CacheRuns.NONE);
  }

  /**
   * @param actions fetches the remote actions of jobs
   * @param policy the profile's policy, applied before anything of a task runs
   * @param cache gives each task its {@code ACTIONS_CACHE_URL} (protocol.md §6.4)
   */
  public EngineTaskHandler(
      Settings settings,
      RunnerClient client,
      Optional<ExecutionBackend> docker,
      ExecutionBackend host,
      FinalReport finalReport,
      Clock clock,
      Sleeper sleeper,
      ActionSource actions,
      PolicyGate policy,
      CacheRuns cache) {
    this.policy = policy;
    this.cache = cache;
    this.actions = actions;
    this.settings = settings;
    this.client = client;
    this.docker = docker;
    this.host = host;
    this.finalReport = finalReport;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Runs and reports the task. Whatever the job throws, even an {@link Error}, ends the task as
   * failed with a line in its log and an entry in the daemon's log; nothing escapes.
   */
  @Override
  public void handle(Task task, Cancellation lifetime) {
    try {
      handleReported(task, lifetime);
    } catch (Throwable e) { // the last net: the task must be reported, the daemon must go on
      LOG.error("task {} failed before it could be reported", task.getId(), e);
      failWithoutSpool(task, UnexpectedFailure.line(e));
    }
  }

  private void handleReported(Task task, Cancellation lifetime) {
    docker.ifPresent(ExecutionBackend::prepare);
    Cancellation job = lifetime.child();
    List<String> masked = new ArrayList<>(task.getSecretsMap().values());
    masked.add(TaskContexts.string(task, "token"));
    masked.add(TaskContexts.string(task, "runtime_token"));
    TaskReporter progress;
    try {
      progress =
          TaskReporter.start(
              task.getId(), masked, client, settings.reporter(), job, clock, sleeper);
    } catch (IOException e) {
      LOG.error("task {}: cannot create its log spool: {}", task.getId(), e.toString());
      failWithoutSpool(task, "Error: the runner cannot write its log spool: " + e.getMessage());
      return;
    }
    progress.line(
        settings.runnerName()
            + "(version:"
            + Version.current()
            + ") received task "
            + task.getId()
            + " of job "
            + TaskContexts.string(task, "job")
            + ", be triggered by event: "
            + TaskContexts.string(task, "event_name"));
    Thread timer = Thread.ofVirtual().start(() -> timeout(job));
    Optional<CacheRuns.Lease> cacheRun = TaskCache.open(cache, task, progress::line);
    Conclusion result;
    try {
      result = run(task, progress, job, cacheRun.map(CacheRuns.Lease::url));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = Conclusion.CANCELLED;
    } catch (Throwable e) { // any Error too: the task is reported failed with a line
      LOG.error("task {} failed unexpectedly", task.getId(), e);
      progress.line(UnexpectedFailure.line(e));
      result = Conclusion.FAILURE;
    } finally {
      timer.interrupt();
      cacheRun.ifPresent(CacheRuns.Lease::close);
    }
    job.reason().flatMap(CancelMessages::of).ifPresent(progress::line);
    String closing =
        job.reason()
            .map(
                r ->
                    r == CancelReason.TIMEOUT
                        ? "The runner cancelled the job because it exceeds the maximum run time"
                        : "Job cancelled")
            .orElse("Job " + result.contextValue());
    try {
      if (!progress.close(result, closing)) {
        LOG.error("task {}: the final report was not acknowledged", task.getId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reports a task failed with one line when not even its spool can be made. */
  private void failWithoutSpool(Task task, String line) {
    Instant now = clock.instant();
    Timestamp ts = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).build();
    try {
      finalReport.send(
          task.getId(),
          0,
          List.of(LogRow.newBuilder().setTime(ts).setContent(line).build()),
          TaskState.newBuilder()
              .setId(task.getId())
              .setResult(Result.RESULT_FAILURE)
              .setStartedAt(ts)
              .setStoppedAt(ts)
              .build(),
          Map.of(),
          Cancellation.root());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Conclusion run(
      Task task, TaskReporter progress, Cancellation job, Optional<String> cacheUrl)
      throws InterruptedException {
    Workflow workflow;
    Job parsed;
    try {
      workflow =
          WorkflowParser.parse(task.getWorkflowPayload().toString(StandardCharsets.UTF_8)).value();
      parsed = workflow.singleJob();
      parsed.requireRunnable();
    } catch (WorkflowException e) {
      progress.line("Error: invalid workflow: " + e.getMessage());
      return Conclusion.FAILURE;
    }
    if (policy.refusesTask(task, progress::line)) {
      return Conclusion.FAILURE;
    }
    Map<String, Value> contexts;
    try {
      contexts = new LinkedHashMap<>(TaskContexts.of(task, workflow));
    } catch (WorkflowException e) {
      progress.line("Error: invalid inputs: " + e.getMessage());
      return Conclusion.FAILURE;
    }
    try {
      if (parsed.strategy().flatMap(s -> s.matrix()).isPresent()) {
        List<Map<String, Value>> combos =
            MatrixValues.combinations(parsed.strategy().get().matrix().get(), contexts);
        contexts.put("matrix", new Value.Obj(combos.isEmpty() ? Map.of() : combos.get(0)));
      }
    } catch (WorkflowException e) {
      progress.line("Error: invalid matrix: " + e.getMessage());
      return Conclusion.FAILURE;
    }
    Map<String, String> runnerEnv = jobEnv(task, cacheUrl);
    Map<String, Value> jobLevel;
    try {
      jobLevel = JobLevel.contexts(workflow, parsed, contexts, runnerEnv);
    } catch (ExpressionException e) {
      progress.line("Error: env: " + e.getMessage());
      return Conclusion.FAILURE;
    }
    Optional<Conclusion> skipped =
        JobCondition.gate(parsed, jobLevel, TaskNeeds.state(task), progress, clock);
    if (skipped.isPresent()) {
      return skipped.get();
    }
    if (parsed.callsReusableWorkflow()) {
      return new TaskWorkflowCalls(settings, docker, host, clock, actions)
          .run(task, workflow, parsed, contexts, runnerEnv, progress, job);
    }
    // after the job's if: as in act: a skipped job needs no platform
    List<String> runsOn = parsed.runsOn().map(r -> r.labels()).orElse(List.of());
    Optional<Label> label = settings.labels().pick(runsOn);
    String image;
    ExecutionBackend backend;
    if (parsed.container().isPresent()
        || (label.isPresent() && label.get().platform() instanceof Platform.DockerPlatform)) {
      image =
          parsed.container().isPresent()
              ? parsed.container().get().image()
              : ((Platform.DockerPlatform) label.get().platform()).image();
      if (docker.isEmpty()) {
        progress.line("Error: this runner has no Docker engine for docker:// labels");
        return Conclusion.FAILURE;
      }
      backend = docker.get();
    } else if (label.isPresent() && label.get().platform() instanceof Platform.HostPlatform) {
      image = "";
      backend = host;
    } else {
      progress.line(
          "Error: runs-on "
              + runsOn
              + " maps to "
              + label.map(Label::normalized).orElse("no label of this runner")
              + ", which jrunner cannot run (docker:// and :host labels are supported)");
      return Conclusion.FAILURE;
    }
    String repository = TaskContexts.string(task, "repository");
    List<JobSpec.ServiceSpec> services;
    try {
      services = Services.of(parsed, jobLevel);
    } catch (ExpressionException e) {
      progress.line("Error: services: " + e.getMessage());
      return Conclusion.FAILURE;
    }
    JobSpec spec =
        new JobSpec(
            settings.runnerId(),
            task.getId(),
            image,
            runnerEnv,
            ContainerSection.workspace(settings.workdirParent(), repository),
            services);
    try {
      spec = JobContainers.apply(spec, parsed, jobLevel);
    } catch (ExpressionException e) {
      progress.line("Error: container: " + e.getMessage());
      return Conclusion.FAILURE;
    }
    try {
      spec = spec.withPullCredentials(PullCredentials.of(parsed, spec.image(), jobLevel));
    } catch (ExpressionException e) {
      progress.line("Error: credentials: " + e.getMessage());
      return Conclusion.FAILURE;
    }
    String token = TaskContexts.string(task, "token");
    String actionsUrl = TaskContexts.string(task, "default_actions_url");
    ActionOrigin origin =
        new ActionOrigin(
            actionsUrl.isEmpty() ? ActionOrigin.CODE_FORGEJO : actionsUrl,
            token.isEmpty() ? Optional.empty() : Optional.of(token));
    if (policy.refusesJob(task, backend, spec, parsed, progress::line)) {
      return Conclusion.FAILURE;
    }
    return new JobRunner(backend, clock, actions)
        .run(new JobRequest(workflow, parsed, contexts, spec, origin), progress, job);
  }

  /**
   * The runner-level job environment (protocol.md §6.1): {@code runner.envs}, then the URLs and
   * token of the instance's artifact and cache APIs, and the runner's version.
   */
  private Map<String, String> jobEnv(Task task, Optional<String> cacheUrl) {
    Map<String, String> env = new LinkedHashMap<>(settings.envs());
    cacheUrl.ifPresent(url -> env.put("ACTIONS_CACHE_URL", url));
    String server = TaskContexts.string(task, "server_url");
    if (!server.isEmpty()) {
      String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
      env.put("GITHUB_SERVER_URL", base);
      env.put("ACTIONS_RUNTIME_URL", base + "/api/actions_pipeline/");
      env.put("ACTIONS_RESULTS_URL", base);
    }
    String runtimeToken = TaskContexts.string(task, "runtime_token");
    env.put(
        "ACTIONS_RUNTIME_TOKEN",
        runtimeToken.isEmpty() ? TaskContexts.string(task, "token") : runtimeToken);
    String idUrl = TaskContexts.string(task, "actions_id_token_request_url");
    if (!idUrl.isEmpty()) {
      env.put("ACTIONS_ID_TOKEN_REQUEST_URL", idUrl);
      env.put(
          "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
          TaskContexts.string(task, "actions_id_token_request_token"));
    }
    env.put("RUNNER_NAME", settings.runnerName());
    env.put("GITEA_ACTIONS", "true");
    env.put("FORGEJO_ACTIONS", "true");
    env.put("GITEA_ACTIONS_RUNNER_VERSION", Version.current());
    env.put("FORGEJO_ACTIONS_RUNNER_VERSION", Version.current());
    return env;
  }

  private void timeout(Cancellation job) {
    try {
      if (!job.await(settings.jobTimeout())) {
        job.cancel(CancelReason.TIMEOUT);
      }
    } catch (InterruptedException e) {
      // The job ended first.
    }
  }
}
