// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.config.ContainerSection;
import io.jrunner.config.PolicySection;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The runner's {@code container:} settings as the Docker backend uses them. Immutable.
 *
 * @param forcePull pull images even when present
 * @param network {@code ""}: one network per job; {@code host}, {@code bridge} or a network's name:
 *     every container of the job joins it (no network is created)
 * @param privileged create job and service containers privileged
 * @param options {@code container.options}, trusted (not checked against {@code policy}), applied
 *     to every job container before the workflow's own options
 * @param validVolumes globs of the named volumes and bind mounts workflows may mount
 * @param socket what job containers see of the Docker engine
 * @param policy the host-reaching options workflows may use
 * @param healthTimeout the longest jrunner waits for a service to get healthy, whatever its health
 *     check says
 */
public record DockerSettings(
    boolean forcePull,
    String network,
    boolean privileged,
    String options,
    List<String> validVolumes,
    DockerSocket socket,
    OptionPolicy policy,
    Duration healthTimeout) {
  /** The default bound of {@link #healthTimeout}. */
  public static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(10);

  public DockerSettings {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(options, "options");
    validVolumes = List.copyOf(validVolumes);
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(healthTimeout, "healthTimeout");
  }

  /** forgejo-runner's defaults: per-job networks, nothing mounted, nothing allowed. */
  public static DockerSettings defaults() {
    return new DockerSettings(
        false,
        "",
        false,
        "",
        List.of(),
        new DockerSocket.None(),
        OptionPolicy.STRICT,
        HEALTH_TIMEOUT);
  }

  /**
   * @param env the runner's environment, for {@code docker_host: automount}
   * @throws IllegalArgumentException for an unknown name in {@code allowed_options} or a {@code
   *     docker_host} that cannot be given to jobs
   */
  public static DockerSettings of(ContainerSection c, Map<String, String> env) {
    return of(c, PolicySection.open(), env);
  }

  /**
   * {@link #of(ContainerSection, Map)} under a profile's policy: its {@code docker_socket}, {@code
   * host_volumes} and {@code registries} join {@code valid_volumes} and {@code allowed_options} in
   * {@link #policy}.
   *
   * @throws IllegalArgumentException as {@link #of(ContainerSection, Map)}
   */
  public static DockerSettings of(
      ContainerSection c, PolicySection policy, Map<String, String> env) {
    return new DockerSettings(
        c.forcePull(),
        c.network(),
        c.privileged(),
        c.options(),
        c.validVolumes(),
        DockerSocket.of(c.dockerHost(), env, Files::exists),
        OptionPolicy.of(c.allowedOptions(), policy),
        HEALTH_TIMEOUT);
  }

  /** A copy with another {@link #network}. */
  public DockerSettings withNetwork(String value) {
    return new DockerSettings(
        forcePull, value, privileged, options, validVolumes, socket, policy, healthTimeout);
  }
}
