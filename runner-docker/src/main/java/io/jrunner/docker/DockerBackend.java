// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ExecutionBackend} on a Docker engine. Its docker-java client is made at the first {@link
 * #open}, not before: an idle daemon loads no docker-java (docs/architecture.md); {@link #check}
 * never touches the engine. Thread-safe; one per runner.
 */
public final class DockerBackend implements ExecutionBackend {
  private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);

  /** The client and what is built on it, made together at the first job. */
  private record Engine(DockerClient docker, Images images) {}

  private final Memo<Engine> engine;
  private final DockerSettings settings;
  private final PhaseListener phases;
  private final Optional<CacheReach> cacheReach;
  private final TeardownRetry teardownRetry = new TeardownRetry();

  /**
   * @param docker makes the job engine's client; called once, at the first {@link #open} (again
   *     only if it threw)
   * @param settings the runner's {@code container:} settings
   * @param phases told how long each set-up and tear-down phase of every job took
   * @param cacheReach when jrunner runs in a container: joins it to each job's network so that the
   *     job reaches the cache proxy
   */
  public DockerBackend(
      Supplier<DockerClient> docker,
      DockerSettings settings,
      PhaseListener phases,
      Optional<CacheReach> cacheReach) {
    this.settings = settings;
    this.phases = phases;
    this.cacheReach = cacheReach;
    this.engine =
        new Memo<>(
            () -> {
              DockerClient client = docker.get();
              return new Engine(
                  client,
                  new Images(
                      client,
                      settings.forcePull(),
                      RegistryAuth.fromEnvironment(),
                      settings.policy()));
            });
  }

  /**
   * Makes the docker-java client and sends it a ping on a virtual thread of its own, when no job
   * has made it yet: its classes, Jackson's and Apache HttpClient's load while the task's other
   * set-up runs (about half a second on a cold start: docs/benchmarks.md).
   */
  @Override
  public void prepare() {
    if (engine.made().isEmpty()) {
      Thread.ofVirtual().name("docker-client").start(this::warm);
    }
  }

  private void warm() {
    try {
      engine.get().docker().pingCmd().exec();
    } catch (RuntimeException e) {
      // open() makes and asks the engine again, and reports what fails then
    }
  }

  /**
   * On a client made already, without phase timings nor cache reach (tests, benchmarks).
   *
   * @param settings the runner's {@code container:} settings, e.g. {@link
   *     DockerSettings#defaults()}
   */
  public DockerBackend(DockerClient docker, DockerSettings settings) {
    this(() -> docker, settings, PhaseListener.NONE, Optional.empty());
  }

  /**
   * Closes the docker-java client if a job made it (for a process that ends, such as {@code exec});
   * never throws. Jobs must not be opened after.
   */
  public void close() {
    engine
        .made()
        .ifPresent(
            e -> {
              try {
                e.docker().close();
              } catch (IOException | RuntimeException x) {
                LOG.debug("closing the Docker client: {}", x.toString());
              }
            });
  }

  @Override
  public String name() {
    return "docker";
  }

  /**
   * Checks, without touching the engine, what {@link #open} and the job's {@code docker://} steps
   * would be refused: options, ports and volumes of every container ({@link ContainerPlan}, with
   * {@code container.allowed_options}, {@code container.valid_volumes} and the profile's policy)
   * and the registries of the job, service and step images.
   */
  @Override
  public void check(JobSpec spec, List<String> stepImages) throws BackendException {
    ContainerPlan.of(spec, settings);
    OptionPolicy policy = settings.policy();
    Images.checkRegistry(spec.image(), "job container", policy);
    for (JobSpec.ServiceSpec s : spec.services()) {
      Images.checkRegistry(s.image(), "service " + s.name(), policy);
    }
    for (String image : stepImages) {
      Images.checkRegistry(image, "step uses: docker://" + image, policy);
    }
  }

  @Override
  public JobEnvironment open(JobSpec spec, LineSink setupLog) throws BackendException {
    Engine e = engine.get();
    teardownRetry.retry(e.docker()); // what an earlier job's failed teardown left, if anything
    return DockerJobEnvironment.open(
        e.docker(),
        spec,
        e.images(),
        settings,
        new Phases(phases),
        cacheReach,
        setupLog,
        teardownRetry);
  }
}
