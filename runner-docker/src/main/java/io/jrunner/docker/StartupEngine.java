// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon asks a Docker engine outside jobs: the client it asks with, the start-up sweep of
 * what an earlier, crashed run of the same runner left, and the metrics endpoint's health ping. On
 * {@link EngineApi}, so that an idle daemon loads no docker-java; on docker-java only for a TLS
 * host, which {@link EngineApi} does not speak. Stateless.
 */
public final class StartupEngine {
  private static final Logger LOG = LoggerFactory.getLogger(StartupEngine.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private StartupEngine() {}

  /**
   * The start-up client of {@code host}.
   *
   * @param env the process environment ({@code DOCKER_TLS_VERIFY})
   * @return empty for a TLS host
   */
  public static Optional<EngineApi> client(String host, Map<String, String> env) {
    return EngineApi.supports(host, env)
        ? Optional.of(EngineApi.of(host, TIMEOUT))
        : Optional.empty();
  }

  /**
   * Removes what an earlier run of {@code runnerId} left on {@code host}: first the runner's own
   * container leaves its jobs' networks (when jrunner runs in a container and was killed mid-job),
   * then the labelled containers, networks and volumes go. Failures are logged, never thrown: a
   * sweep that cannot run must not stop the daemon.
   *
   * @param env the process environment ({@code DOCKER_TLS_VERIFY})
   */
  public static void sweep(String host, String runnerId, Map<String, String> env) {
    try {
      Optional<EngineApi> api = client(host, env);
      if (api.isPresent()) {
        EngineApi engine = api.get();
        RunnerContainer.detect(engine).ifPresent(me -> new CacheReach(engine, me).sweep(runnerId));
        new Reaper(engine).sweep(runnerId);
      } else {
        try (DockerClient docker = DockerClients.create(host, TIMEOUT)) {
          new Reaper(docker).sweep(runnerId);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot sweep leftovers of earlier runs: {}", e.getMessage());
    }
  }

  /**
   * {@link Reaper#sweepOrphans} on {@code host}, for {@code exec}: what runs killed without
   * cleaning up left.
   *
   * @param env the process environment ({@code DOCKER_TLS_VERIFY})
   * @throws RuntimeException when the engine cannot list its objects
   */
  public static Reaper.Swept sweepOrphans(
      String host, Predicate<String> orphaned, Map<String, String> env) throws IOException {
    Optional<EngineApi> api = client(host, env);
    if (api.isPresent()) {
      return new Reaper(api.get()).sweepOrphans(orphaned);
    }
    try (DockerClient docker = DockerClients.create(host, TIMEOUT)) {
      return new Reaper(docker).sweepOrphans(orphaned);
    }
  }

  /**
   * Whether the engine at {@code host} answers {@code GET /_ping} within {@code timeout}.
   *
   * @param env the process environment ({@code DOCKER_TLS_VERIFY})
   * @throws RuntimeException or IOException with the reason when it does not
   */
  public static void ping(String host, Duration timeout, Map<String, String> env)
      throws IOException {
    if (EngineApi.supports(host, env)) {
      EngineApi.of(host, timeout).ping();
      return;
    }
    try (DockerClient docker = DockerClients.create(host, timeout)) {
      docker.pingCmd().exec();
    }
  }
}
