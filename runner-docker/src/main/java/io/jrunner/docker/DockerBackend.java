// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecutionBackend;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import java.util.List;
import java.util.Optional;

/** {@link ExecutionBackend} on a Docker engine. Thread-safe; one per runner. */
public final class DockerBackend implements ExecutionBackend {
  private final DockerClient docker;
  private final Images images;
  private final DockerSettings settings;
  private final PhaseListener phases;
  private final Optional<CacheReach> cacheReach;
  private final TeardownRetry teardownRetry = new TeardownRetry();

  /**
   * @param settings the runner's {@code container:} settings
   */
  public DockerBackend(DockerClient docker, DockerSettings settings) {
    this(docker, settings, PhaseListener.NONE, Optional.empty());
  }

  /**
   * @param settings the runner's {@code container:} settings
   * @param phases told how long each set-up and tear-down phase of every job took
   */
  public DockerBackend(DockerClient docker, DockerSettings settings, PhaseListener phases) {
    this(docker, settings, phases, Optional.empty());
  }

  /**
   * @param settings the runner's {@code container:} settings
   * @param cacheReach when jrunner runs in a container: joins it to each job's network so that the
   *     job reaches the cache proxy
   */
  public DockerBackend(
      DockerClient docker, DockerSettings settings, Optional<CacheReach> cacheReach) {
    this(docker, settings, PhaseListener.NONE, cacheReach);
  }

  /**
   * @param settings the runner's {@code container:} settings
   * @param phases told how long each set-up and tear-down phase of every job took
   * @param cacheReach when jrunner runs in a container: joins it to each job's network so that the
   *     job reaches the cache proxy
   */
  public DockerBackend(
      DockerClient docker,
      DockerSettings settings,
      PhaseListener phases,
      Optional<CacheReach> cacheReach) {
    this.docker = docker;
    this.settings = settings;
    this.phases = phases;
    this.cacheReach = cacheReach;
    this.images =
        new Images(docker, settings.forcePull(), RegistryAuth.fromEnvironment(), settings.policy());
  }

  /**
   * The defaults of {@link DockerSettings#defaults()}.
   *
   * @param forcePull pull images even when present ({@code container.force_pull})
   */
  public DockerBackend(DockerClient docker, boolean forcePull) {
    this(docker, forcePull, PhaseListener.NONE);
  }

  /**
   * The defaults of {@link DockerSettings#defaults()}, with a {@link PhaseListener}.
   *
   * @param forcePull pull images even when present ({@code container.force_pull})
   */
  public DockerBackend(DockerClient docker, boolean forcePull, PhaseListener phases) {
    this(
        docker,
        new DockerSettings(
            forcePull,
            "",
            false,
            "",
            java.util.List.of(),
            new DockerSocket.None(),
            OptionPolicy.STRICT,
            DockerSettings.HEALTH_TIMEOUT),
        phases);
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
    teardownRetry.retry(docker); // what an earlier job's failed teardown left, if anything
    return DockerJobEnvironment.open(
        docker, spec, images, settings, new Phases(phases), cacheReach, setupLog, teardownRetry);
  }
}
