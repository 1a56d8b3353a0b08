// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import io.jrunner.exec.BackendException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Says what the engine knows about a step that ended by a signal (exit code 128 + n, or none): the
 * job container stopped under it (killed from outside the runner, or by the kernel for lack of
 * memory: the engine's {@code OOMKilled}), or the step alone was killed by the kernel for lack of
 * memory (the engine's {@code oom} event for the container since the step started). Wording is
 * {@link DockerFailures}'. Stateless; any thread. Never throws for a failed inspection: it then
 * says nothing more.
 */
final class StepDeath {
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
    boolean running = Boolean.TRUE.equals(state.getRunning());
    if (!running) {
      return new Verdict.Stopped(
          DockerFailures.containerStopped(
              Boolean.TRUE.equals(state.getOOMKilled()), state.getExitCodeLong()));
    }
    return oomSince(docker, container, startedAt)
        ? new Verdict.Line(DockerFailures.stepOutOfMemory(exitCode))
        : new Verdict.Plain();
  }

  /** Whether the engine reported an {@code oom} event for the container since {@code from}. */
  private static boolean oomSince(DockerClient docker, String container, Instant from) {
    AtomicBoolean seen = new AtomicBoolean();
    try (var events =
        docker
            .eventsCmd()
            .withContainerFilter(container)
            .withEventFilter("oom")
            .withSince(epoch(from.minusSeconds(1)))
            .withUntil(epoch(Instant.now())) // in the past: the answer ends at once
            .exec(
                new ResultCallback.Adapter<Event>() {
                  @Override
                  public void onNext(Event event) {
                    seen.set(true);
                  }
                })) {
      events.awaitCompletion(10, TimeUnit.SECONDS);
    } catch (java.io.IOException | RuntimeException e) {
      return seen.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return seen.get();
  }

  /** The engine's timestamp form, {@code seconds.nanoseconds}. */
  private static String epoch(Instant at) {
    return String.format(java.util.Locale.ROOT, "%d.%09d", at.getEpochSecond(), at.getNano());
  }
}
