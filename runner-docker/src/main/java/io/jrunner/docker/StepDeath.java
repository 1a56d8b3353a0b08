// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import io.jrunner.exec.BackendException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Says what the engine knows about a step that ended by a signal (exit code 128 + n, or none): the
 * job container stopped under it (killed from outside the runner, or by the kernel for lack of
 * memory: the engine's {@code OOMKilled}), or the step alone was killed by the kernel for lack of
 * memory (the engine's {@code oom} event for the container since the step started). Wording is
 * {@link DockerFailures}'. Stateless; any thread. Never throws for a failed inspection: it then
 * says nothing more.
 */
final class StepDeath {
  /** How long a container with a kill, die or stop event may take to be marked stopped. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private StepDeath() {}

  /** What the step's end tells: nothing, a line to add, or the container is gone. */
  sealed interface Verdict {
    /** Nothing more to say: the exit code is the step's own. */
    record Plain() implements Verdict {}

    /** The step was killed, the container still runs: a line for the step's log. */
    record Line(String text) implements Verdict {}

    /** The job container stopped: the step and the job cannot go on. */
    record Stopped(BackendException error) implements Verdict {}
  }

  /**
   * @param exitCode the step's exit code; -1 when the engine gave none
   * @param startedAt when the step was started
   */
  static Verdict of(DockerClient docker, String container, int exitCode, Instant startedAt) {
    if (exitCode >= 0 && exitCode < 128) {
      return new Verdict.Plain();
    }
    InspectContainerResponse.ContainerState state;
    try {
      state = docker.inspectContainerCmd(container).exec().getState();
    } catch (RuntimeException e) {
      return new Verdict.Stopped(DockerFailures.of("the job container is gone", e));
    }
    if (!Boolean.TRUE.equals(state.getRunning())) {
      return stopped(state);
    }
    // The exec's stream can end before the engine marks a killed container stopped: its own
    // kill, die or stop event, recorded before the signal is sent, settles the race.
    Set<String> seen = eventsSince(docker, container, startedAt);
    if (seen.contains("kill") || seen.contains("die") || seen.contains("stop")) {
      Optional<InspectContainerResponse.ContainerState> after = stoppedState(docker, container);
      if (after.isPresent()) {
        return stopped(after.get());
      }
    }
    return seen.contains("oom")
        ? new Verdict.Line(DockerFailures.stepOutOfMemory(exitCode))
        : new Verdict.Plain();
  }

  /**
   * What to say when a step could not be started because the job container is not running (the
   * engine's 409): the container's state, as for a step that ran when it stopped.
   */
  static BackendException notRunning(DockerClient docker, String container, RuntimeException e) {
    try {
      return stopped(docker.inspectContainerCmd(container).exec().getState()).error();
    } catch (RuntimeException x) {
      e.addSuppressed(x);
      return DockerFailures.of("the job container is gone", e);
    }
  }

  private static Verdict.Stopped stopped(InspectContainerResponse.ContainerState state) {
    return new Verdict.Stopped(
        DockerFailures.containerStopped(
            Boolean.TRUE.equals(state.getOOMKilled()), state.getExitCodeLong()));
  }

  /** The container's state once the engine has it stopped, waiting up to {@link #SETTLE}. */
  private static Optional<InspectContainerResponse.ContainerState> stoppedState(
      DockerClient docker, String container) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    try {
      while (true) {
        var state = docker.inspectContainerCmd(container).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
          return Optional.of(state);
        }
        if (System.nanoTime() > deadline) {
          return Optional.empty(); // a signal sent with docker kill --signal: it still runs
        }
        Thread.sleep(50);
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The engine's oom, kill, die and stop events for the container since {@code from}. */
  private static Set<String> eventsSince(DockerClient docker, String container, Instant from) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (var events =
        docker
            .eventsCmd()
            .withContainerFilter(container)
            .withEventFilter("oom", "kill", "die", "stop")
            .withSince(epoch(from.minusSeconds(1)))
            .withUntil(epoch(Instant.now())) // in the past: the answer ends at once
            .exec(
                new ResultCallback.Adapter<Event>() {
                  @Override
                  public void onNext(Event event) {
                    if (event.getAction() != null) {
                      seen.add(event.getAction());
                    } else if (event.getStatus() != null) {
                      seen.add(event.getStatus());
                    }
                  }
                })) {
      events.awaitCompletion(10, TimeUnit.SECONDS);
    } catch (java.io.IOException | RuntimeException e) {
      return seen;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return seen;
  }

  /** The engine's timestamp form, {@code seconds.nanoseconds}. */
  private static String epoch(Instant at) {
    return String.format(java.util.Locale.ROOT, "%d.%09d", at.getEpochSecond(), at.getNano());
  }
}
