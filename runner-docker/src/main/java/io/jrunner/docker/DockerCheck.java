// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a Docker engine that answers, for the daemon's start-up check: jobs on {@code docker://}
 * labels cannot run without one, and "Cannot connect to the Docker daemon" is the first failure
 * users meet, so it is reported at start with every place that was tried.
 *
 * <p>Asks with {@link EngineApi}, so that a daemon's start loads no docker-java; a TLS host ({@code
 * DOCKER_TLS_VERIFY}), which that client does not speak, is asked with docker-java.
 *
 * <p>Thread-safe; each call opens and closes its own connections.
 */
public final class DockerCheck {
  private final Duration timeout;

  public DockerCheck(Duration timeout) {
    this.timeout = timeout;
  }

  /** The engine that answered: where, and its version. */
  public record Engine(String host, String version, String apiVersion) {}

  /**
   * Pings each candidate in order and returns the first that answers.
   *
   * @throws DockerUnavailableException listing each candidate and why it failed
   */
  public Engine find(List<String> candidates) throws DockerUnavailableException {
    List<String> failures = new ArrayList<>();
    for (String host : candidates) {
      try {
        EngineApi.Version version =
            EngineApi.supports(host, System.getenv())
                ? EngineApi.of(host, timeout).version()
                : DockerClients.version(host, timeout);
        return new Engine(host, version.version(), version.apiVersion());
      } catch (RuntimeException | IOException e) {
        failures.add(host + ": " + rootMessage(e));
      }
    }
    throw new DockerUnavailableException(failures);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** No candidate answered. */
  public static final class DockerUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> attempts;

    DockerUnavailableException(List<String> attempts) {
      super("cannot reach a Docker engine (tried " + String.join("; ", attempts) + ")");
      this.attempts = List.copyOf(attempts);
    }

    public List<String> attempts() {
      return attempts;
    }
  }
}
