// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.config.ContainerSection;
import io.jrunner.config.PolicySection;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ContainerSetup;
import io.jrunner.exec.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A profile's socket, host-volume and registry rules, in the same checks as valid_volumes. */
class ProfilePolicyTest {
  private static PolicySection policy(
      boolean socket, boolean hostVolumes, List<String> registries) {
    return new PolicySection(
        Optional.of("prod"),
        List.of(),
        false,
        List.of(),
        List.of(),
        registries,
        socket,
        false,
        hostVolumes);
  }

  private static DockerSettings settings(List<String> validVolumes, PolicySection policy) {
    ContainerSection c =
        new ContainerSection(
            "", "", false, false, "", "workspace", validVolumes, "-", false, false, List.of());
    return DockerSettings.of(c, policy, Map.of());
  }

  private static JobSpec job(String image, List<String> volumes, String options) {
    return new JobSpec(
        "r",
        1,
        image,
        Map.of(),
        "/workspace/jr/demo",
        List.of(),
        new ContainerSetup(List.of(), volumes, options));
  }

  @Test
  void theSocketIsRefusedEvenWhenValidVolumesAllowIt() throws BackendException {
    DockerSettings prod = settings(List.of("**"), policy(false, true, List.of()));
    for (String v :
        List.of(
            "/var/run/docker.sock:/var/run/docker.sock",
            "/run:/host-run",
            "/:/host",
            "/home/me/.docker/run/docker.sock:/s")) {
      assertThatThrownBy(() -> ContainerPlan.of(job("img", List.of(v), ""), prod))
          .as(v)
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("gives the job the Docker engine")
          .hasMessageContaining("profiles.prod.policy.docker_socket is false");
    }
    assertThatThrownBy(
            () -> ContainerPlan.of(job("img", List.of(), "-v /var/run/docker.sock:/d.sock"), prod))
        .hasMessageStartingWith("job container: volume /var/run/docker.sock gives the job");
    // other host paths and named volumes stay with valid_volumes
    assertThat(ContainerPlan.of(job("img", List.of("/srv/data:/data", "cache:/c"), ""), prod))
        .isNotNull();
  }

  @Test
  void hostPathsAreRefusedWhenHostVolumesIsFalse() throws BackendException {
    DockerSettings prod = settings(List.of("**"), policy(true, false, List.of()));
    assertThatThrownBy(() -> ContainerPlan.of(job("img", List.of("/etc:/etc:ro"), ""), prod))
        .hasMessage(
            "job container: volume /etc is a path of the host, which this runner refuses"
                + " (profiles.prod.policy.host_volumes is false)");
    ContainerPlan.of(job("img", List.of("cache:/c", "/anonymous"), ""), prod);
  }

  @Test
  void registriesOutsideTheListAreRefusedBeforeAnythingIsPulled() throws BackendException {
    DockerBackend backend =
        new DockerBackend(null, settings(List.of(), policy(true, true, List.of("localhost:5000"))));
    backend.check(job("localhost:5000/team/app:1", List.of(), ""), List.of());
    assertThatThrownBy(() -> backend.check(job("node:22", List.of(), ""), List.of()))
        .hasMessage(
            "job container: image node:22 comes from docker.io, which this runner refuses"
                + " (profiles.prod.policy.registries is [localhost:5000])");
    assertThatThrownBy(
            () ->
                backend.check(
                    job("localhost:5000/team/app:1", List.of(), ""), List.of("ghcr.io/x/y:1")))
        .hasMessageContaining(
            "step uses: docker://ghcr.io/x/y:1: image ghcr.io/x/y:1 comes from" + " ghcr.io");
  }

  @Test
  void withoutAProfileNothingChanges() throws BackendException {
    DockerSettings plain = DockerSettings.of(ContainerSection.defaults(), Map.of());
    assertThatThrownBy(
            () -> ContainerPlan.of(job("img", List.of("/var/run/docker.sock:/s"), ""), plain))
        .hasMessage(
            "job container: volume /var/run/docker.sock is not allowed by this runner"
                + " (container.valid_volumes is empty)");
    new DockerBackend(null, plain).check(job("any.registry/x:1", List.of(), ""), List.of());
  }
}
