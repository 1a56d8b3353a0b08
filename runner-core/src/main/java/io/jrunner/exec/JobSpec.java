// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a job's environment is made of.
 *
 * @param runnerId identifies this runner's objects (labels on every container, network, volume), so
 *     a sweep after a crash finds exactly its leftovers
 * @param taskId the task (or a local run's id), also labelled on every object
 * @param image the job container's image
 * @param env the job container's environment
 * @param workdir the job's working directory inside the container
 * @param services service containers, each reachable from the job by its key as host name
 * @param container the ports, volumes and options of the job's {@code container:}
 * @param pullCredentials registry credentials by image reference (from {@code container:} and
 *     {@code services:}, see {@link PullCredentials}); an image without an entry is pulled with the
 *     runner user's Docker login for its registry, if any
 */
public record JobSpec(
    String runnerId,
    long taskId,
    String image,
    Map<String, String> env,
    String workdir,
    List<ServiceSpec> services,
    ContainerSetup container,
    Map<String, RegistryCredentials> pullCredentials) {
  public JobSpec {
    Objects.requireNonNull(runnerId, "runnerId");
    Objects.requireNonNull(image, "image");
    env = Map.copyOf(env);
    Objects.requireNonNull(workdir, "workdir");
    services = List.copyOf(services);
    Objects.requireNonNull(container, "container");
    pullCredentials = Map.copyOf(pullCredentials);
  }

  /** A job whose images are pulled without credentials of their own. */
  public JobSpec(
      String runnerId,
      long taskId,
      String image,
      Map<String, String> env,
      String workdir,
      List<ServiceSpec> services,
      ContainerSetup container) {
    this(runnerId, taskId, image, env, workdir, services, container, Map.of());
  }

  /** A job container with no ports, volumes or options of its own. */
  public JobSpec(
      String runnerId,
      long taskId,
      String image,
      Map<String, String> env,
      String workdir,
      List<ServiceSpec> services) {
    this(runnerId, taskId, image, env, workdir, services, ContainerSetup.NONE, Map.of());
  }

  /** This job with {@code pullCredentials} instead of its own (see {@link PullCredentials}). */
  public JobSpec withPullCredentials(Map<String, RegistryCredentials> pullCredentials) {
    return new JobSpec(runnerId, taskId, image, env, workdir, services, container, pullCredentials);
  }

  /**
   * A service container.
   *
   * @param name its key under {@code services:}, the DNS alias on the job network
   * @param image its image
   * @param env its environment
   * @param command replaces the image's command; empty keeps it
   * @param setup its ports, volumes and options
   */
  public record ServiceSpec(
      String name,
      String image,
      Map<String, String> env,
      List<String> command,
      ContainerSetup setup) {
    public ServiceSpec {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(image, "image");
      env = Map.copyOf(env);
      command = List.copyOf(command);
      Objects.requireNonNull(setup, "setup");
    }

    /** A service with no ports, volumes or options. */
    public ServiceSpec(String name, String image, Map<String, String> env, List<String> command) {
      this(name, image, env, command, ContainerSetup.NONE);
    }
  }

  /** Names the environment's variables, never their values (they may be tokens or secrets). */
  @Override
  public String toString() {
    return "JobSpec[runnerId="
        + runnerId
        + ", taskId="
        + taskId
        + ", image="
        + image
        + ", env="
        + new java.util.TreeSet<>(env.keySet())
        + ", workdir="
        + workdir
        + ", services="
        + services.size()
        + ", pullCredentials="
        + pullCredentials
        + "]";
  }
}
