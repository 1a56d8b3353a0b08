// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.LineSink;
import java.time.Duration;
import java.util.List;

/**
 * Waits until a started service container is healthy, when its image or options define a health
 * check (services without one are ready at once). Fails when Docker reports it {@code unhealthy},
 * when it exits, or when it is still starting after the time its health check allows (start period
 * plus {@code retries + 1} intervals and timeouts, plus a margin), capped by {@code max}. Progress
 * goes to the job's setup log. Thread-safe; blocks the calling thread.
 */
final class HealthWait {
  /** How often the state is read. */
  static final Duration POLL = Duration.ofMillis(500);

  /** How often a "still waiting" line is logged. */
  static final Duration PROGRESS = Duration.ofSeconds(10);

  /** Docker's defaults for a health check's unset fields. */
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final int DEFAULT_RETRIES = 3;
  private static final Duration MARGIN = Duration.ofSeconds(10);

  private final DockerClient docker;
  private final Duration max;

  HealthWait(DockerClient docker, Duration max) {
    this.docker = docker;
    this.max = max;
  }

  /**
   * @param service the service's name, for the log and messages
   * @throws BackendException when the service becomes unhealthy, exits, or takes too long
   */
  void await(String service, String containerId, LineSink log) throws BackendException {
    InspectContainerResponse first = inspect(service, containerId);
    if (first.getState() == null || first.getState().getHealth() == null) {
      return;
    }
    Duration bound = bound(first.getConfig() == null ? null : first.getConfig().getHealthcheck());
    log.line(false, "Waiting for service " + service + " to be healthy");
    long start = System.nanoTime();
    long nextProgress = start + PROGRESS.toNanos();
    while (true) {
      InspectContainerResponse now = inspect(service, containerId);
      InspectContainerResponse.ContainerState state = now.getState();
      HealthState health = state.getHealth();
      String status = health == null ? "none" : health.getStatus();
      long elapsed = System.nanoTime() - start;
      if ("healthy".equals(status)) {
        log.line(false, "Service " + service + " is healthy");
        return;
      }
      if (!Boolean.TRUE.equals(state.getRunning())) {
        throw new BackendException(
            "service "
                + service
                + " stopped before it was healthy (exit code "
                + state.getExitCodeLong()
                + ")"
                + lastProbe(health));
      }
      if ("unhealthy".equals(status)) {
        throw new BackendException("service " + service + " is unhealthy" + lastProbe(health));
      }
      if (elapsed > bound.toNanos()) {
        throw new BackendException(
            "service "
                + service
                + " did not get healthy within "
                + bound.toSeconds()
                + "s (health: "
                + status
                + ")"
                + lastProbe(health));
      }
      if (System.nanoTime() >= nextProgress) {
        log.line(
            false,
            "Service "
                + service
                + " is not healthy yet ("
                + status
                + ", "
                + Duration.ofNanos(elapsed).toSeconds()
                + "s)");
        nextProgress += PROGRESS.toNanos();
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("interrupted while waiting for service " + service, e);
      }
    }
  }

  /** How long the health check may take to settle, capped by {@code max}. */
  Duration bound(HealthCheck check) {
    Duration interval = positive(check == null ? null : check.getInterval(), DEFAULT_INTERVAL);
    Duration timeout = positive(check == null ? null : check.getTimeout(), DEFAULT_TIMEOUT);
    Duration start = positive(check == null ? null : check.getStartPeriod(), Duration.ZERO);
    int retries =
        check == null || check.getRetries() == null || check.getRetries() <= 0
            ? DEFAULT_RETRIES
            : check.getRetries();
    Duration bound = start.plus(interval.plus(timeout).multipliedBy(retries + 1L)).plus(MARGIN);
    return bound.compareTo(max) > 0 ? max : bound;
  }

  private static Duration positive(Long nanos, Duration fallback) {
    return nanos == null || nanos <= 0 ? fallback : Duration.ofNanos(nanos);
  }

  /** The last probe's output, for the message (the service's own output, not the runner's). */
  private static String lastProbe(HealthState health) {
    if (health == null || health.getLog() == null || health.getLog().isEmpty()) {
      return "";
    }
    List<HealthStateLog> log = health.getLog();
    HealthStateLog last = log.getLast();
    String output = last.getOutput() == null ? "" : last.getOutput().strip();
    if (output.length() > 500) {
      output = output.substring(0, 500) + "…";
    }
    return "; last health check: exit code "
        + last.getExitCodeLong()
        + (output.isEmpty() ? "" : ", output: " + output);
  }

  private InspectContainerResponse inspect(String service, String id) throws BackendException {
    try {
      return docker.inspectContainerCmd(id).exec();
    } catch (RuntimeException e) {
      throw DockerFailures.of("cannot inspect service " + service, e);
    }
  }
}
