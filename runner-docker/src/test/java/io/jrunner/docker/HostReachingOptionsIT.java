// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ContainerSetup;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every workflow-controlled option that reaches the host, in a job container's {@code options:} and
 * in a service's, against the real engine: refused with a line naming it, before any container,
 * network or volume exists, when the runner's config allows nothing ({@code
 * container.allowed_options} empty, {@code container.valid_volumes} empty). Options jrunner does
 * not know ({@code --mount}, {@code --volumes-from}, {@code --cgroupns}, …) are refused as unknown.
 */
class HostReachingOptionsIT {
  private static final DockerClient DOCKER =
      DockerClients.create("unix:///var/run/docker.sock", Duration.ofSeconds(60));

  private final String runnerId = "it-hostile-" + UUID.randomUUID();
  private final List<String> setup = new CopyOnWriteArrayList<>();
  private final LineSink setupLog = (err, line) -> setup.add(line);

  @AfterEach
  void nothingIsCreated() {
    assertThat(
            DOCKER
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ResourceLabels.RUNNER, runnerId))
                .exec())
        .isEmpty();
    assertThat(
            DOCKER
                .listNetworksCmd()
                .withFilter("label", ResourceLabels.runnerFilter(runnerId))
                .exec())
        .isEmpty();
    assertThat(
            DOCKER
                .listVolumesCmd()
                .withFilter("label", List.of(ResourceLabels.RUNNER + "=" + runnerId))
                .exec()
                .getVolumes())
        .isNullOrEmpty();
    new Reaper(DOCKER).sweep(runnerId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--privileged",
        "--cap-add SYS_ADMIN",
        "--cap-add=ALL",
        "--pid=host",
        "--pid host",
        "--ipc=host",
        "--userns=host",
        "--network=host",
        "--network host",
        "--device /dev/kmsg",
        "--security-opt seccomp=unconfined",
        "--security-opt apparmor=unconfined"
      })
  void hostReachingOption_isRefusedInJobAndServiceOptions(String option) {
    String name = option.split("[ =]", 2)[0];
    assertRefused(
        job(new ContainerSetup(List.of(), List.of(), "--init " + option)),
        "job container: options: " + name + " is refused: it reaches beyond the container");
    assertRefused(
        job(ContainerSetup.NONE, service(new ContainerSetup(List.of(), List.of(), option))),
        "service db: options: " + name + " is refused: it reaches beyond the container");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--mount type=bind,src=/,dst=/host",
        "--volumes-from other",
        "--cgroupns=host",
        "--uts=host",
        "--group-add 999",
        "--sysctl kernel.shm_rmid_forced=1",
        "--runtime runc"
      })
  void unknownOption_isRefused(String option) {
    assertRefused(
        job(new ContainerSetup(List.of(), List.of(), option)), option.split("[ =]", 2)[0]);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/var/run/docker.sock:/var/run/docker.sock",
        "/run/docker.sock:/d.sock",
        "/:/host",
        "/etc:/host-etc:ro",
        "/root:/r"
      })
  void hostPathOutsideValidVolumes_isRefusedInVolumesAndOptions(String volume) {
    String source = volume.split(":", 2)[0];
    assertRefused(
        job(new ContainerSetup(List.of(), List.of(volume), "")),
        "volume " + source + " is not allowed by this runner");
    assertRefused(
        job(new ContainerSetup(List.of(), List.of(), "-v " + volume)),
        "volume " + source + " is not allowed by this runner");
    assertRefused(
        job(ContainerSetup.NONE, service(new ContainerSetup(List.of(), List.of(volume), ""))),
        "volume " + source + " is not allowed by this runner");
  }

  private void assertRefused(JobSpec spec, String message) {
    assertThatThrownBy(
            () -> new DockerBackend(DOCKER, DockerSettings.defaults()).open(spec, setupLog))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining(message);
    assertThat(setup).isEmpty();
  }

  private JobSpec job(ContainerSetup container, JobSpec.ServiceSpec... services) {
    return new JobSpec(
        runnerId,
        15,
        DockerBackendIT.IMAGE,
        Map.of(),
        "/workspace/o/r",
        List.of(services),
        container);
  }

  private static JobSpec.ServiceSpec service(ContainerSetup setup) {
    return new JobSpec.ServiceSpec(
        "db", DockerBackendIT.IMAGE, Map.of(), List.of("sleep", "600"), setup);
  }
}
