// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where to find the Docker engine, in forgejo-runner's order (protocol.md §5.5): the configured
 * {@code container.docker_host}, then {@code DOCKER_HOST}, then the usual sockets of Docker,
 * Podman, Colima and rootless setups. Pure and thread-safe.
 */
public final class DockerHosts {
  private DockerHosts() {}

  /**
   * The candidates to try, in order.
   *
   * @param configured {@code container.docker_host}: empty, {@code -} or {@code automount} mean
   *     "detect"; anything else is used as given
   * @param env the process environment
   * @param exists whether a socket path exists (injected for tests)
   */
  public static List<String> candidates(
      String configured, Map<String, String> env, java.util.function.Predicate<Path> exists) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    if (configured != null
        && !configured.isBlank()
        && !configured.equals("-")
        && !configured.equals("automount")) {
      out.add(configured);
    }
    Optional.ofNullable(env.get("DOCKER_HOST")).filter(s -> !s.isBlank()).ifPresent(out::add);
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    String xdg = env.get("XDG_RUNTIME_DIR");
    List<String> sockets = new ArrayList<>();
    sockets.add("/var/run/docker.sock");
    sockets.add("/run/podman/podman.sock");
    if (home != null) {
      sockets.add(home + "/.colima/docker.sock");
      sockets.add(home + "/.docker/run/docker.sock");
    }
    if (xdg != null) {
      sockets.add(xdg + "/docker.sock");
      sockets.add(xdg + "/podman/podman.sock");
    }
    for (String socket : sockets) {
      if (exists.test(Path.of(socket))) {
        out.add("unix://" + socket);
      }
    }
    if (out.isEmpty()) {
      out.add("unix:///var/run/docker.sock");
    }
    return List.copyOf(out);
  }

  /** {@link #candidates(String, Map, java.util.function.Predicate)} against the real disk. */
  public static List<String> candidates(String configured, Map<String, String> env) {
    return candidates(configured, env, Files::exists);
  }
}
