// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.Version;
import io.jrunner.action.GitActionSource;
import io.jrunner.cache.CacheService;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.RetryPolicy;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.config.LoadedConfig;
import io.jrunner.config.PolicySection;
import io.jrunner.config.Registration;
import io.jrunner.config.RegistrationLock;
import io.jrunner.config.RegistrationStore;
import io.jrunner.config.RunnerConfig;
import io.jrunner.daemon.DaemonSettings;
import io.jrunner.daemon.RunnerDaemon;
import io.jrunner.docker.CacheReach;
import io.jrunner.docker.DeferredDockerClient;
import io.jrunner.docker.DockerBackend;
import io.jrunner.docker.DockerCheck;
import io.jrunner.docker.DockerHosts;
import io.jrunner.docker.DockerSettings;
import io.jrunner.docker.PhaseListener;
import io.jrunner.docker.StartupEngine;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.host.HostBackend;
import io.jrunner.host.HostReaper;
import io.jrunner.host.RunAs;
import io.jrunner.label.Label;
import io.jrunner.label.Labels;
import io.jrunner.label.Platform;
import io.jrunner.metrics.MetricsServer;
import io.jrunner.metrics.ObservedClient;
import io.jrunner.metrics.RunnerMetrics;
import io.jrunner.poll.HeapKeeper;
import io.jrunner.report.FinalReport;
import io.jrunner.report.LogRetention;
import io.jrunner.report.ReporterSettings;
import io.jrunner.report.SpoolRecovery;
import io.jrunner.task.EngineTaskHandler;
import io.jrunner.task.LoggedTaskHandler;
import io.jrunner.task.PolicyGate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up and runs the daemon for {@code jrunner daemon} and {@code jrunner one-job}: config,
 * {@code .runner} lock, labels, Docker check, client, Declare; SIGTERM/SIGINT stop it gracefully
 * (polling stops at once, running tasks get {@code shutdown_timeout}, then are cancelled and
 * reported).
 */
final class DaemonLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonLauncher.class);

  /** What to run once declared. */
  sealed interface Mode {
    /** Poll until stopped. */
    record Daemon() implements Mode {}

    /**
     * Take one task (waiting for one if asked), run it, exit.
     *
     * @param jobExitCode exit 1 when the job did not succeed (else 0 for any reported result)
     */
    record OneJob(
        boolean waitForTask,
        boolean jobExitCode,
        Optional<String> handle,
        ConnectionOptions connection)
        implements Mode {
      OneJob(boolean waitForTask, boolean jobExitCode) {
        this(waitForTask, jobExitCode, Optional.empty(), new ConnectionOptions());
      }

      OneJob(boolean waitForTask) {
        this(waitForTask, false);
      }
    }
  }

  /** How long a task's final report is retried (also for tasks recovered after a restart). */
  static final Duration FINAL_REPORT_DEADLINE = Duration.ofMinutes(10);

  private final CommonOptions common;
  private final CliContext context;

  DaemonLauncher(CommonOptions common, CliContext context) {
    this.common = common;
    this.context = context;
  }

  @SuppressWarnings("try") // the lock is held for the daemon's whole life, never read
  int run(Mode mode) throws Exception {
    LoadedConfig loaded = common.load(context.env());
    RunnerConfig config = loaded.config();
    ProfileBanner.log(loaded.policy());
    FlagIdentity flags = FlagIdentity.of(mode, context.env(), config.runner().file());
    Path file = flags.runnerFile();
    try (RegistrationLock lock = RegistrationLock.acquire(file)) {
      Registration registration =
          flags.registration().isPresent()
              ? flags.registration().get()
              : RegistrationStore.load(file);
      Labels labels =
          Labels.parseAll(
              configuredLabels(flags, config, registration), config.runner().defaultImage());
      if (labels.names().isEmpty()) {
        throw new UserError(
            ExitCode.CONFIG,
            "no labels: set runner.labels in the config file or register with --labels");
      }
      Optional<String> dockerHost = checkDocker(config, labels, registration.uuid());
      Path hostWorkdir = hostWorkdir(config);
      new HostReaper().sweep(hostWorkdir, registration.uuid());
      URI address = Clients.instance(registration.address());
      RunnerMetrics metrics = new RunnerMetrics();
      ObservedClient client =
          new ObservedClient(
              Clients.authenticated(
                  address,
                  new RunnerCredentials(registration.uuid(), registration.token()),
                  config,
                  context.env()),
              metrics,
              context.clock());
      DockerSettings docker = dockerSettings(config, loaded.policy());
      // The job engine's docker-java client is made by the first job, not now (issue 16).
      Optional<CacheReach> cacheReach =
          CacheStartup.reach(
              config.cache(), dockerHost.flatMap(h -> StartupEngine.client(h, System.getenv())));
      Optional<ExecutionBackend> backend =
          dockerHost.map(
              host ->
                  new DockerBackend(
                      new DeferredDockerClient(host, Duration.ofMinutes(10)),
                      docker,
                      PhaseListener.NONE,
                      cacheReach));
      Optional<LogRetention> jobLogs = jobLogRetention(config);
      Optional<CacheService> cache =
          CacheStartup.start(config.cache(), cacheReach, context.clock());
      EngineTaskHandler engine =
          new EngineTaskHandler(
              new EngineTaskHandler.Settings(
                  registration.name(),
                  registration.uuid(),
                  labels,
                  config.runner().envs(),
                  config.runner().timeout(),
                  reporterSettings(config, file),
                  config.container().workdirParent()),
              client,
              backend,
              new HostBackend(hostWorkdir, context.env(), hostRunAs(config)),
              new FinalReport(client, reportRetry(config), Sleeper.SYSTEM),
              context.clock(),
              Sleeper.SYSTEM,
              new GitActionSource(
                  hostWorkdir.resolve("jrunner-actions"), Optional.of(address.toString())),
              new PolicyGate(loaded.policy()),
              CacheStartup.runs(cache));
      LoggedTaskHandler handler =
          new LoggedTaskHandler(
              (task, lifetime) -> {
                try {
                  engine.handle(task, lifetime);
                } finally {
                  jobLogs.ifPresent(r -> r.sweep(context.clock().instant()));
                }
              },
              client,
              metrics,
              context.clock());
      // The heap stays near what is live, busy or idle (docs/benchmarks.md).
      HeapKeeper heap =
          new HeapKeeper(
              handler, HeapKeeper.Settings.DEFAULTS, Sleeper.SYSTEM, HeapKeeper.Heap.RUNTIME);
      RunnerDaemon daemon =
          new RunnerDaemon(
              client,
              flags.apply(settings(config, labels, address)),
              heap,
              context.clock(),
              Sleeper.SYSTEM,
              flags.handle());
      Optional<MetricsServer> endpoint =
          MetricsEndpoint.start(
              config.metrics(),
              metrics,
              client,
              dockerHost,
              config
                  .runner()
                  .fetchIntervalFor(address.toString())
                  .plus(config.runner().fetchTimeout())
                  .multipliedBy(3),
              context.clock());
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                LOG.info("stop requested: no new tasks; waiting for running ones");
                daemon.stopGracefully();
                awaitQuietly(finished, config.runner().shutdownTimeout().plusMinutes(2));
              },
              "shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      Hangup.ignoreWithALogLine();
      try {
        LOG.info(
            "jrunner {} starting: runner {} on {}, labels {}, capacity {}",
            Version.current(),
            registration.name(),
            address,
            labels.normalized(),
            config.runner().capacity());
        if (daemon.declare().isPresent()
            && flags.registration().isEmpty()
            && RegistrationStore.save(file, registration.withLabels(labels.normalized()))) {
          LOG.info("stored the effective labels in {}", file);
        }
        // Tasks that were running when an earlier run of this runner died: replay their
        // spooled rows and close them as failed, with a "runner restarted" line.
        new SpoolRecovery(
                client,
                spoolDir(file),
                reportRetry(config),
                FINAL_REPORT_DEADLINE,
                Sleeper.SYSTEM,
                context.clock())
            .recoverAll()
            .forEach(
                r ->
                    LOG.info(
                        "task {} was running when the runner stopped: reported {} ({} rows)",
                        r.taskId(),
                        r.result(),
                        r.rows()));
        jobLogs.ifPresent(r -> r.sweep(context.clock().instant()));
        return switch (mode) {
          case Mode.Daemon d -> {
            heap.idleNow();
            daemon.run();
            LOG.info("stopped");
            yield ExitCode.OK.code();
          }
          case Mode.OneJob one -> {
            if (daemon.runOneJob(one.waitForTask())) {
              yield OneJobResult.exitCode(handler.lastResult(), one.jobExitCode());
            }
            LOG.warn("no task for this runner");
            yield ExitCode.NO_TASK.code();
          }
        };
      } finally {
        cache.ifPresent(CacheService::close);
        finished.countDown();
        removeHook(hook);
        endpoint.ifPresent(MetricsServer::close);
      }
    }
  }

  private DaemonSettings settings(RunnerConfig config, Labels labels, URI address) {
    Duration interval = config.runner().fetchIntervalFor(address.toString());
    if (!interval.equals(config.runner().fetchInterval())) {
      LOG.info("polling {} every {} (codeberg.org asks for at least 30s)", address, interval);
    }
    return new DaemonSettings(
        Version.current(),
        labels.names(),
        config.runner().capacity(),
        interval,
        config.runner().fetchTimeout(),
        config.runner().shutdownTimeout());
  }

  /**
   * The live reporter's settings; its spool sits next to the {@code .runner} file, the local job
   * log copies go to {@code log.job_log_dir} if set.
   */
  static ReporterSettings reporterSettings(RunnerConfig config, Path runnerFile) {
    ReporterSettings settings =
        ReporterSettings.defaults(spoolDir(runnerFile))
            .withReportInterval(config.runner().reportInterval())
            .withFinalRetry(reportRetry(config), FINAL_REPORT_DEADLINE);
    return jobLogRetention(config).map(r -> settings.withLogDir(r.dir())).orElse(settings);
  }

  /** The retention of the local job log copies, when {@code log.job_log_dir} is set. */
  static Optional<LogRetention> jobLogRetention(RunnerConfig config) {
    return config
        .log()
        .jobLogDir()
        .map(
            dir ->
                new LogRetention(
                    dir.toAbsolutePath(),
                    config.log().jobLogRetention(),
                    config.log().jobLogMaxFiles()));
  }

  static Path spoolDir(Path runnerFile) {
    Path parent = runnerFile.toAbsolutePath().getParent();
    return parent.resolve(".jrunner-spool");
  }

  /** The Docker backend's settings; a bad {@code allowed_options} or {@code docker_host} stops. */
  private DockerSettings dockerSettings(RunnerConfig config, PolicySection policy)
      throws UserError {
    try {
      return DockerSettings.of(config.container(), policy, context.env());
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.CONFIG, e.getMessage());
    }
  }

  /** {@code host.run_as}, resolved; a clear refusal at start when it cannot be honoured. */
  private static Optional<RunAs> hostRunAs(RunnerConfig config) throws UserError {
    String user = config.host().runAs();
    if (user.isEmpty()) {
      return Optional.empty();
    }
    try {
      RunAs runAs = RunAs.resolve(user);
      LOG.info("host jobs run as {} (uid {})", runAs.user(), runAs.uid());
      return Optional.of(runAs);
    } catch (BackendException e) {
      throw new UserError(ExitCode.CONFIG, e.getMessage());
    }
  }

  /**
   * The labels to run with: {@code --labels} (one-job), else {@code runner.labels} of the config,
   * else those stored at registration.
   */
  private static List<String> configuredLabels(
      FlagIdentity flags, RunnerConfig config, Registration registration) {
    if (!flags.labels().isEmpty()) {
      return flags.labels();
    }
    return config.runner().labels().isEmpty() ? registration.labels() : config.runner().labels();
  }

  /** Where {@code :host} jobs get their directories ({@code host.workdir_parent}). */
  private static Path hostWorkdir(RunnerConfig config) {
    return config.host().resolvedWorkdirParent(Path.of(System.getProperty("user.home")));
  }

  private static RetryPolicy reportRetry(RunnerConfig config) {
    var retry = config.runner().reportRetry();
    Duration max = retry.maxDelay().isZero() ? Duration.ofMinutes(1) : retry.maxDelay();
    return new RetryPolicy(Math.max(1, retry.maxRetries()), retry.initialDelay(), max, 2.0);
  }

  /**
   * For docker labels: finds the engine (or fails with every place tried) and removes what an
   * earlier, crashed run of this runner left there.
   */
  private Optional<String> checkDocker(RunnerConfig config, Labels labels, String runnerId)
      throws UserError {
    List<String> docker =
        labels.labels().stream()
            .filter(l -> l.platform() instanceof Platform.DockerPlatform)
            .map(Label::name)
            .toList();
    if (docker.isEmpty()) {
      return Optional.empty();
    }
    try {
      DockerCheck.Engine engine =
          new DockerCheck(Duration.ofSeconds(10))
              .find(DockerHosts.candidates(config.container().dockerHost(), context.env()));
      LOG.info("Docker {} (API {}) at {}", engine.version(), engine.apiVersion(), engine.host());
      StartupEngine.sweep(engine.host(), runnerId, System.getenv());
      return Optional.of(engine.host());
    } catch (DockerCheck.DockerUnavailableException e) {
      throw new UserError(
          ExitCode.FAILURE,
          "labels "
              + docker
              + " run jobs in Docker, but "
              + e.getMessage()
              + DockerHosts.explicitSource(config.container().dockerHost(), context.env())
                  .map(
                      src ->
                          ". "
                              + src
                              + " names this engine and jrunner does not fall back to another"
                              + " one: start it, or fix "
                              + src)
                  .orElse(". Start Docker, set container.docker_host, or use :host labels"),
          e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running and waits for us.
    }
  }
}
