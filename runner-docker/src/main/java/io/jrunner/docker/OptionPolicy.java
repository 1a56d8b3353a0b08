// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.config.PolicySection;
import io.jrunner.exec.BackendException;
import io.jrunner.policy.Glob;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What workflows may reach beyond their containers: the host-reaching options ({@link
 * ContainerOption.Reach#HOST}) named in {@code container.allowed_options}, and, under a profile's
 * {@code policy:}, host paths, the Docker socket and image registries. The runner's own {@code
 * container.options} are trusted and not checked. This is the one place these rules live: the
 * pre-run check ({@link DockerBackend#check}) and the creation of a job's objects both use it.
 * Pure; immutable.
 *
 * @param allowed long names of the host-reaching options workflows may use
 * @param policy the profile's policy (its {@code docker_socket}, {@code host_volumes} and {@code
 *     registries}; {@link PolicySection#open()} without a profile)
 */
record OptionPolicy(Set<String> allowed, PolicySection policy) {
  /** Workflows may use no host-reaching option; no profile policy. */
  static final OptionPolicy STRICT = new OptionPolicy(Set.of(), PolicySection.open());

  /** Paths of the usual engine sockets, besides any {@code *.sock} file. */
  private static final List<String> SOCKETS =
      List.of(
          "/var/run/docker.sock",
          "/run/docker.sock",
          "/run/podman/podman.sock",
          "/var/run/containerd/containerd.sock",
          "/run/containerd/containerd.sock");

  OptionPolicy {
    allowed = Set.copyOf(allowed);
    Objects.requireNonNull(policy, "policy");
  }

  /**
   * @param names option names as an admin writes them: {@code --cap-add}, {@code cap-add}, {@code
   *     --net}
   * @throws IllegalArgumentException naming an option jrunner does not know
   */
  static OptionPolicy of(Collection<String> names) {
    return of(names, PolicySection.open());
  }

  /**
   * {@link #of(Collection)} under a profile's policy.
   *
   * @throws IllegalArgumentException naming an option jrunner does not know
   */
  static OptionPolicy of(Collection<String> names, PolicySection policy) {
    Set<String> allowed = new TreeSet<>();
    for (String name : names) {
      String spelled = name.startsWith("-") ? name : "--" + name;
      ContainerOption option =
          ContainerOption.named(spelled)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          policy.containerKeyOf("allowed_options") + ": unknown option " + name));
      allowed.add(option.longName());
    }
    return new OptionPolicy(allowed, policy);
  }

  /**
   * @param options a workflow's options
   * @param where what they belong to, for the message ({@code service db})
   * @throws BackendException naming each refused option and how an admin can allow it
   */
  void check(ContainerOptions options, String where) throws BackendException {
    Set<String> refused = new TreeSet<>(options.hostReaching());
    refused.removeAll(allowed);
    if (!refused.isEmpty()) {
      throw new BackendException(
          where
              + ": options: "
              + String.join(", ", refused)
              + (refused.size() == 1 ? " is" : " are")
              + " refused: it reaches beyond the container; the runner's administrator can allow"
              + " it in "
              + policy.containerKeyOf("allowed_options"));
    }
  }

  /**
   * The profile's rules for mounts a workflow asks for (after {@code container.valid_volumes}
   * allowed them): no engine socket (nor a directory holding one) unless {@code
   * policy.docker_socket}, no host path unless {@code policy.host_volumes}.
   *
   * @throws BackendException naming the first refused mount and the key that refuses it
   */
  void checkMounts(List<VolumeMount> mounts, String where) throws BackendException {
    for (VolumeMount m : mounts) {
      if (!(m instanceof VolumeMount.Bind bind)) {
        continue;
      }
      if (!policy.dockerSocket() && reachesSocket(bind.source())) {
        throw new BackendException(
            where
                + ": volume "
                + bind.source()
                + " gives the job the Docker engine, which this runner refuses ("
                + policy.keyOf("docker_socket")
                + " is false)");
      }
      if (!policy.hostVolumes()) {
        throw new BackendException(
            where
                + ": volume "
                + bind.source()
                + " is a path of the host, which this runner refuses ("
                + policy.keyOf("host_volumes")
                + " is false)");
      }
    }
  }

  /**
   * The profile's registry allow-list ({@code policy.registries}).
   *
   * @param registry the image's registry host ({@code docker.io} for Docker Hub)
   * @param where what the image belongs to ({@code job container}, {@code step 2})
   * @throws BackendException when the registry is not allowed
   */
  void checkRegistry(String image, String registry, String where) throws BackendException {
    List<String> registries = policy.registries();
    if (!registries.isEmpty() && registries.stream().noneMatch(g -> Glob.matches(g, registry))) {
      throw new BackendException(
          where
              + ": image "
              + image
              + " comes from "
              + registry
              + ", which this runner refuses ("
              + policy.keyOf("registries")
              + " is "
              + registries
              + ")");
    }
  }

  /** Whether a bind of {@code source} shows the job an engine socket. */
  static boolean reachesSocket(String source) {
    Path path = Path.of(source).normalize();
    if (path.getFileName() != null && path.getFileName().toString().endsWith(".sock")) {
      return true;
    }
    return SOCKETS.stream().anyMatch(s -> Path.of(s).startsWith(path));
  }
}
