// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.action.GitActionSource;
import io.jrunner.cancel.Cancellation;
import io.jrunner.config.CacheSection;
import io.jrunner.config.RunnerConfig;
import io.jrunner.docker.CacheReach;
import io.jrunner.docker.DeferredDockerClient;
import io.jrunner.docker.DockerBackend;
import io.jrunner.docker.DockerHosts;
import io.jrunner.docker.PhaseListener;
import io.jrunner.docker.StartupEngine;
import io.jrunner.exec.ActionOrigin;
import io.jrunner.exec.ActionSource;
import io.jrunner.exec.JobRunner;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Json;
import io.jrunner.expr.Value;
import io.jrunner.host.HostBackend;
import io.jrunner.model.Job;
import io.jrunner.model.Parsed;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowException;
import io.jrunner.model.WorkflowParser;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrunner exec}: runs a workflow's jobs here, in Docker, with no server (forgejo-runner's
 * and act's flag names). Live output goes to the console; the exit code is 1 when a job failed.
 */
@Command(name = "exec", description = "Run workflow jobs locally in Docker, with no server.")
final class ExecCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-W", "--workflows"},
      paramLabel = "PATH",
      description = "a workflow file, or a directory of them (default: .forgejo/workflows)")
  Path workflows;

  @Option(
      names = {"-C", "--directory"},
      paramLabel = "DIR",
      description = "the working directory, copied into the job as its workspace (default: .)")
  Path directory = Path.of(".");

  @Option(
      names = {"-j", "--job"},
      description = "run only this job")
  String onlyJob;

  @Option(
      names = {"-E", "--event"},
      description = "the event name (default: push)")
  String event = "push";

  @Option(
      names = "--eventpath",
      paramLabel = "FILE",
      description =
          "a JSON file with the event payload (github.event; inputs of workflow_dispatch)")
  Path eventPath;

  @Option(
      names = {"-s", "--secret"},
      paramLabel = "K=V",
      description = "a secret (repeatable)")
  Map<String, String> secrets = new LinkedHashMap<>();

  @Option(names = "--var", paramLabel = "K=V", description = "a variable (repeatable)")
  Map<String, String> vars = new LinkedHashMap<>();

  @Option(
      names = "--env",
      paramLabel = "K=V",
      description = "a variable for the env context of every job (repeatable; workflow env wins)")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(
      names = {"-i", "--image"},
      description = "the image for labels not given with -P (default: node:22-bookworm)")
  String image = "node:22-bookworm";

  @Option(
      names = {"-P", "--platform"},
      paramLabel = "LABEL=IMAGE",
      description =
          "the image for a runs-on label, or -self-hosted to run on this machine (repeatable)")
  Map<String, String> platforms = new LinkedHashMap<>();

  @Option(
      names = "--default-actions-url",
      paramLabel = "URL",
      description = "where owner/repo@ref actions come from (default: ${DEFAULT-VALUE})")
  String defaultActionsUrl = ActionOrigin.CODE_FORGEJO;

  @Option(
      names = "--action-cache",
      paramLabel = "DIR",
      description =
          "where fetched actions are kept (default: $XDG_CACHE_HOME/jrunner/actions or"
              + " ~/.cache/jrunner/actions)")
  Path actionCache;

  @Mixin ExecFlags flags = new ExecFlags();

  @Option(
      names = "--input",
      paramLabel = "K=V",
      description =
          "an input of workflow_dispatch (github.event.inputs), typed by its declaration"
              + " (repeatable)")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(
      names = "--forgejo-instance",
      paramLabel = "URL",
      description = "the Forgejo instance remote reusable workflows (owner/repo/...@ref) come from")
  String forgejoInstance;

  @Option(names = "--no-cache-server", description = "give jobs no ACTIONS_CACHE_URL")
  boolean noCacheServer;

  @Option(
      names = "--cache-server-path",
      paramLabel = "DIR",
      description = "where the actions/cache entries are kept (default: ~/.cache/actcache)")
  Path cacheServerPath;

  private final CliContext context;

  ExecCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Path root = workflows != null ? workflows : directory.resolve(".forgejo").resolve("workflows");
    List<Path> files = workflowFiles(root);
    Optional<RunnerConfig> config = ExecSetup.config(flags, context.env());
    if (flags.list || flags.dryrun) {
      return plan(files, config).show();
    }
    // The engine is found, and what killed exec runs left is swept, while the workflows are
    // parsed and git is read.
    try (ExecEngine engine =
        ExecEngine.start(
            DockerHosts.candidates(ExecSetup.dockerHost(config), context.env()),
            id ->
                ExecRunId.orphaned(
                    id, context.hostname(), pid -> ProcessHandle.of(pid).isPresent()),
            context.env())) {
      Planned planned = plan(files, config);
      if (planned.plan().running().isEmpty()) {
        return ExitCode.OK.code();
      }
      return run(planned, engine.found());
    }
  }

  /** The workflows parsed, what exec derived, and which jobs run. */
  private record Planned(
      PrintWriter out, Path dir, ExecSetup setup, ExecPlan plan, boolean dryRun) {
    /** Prints the plan ({@code --list}, {@code --dryrun}). */
    int show() {
      plan.printList(out);
      if (dryRun) {
        out.println("dry run: nothing was run");
      }
      out.flush();
      return ExitCode.OK.code();
    }
  }

  private Planned plan(List<Path> files, Optional<RunnerConfig> config) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Workflow> parsed = new ArrayList<>();
    for (Path file : files) {
      parsed.add(parse(file, out));
    }
    Path dir = directory.toAbsolutePath().normalize();
    ExecSetup setup =
        ExecSetup.of(
            flags, dir, event, eventPath != null ? eventPayload() : null, context.env(), config);
    ExecPlan plan = ExecPlan.of(files, parsed, setup.facts(), flags.all, onlyJob);
    plan.printDecisions(out, event, flags.all);
    return new Planned(out, dir, setup, plan, flags.dryrun);
  }

  private int run(Planned planned, ExecEngine.Found found) throws Exception {
    PrintWriter out = planned.out();
    Path dir = planned.dir();
    ExecSetup setup = planned.setup();
    ExecPlan plan = planned.plan();
    Map<String, String> allSecrets =
        new LinkedHashMap<>(ExecFlags.dotenv(flags.secretFile, "--secret-file", context.env()));
    allSecrets.putAll(secrets);
    Map<String, String> allEnv =
        new LinkedHashMap<>(ExecFlags.dotenv(flags.envFile, "--env-file", context.env()));
    allEnv.putAll(env);
    Optional<String> engineHost =
        found instanceof ExecEngine.Found.At at ? Optional.of(at.host()) : Optional.empty();
    String dockerProblem = found instanceof ExecEngine.Found.Unavailable u ? u.problem() : "";
    List<String> failed = new ArrayList<>();
    ActionSource actions =
        new GitActionSource(
            actionCache != null
                ? actionCache
                : GitActionSource.defaultDir(
                    context.env(), Path.of(System.getProperty("user.home"))),
            Optional.empty());
    Path hostDirs = Files.createTempDirectory("jrunner-exec-");
    Optional<CacheReach> cacheReach =
        noCacheServer || allEnv.containsKey("ACTIONS_CACHE_URL")
            ? Optional.empty()
            : CacheStartup.reach(
                CacheSection.defaults(),
                engineHost.flatMap(h -> StartupEngine.client(h, context.env())));
    LocalCache cache =
        LocalCache.start(noCacheServer, cacheServerPath, dir, allEnv, cacheReach, context.clock());
    // Made by the first Docker job: a run of host jobs only loads no docker-java.
    Optional<DockerBackend> docker =
        engineHost.map(
            h ->
                new DockerBackend(
                    new DeferredDockerClient(h, Duration.ofMinutes(5)),
                    setup.docker(),
                    PhaseListener.NONE,
                    cacheReach));
    if (runsInDocker(plan)) {
      docker.ifPresent(DockerBackend::prepare); // made while the workspace is copied
    }
    try (WorkspaceCopy workspace = WorkspaceCopy.stage(dir, flags.useGitignore)) {
      out.println(workspace.describe(dir));
      LocalRun run =
          new LocalRun(
              docker.map(d -> new JobRunner(d, context.clock(), actions)),
              dockerProblem,
              new JobRunner(new HostBackend(hostDirs, context.env()), context.clock(), actions),
              new LocalContexts(
                  dir,
                  event,
                  allSecrets,
                  vars,
                  LocalCalls.withInputs(setup.payload(), inputs),
                  LocalGit.of(dir)),
              this::imageFor,
              Map.of(),
              ExecRunId.current(context.hostname()).toString(),
              new ActionOrigin(defaultActionsUrl, Optional.empty()),
              new io.jrunner.action.GitWorkflowSource(
                  actions,
                  Optional.ofNullable(forgejoInstance),
                  "",
                  "",
                  Optional.empty(),
                  Optional.of(dir)));
      run.hooks =
          new ExecHooks(
              flags.matrixFilter(),
              flags.noSkipCheckout ? Optional.empty() : Optional.of(dir),
              Optional.of(workspace.dir()),
              ExecFlags.colourTerminal(context.env()),
              new RunSummary());
      for (ExecPlan.Entry entry : plan.running()) {
        LocalCalls.checkInputs(entry.file(), entry.workflow(), inputs);
        try {
          failed.addAll(
              run.runWorkflow(
                  ExecSetup.withEnv(entry.workflow(), allEnv), onlyJob, out, Cancellation.root()));
        } catch (WorkflowException e) {
          throw new UserError(
              ExitCode.CONFIG,
              entry.file() + ":" + e.pos().line() + ":" + e.pos().column() + ": " + e.problem());
        }
      }
      run.hooks.summary().print(out);
    } finally {
      cache.close();
      docker.ifPresent(DockerBackend::close);
      Files.deleteIfExists(hostDirs);
    }
    if (!failed.isEmpty()) {
      throw new UserError(ExitCode.FAILURE, "job(s) failed: " + String.join(", ", failed));
    }
    return ExitCode.OK.code();
  }

  private Value.Obj eventPayload() throws UserError {
    if (eventPath == null) {
      return new Value.Obj(Map.of());
    }
    try {
      if (Json.parse(Files.readString(eventPath, StandardCharsets.UTF_8)) instanceof Value.Obj o) {
        return o;
      }
      throw new UserError(ExitCode.USAGE, eventPath + ": the event payload must be a JSON object");
    } catch (java.io.IOException e) {
      throw new UserError(ExitCode.USAGE, "cannot read " + eventPath + ": " + e.getMessage());
    } catch (ExpressionException e) {
      throw new UserError(ExitCode.USAGE, eventPath + ": invalid JSON: " + e.getMessage());
    }
  }

  /** Whether a job the plan runs gets an image rather than the host ({@link LocalRun#HOST}). */
  private boolean runsInDocker(ExecPlan plan) {
    for (ExecPlan.Entry e : plan.running()) {
      for (List<String> stage : e.stages()) {
        for (String id : stage) {
          Job job = e.workflow().jobs().get(id);
          if (job != null && !imageFor(job).equals(LocalRun.HOST)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private String imageFor(Job job) {
    if (job.container().isPresent()) {
      return job.container().get().image();
    }
    for (String label : job.runsOn().map(r -> r.labels()).orElse(List.of())) {
      String mapped = platforms.get(label);
      if (mapped != null) {
        return mapped.startsWith("docker://") ? mapped.substring("docker://".length()) : mapped;
      }
    }
    return image;
  }

  private static Workflow parse(Path file, PrintWriter out) throws Exception {
    try {
      Parsed<Workflow> parsed =
          WorkflowParser.parse(Files.readString(file, StandardCharsets.UTF_8));
      parsed
          .warnings()
          .forEach(
              w ->
                  out.println(
                      file
                          + ":"
                          + w.pos().line()
                          + ":"
                          + w.pos().column()
                          + ": warning: "
                          + w.message()));
      return parsed.value();
    } catch (WorkflowException e) {
      throw new UserError(
          ExitCode.CONFIG,
          file + ":" + e.pos().line() + ":" + e.pos().column() + ": " + e.problem());
    }
  }

  private static List<Path> workflowFiles(Path path) throws Exception {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new UserError(ExitCode.USAGE, "no workflow at " + path + " (give one with -W)");
    }
    try (Stream<Path> s = Files.list(path)) {
      List<Path> files =
          s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new UserError(ExitCode.USAGE, "no .yml or .yaml workflow in " + path);
      }
      return files;
    }
  }
}
