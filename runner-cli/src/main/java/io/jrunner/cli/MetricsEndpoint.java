// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.config.MetricsSection;
import io.jrunner.docker.StartupEngine;
import io.jrunner.metrics.MetricsServer;
import io.jrunner.metrics.ObservedClient;
import io.jrunner.metrics.RunnerMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the daemon's {@code metrics.addr} endpoint when configured: Docker health from a ping
 * cached for 15 s, readiness from the last poll (answered, and not older than {@code stale}) and
 * the engine.
 */
final class MetricsEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
  private static final Duration PING_EVERY = Duration.ofSeconds(15);

  private MetricsEndpoint() {}

  /**
   * @param dockerHost the engine jobs use, when this runner has Docker labels
   * @param stale a poll older than this makes the runner not ready
   * @throws UserError (exit 3) when the address cannot be bound
   */
  static Optional<MetricsServer> start(
      MetricsSection section,
      RunnerMetrics metrics,
      ObservedClient client,
      Optional<String> dockerHost,
      Duration stale,
      Clock clock)
      throws UserError {
    if (section.addr().isEmpty()) {
      return Optional.empty();
    }
    MetricsSection.Address addr = section.addr().get();
    dockerHost.ifPresent(host -> metrics.dockerHealth(new CachedPing(host, clock)::up));
    try {
      MetricsServer server =
          MetricsServer.start(
              new InetSocketAddress(addr.host(), addr.port()),
              metrics,
              () -> notReady(metrics, client, stale, clock));
      LOG.info("serving /metrics, /healthz and /readyz on http://{}", addr);
      return Optional.of(server);
    } catch (IOException | RuntimeException e) {
      throw new UserError(
          ExitCode.CONFIG, "metrics.addr: cannot listen on " + addr + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> notReady(
      RunnerMetrics metrics, ObservedClient client, Duration stale, Clock clock) {
    if (client.lastPollAt() == 0) {
      return Optional.of("no poll has been answered yet");
    }
    if (!client.lastPollOk()) {
      return Optional.of("the last poll of the server failed");
    }
    if (clock.millis() - client.lastPollAt() > stale.toMillis()) {
      return Optional.of("no poll for more than " + stale.toSeconds() + "s");
    }
    if (metrics.dockerUp().filter(up -> !up).isPresent()) {
      return Optional.of("the Docker engine does not answer");
    }
    return Optional.empty();
  }

  /** The engine's ping, at most once per {@link #PING_EVERY}. */
  private static final class CachedPing {
    private final ReentrantLock lock = new ReentrantLock();
    private final String host;
    private final Clock clock;
    private long checkedAt = Long.MIN_VALUE;
    private boolean up;

    CachedPing(String host, Clock clock) {
      this.host = host;
      this.clock = clock;
    }

    boolean up() {
      lock.lock();
      try {
        long now = clock.millis();
        if (checkedAt == Long.MIN_VALUE || now - checkedAt >= PING_EVERY.toMillis()) {
          up = ping();
          checkedAt = now;
        }
        return up;
      } finally {
        lock.unlock();
      }
    }

    private boolean ping() {
      try {
        StartupEngine.ping(host, Duration.ofSeconds(5), System.getenv());
        return true;
      } catch (IOException | RuntimeException e) {
        LOG.debug("Docker ping of {} failed: {}", host, e.toString());
        return false;
      }
    }
  }
}
