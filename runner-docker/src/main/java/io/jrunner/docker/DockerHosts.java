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
 * {@code container.docker_host}, else {@code DOCKER_HOST} (either one alone: no fallback when the
 * named engine does not answer), else the usual sockets of Docker, Podman, Colima and rootless
 * setups. Pure and thread-safe.
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
    Optional<String> chosen = explicit(configured, env);
    if (chosen.isPresent()) {
      // A host named by the user is the only one: falling back to another engine (often the
      // root one at /var/run/docker.sock) would run jobs where the user said not to.
      return List.of(chosen.get());
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
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

  /**
   * The engine the user named, if any: {@code container.docker_host} (unless empty, {@code -} or
   * {@code automount}), else {@code DOCKER_HOST}.
   */
  public static Optional<String> explicit(String configured, Map<String, String> env) {
    if (configured != null
        && !configured.isBlank()
        && !configured.equals("-")
        && !configured.equals("automount")) {
      return Optional.of(configured);
    }
    return Optional.ofNullable(env.get("DOCKER_HOST")).filter(s -> !s.isBlank());
  }

  /** Which setting named the engine, for messages: {@code container.docker_host} or DOCKER_HOST. */
  public static Optional<String> explicitSource(String configured, Map<String, String> env) {
    return explicit(configured, env)
        .map(h -> h.equals(configured) ? "container.docker_host" : "DOCKER_HOST");
  }

  /** {@link #candidates(String, Map, java.util.function.Predicate)} against the real disk. */
  public static List<String> candidates(String configured, Map<String, String> env) {
    return candidates(configured, env, Files::exists);
  }
}
