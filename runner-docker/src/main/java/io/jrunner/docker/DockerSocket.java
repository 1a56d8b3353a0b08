// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What job containers see of the Docker engine ({@code container.docker_host}): nothing, the
 * engine's socket bind-mounted at {@value #TARGET}, or a {@code DOCKER_HOST} URL in their
 * environment. Service containers never get it. Pure values.
 */
sealed interface DockerSocket {
  /** Where the socket appears in job containers. */
  String TARGET = "/var/run/docker.sock";

  /** {@code -} (the default): jobs see no engine. */
  record None() implements DockerSocket {}

  /** The socket at {@code hostPath} is mounted at {@value #TARGET}. */
  record Mount(String hostPath) implements DockerSocket {}

  /** Jobs get {@code DOCKER_HOST=url}. */
  record Env(String url) implements DockerSocket {}

  /**
   * @param dockerHost {@code container.docker_host}: {@code -} or empty, {@code automount} (the
   *     first engine found as the daemon finds it: {@code DOCKER_HOST}, then the usual sockets), a
   *     {@code unix://} URL (mounted) or a {@code tcp://} URL (given as {@code DOCKER_HOST})
   * @param env the runner's environment (for {@code DOCKER_HOST} and {@code HOME})
   * @param exists whether a socket path exists (injected for tests)
   * @throws IllegalArgumentException for a URL scheme that can be neither mounted nor passed on
   */
  static DockerSocket of(String dockerHost, Map<String, String> env, Predicate<Path> exists) {
    String value = dockerHost == null ? "" : dockerHost.strip();
    if (value.isEmpty() || value.equals("-")) {
      return new None();
    }
    if (value.equals("automount")) {
      for (String candidate : DockerHosts.candidates("-", env, exists)) {
        DockerSocket socket = ofUrl(candidate);
        if (socket instanceof Mount m && !exists.test(Path.of(m.hostPath()))) {
          continue;
        }
        return socket;
      }
      return new None();
    }
    return ofUrl(value);
  }

  private static DockerSocket ofUrl(String url) {
    if (url.startsWith("unix://")) {
      return new Mount(url.substring("unix://".length()));
    }
    if (url.startsWith("tcp://") || url.startsWith("http://") || url.startsWith("https://")) {
      return new Env(url);
    }
    if (url.startsWith("/")) {
      return new Mount(url);
    }
    throw new IllegalArgumentException(
        "container.docker_host: cannot give jobs "
            + url
            + " (use -, automount, unix:// or tcp://)");
  }
}
