// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Docker backend against the real engine, with the locally built busybox image. */
class DockerBackendIT {
  static final String IMAGE = "runner-test/busybox:latest";

  private final DockerClient docker =
      DockerClients.create("unix:///var/run/docker.sock", Duration.ofSeconds(30));
  private final String runnerId = "it-" + UUID.randomUUID();
  private final DockerBackend backend = new DockerBackend(docker, DockerSettings.defaults());

  @AfterEach
  void sweep() {
    new Reaper(docker).sweep(runnerId);
  }

  private JobSpec spec(List<JobSpec.ServiceSpec> services) {
    return new JobSpec(runnerId, 7, IMAGE, Map.of("JOB_VAR", "job"), "/workspace/o/r", services);
  }

  @Test
  void exec_streamsLinesPerStreamAndReturnsTheExitCode() throws Exception {
    List<String> lines = new ArrayList<>();
    try (JobEnvironment env = backend.open(spec(List.of()), (err, l) -> {})) {
      int code =
          env.exec(
              ExecSpec.of(
                      "sh",
                      "-c",
                      "pwd; echo \"$JOB_VAR $STEP\"; printf 'a\\r\\nb'; echo oops >&2; exit 3")
                  .withEnv(Map.of("STEP", "step")),
              (err, l) -> lines.add((err ? "E " : "O ") + l));

      assertThat(code).isEqualTo(3);
      assertThat(lines).contains("O /workspace/o/r", "O job step", "O a", "O b", "E oops");
      assertThat(env.exec(ExecSpec.of("true"), (e, l) -> {})).isZero();
    }
  }

  @Test
  void stop_signalsTheWholeProcessTreeAndNothingSurvives() throws Exception {
    try (JobEnvironment env = backend.open(spec(List.of()), (err, l) -> {})) {
      io.jrunner.cancel.Cancellation stop = io.jrunner.cancel.Cancellation.root();
      List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (!lines.contains("started")) {
                    Thread.sleep(50);
                  }
                  stop.cancel(io.jrunner.cancel.CancelReason.SERVER_CANCELLED);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      long start = System.nanoTime();

      // The shell ignores SIGINT (trap), so the ladder has to go on to SIGTERM.
      int code =
          env.exec(
              ExecSpec.of("sh", "-c", "trap '' INT; sleep 600 & sleep 600 & echo started; wait"),
              (err, l) -> lines.add(l),
              stop);

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(code).isNotZero();
      assertThat(took).isLessThan(Duration.ofSeconds(20));
      // The final sweep runs right after the step ended; give it a moment, then look.
      List<String> ps = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ps.clear();
        env.exec(ExecSpec.of("ps", "-o", "comm"), (err, l) -> ps.add(l.strip()));
        if (!ps.contains("sleep")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(ps).doesNotContain("sleep");
    }
  }

  @Test
  void services_areReachableByTheirNameOnTheJobNetwork() throws Exception {
    JobSpec.ServiceSpec web =
        new JobSpec.ServiceSpec("web", IMAGE, Map.of(), List.of("sleep", "600"));
    try (JobEnvironment env = backend.open(spec(List.of(web)), (err, l) -> {})) {
      int code = env.exec(ExecSpec.of("sh", "-c", "ping -c 1 -W 2 web"), (e, l) -> {});
      assertThat(code).isZero();
    }
  }

  @Test
  void close_removesEverythingItCreated() throws Exception {
    JobSpec.ServiceSpec db =
        new JobSpec.ServiceSpec("db", IMAGE, Map.of(), List.of("sleep", "600"));
    JobEnvironment env = backend.open(spec(List.of(db)), (err, l) -> {});
    assertThat(labelled()).isEqualTo(5); // network, service, job container, 2 shared volumes

    env.close();
    env.close(); // idempotent

    assertThat(labelled()).isZero();
    assertThatThrownBy(() -> env.exec(ExecSpec.of("true"), (e, l) -> {}))
        .isInstanceOf(BackendException.class);
  }

  @Test
  void missingImage_failsClearlyAndLeavesNothing() {
    JobSpec spec = new JobSpec(runnerId, 8, "runner-test/absent:nope", Map.of(), "/w", List.of());
    List<String> setup = new ArrayList<>();

    assertThatThrownBy(() -> backend.open(spec, (err, l) -> setup.add(l)))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining(
            "runner-test/absent:nope is not on this machine and cannot be pulled");
    assertThat(setup).contains("Pulling image runner-test/absent:nope");
    assertThat(labelled()).isZero();
  }

  @Test
  void reaper_removesLeftoversOfACrashedRun() throws Exception {
    backend.open(spec(List.of()), (err, l) -> {}); // never closed: a crash
    assertThat(labelled()).isEqualTo(4); // network, job container, workspace and runner volumes

    Reaper.Swept swept = new Reaper(docker).sweep(runnerId);

    assertThat(swept.containers()).isEqualTo(1);
    assertThat(swept.networks()).isEqualTo(1);
    assertThat(swept.volumes()).isEqualTo(2);
    assertThat(labelled()).isZero();
  }

  private int labelled() {
    int containers =
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(ResourceLabels.RUNNER, runnerId))
            .exec()
            .size();
    int networks =
        docker
            .listNetworksCmd()
            .withFilter("label", ResourceLabels.runnerFilter(runnerId))
            .exec()
            .size();
    var volumes =
        docker.listVolumesCmd().withFilter("label", ResourceLabels.runnerFilter(runnerId)).exec();
    return containers + networks + (volumes.getVolumes() == null ? 0 : volumes.getVolumes().size());
  }
}
