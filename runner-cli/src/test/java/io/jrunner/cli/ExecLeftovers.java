// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.docker.DockerClients;
import io.jrunner.docker.ResourceLabels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What one {@code jrunner exec} run left on the Docker engine: its objects carry its pid. */
final class ExecLeftovers {
  private ExecLeftovers() {}

  /** No container, network or volume of the exec process {@code pid} is left. */
  static void assertNothingLeft(long pid) throws Exception {
    String prefix = ExecRunId.PREFIX + pid + "-";
    try (var docker = DockerClients.create("unix:///var/run/docker.sock", Duration.ofSeconds(30))) {
      var volumes = docker.listVolumesCmd().exec().getVolumes();
      assertThat(
              ofRun(
                  docker.listContainersCmd().withShowAll(true).exec().stream()
                      .map(c -> c.getLabels()),
                  prefix))
          .as("containers")
          .isZero();
      assertThat(ofRun(docker.listNetworksCmd().exec().stream().map(n -> n.getLabels()), prefix))
          .as("networks")
          .isZero();
      assertThat(
              ofRun(
                  (volumes == null
                          ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of()
                          : volumes)
                      .stream().map(v -> v.getLabels()),
                  prefix))
          .as("volumes")
          .isZero();
    }
  }

  private static long ofRun(Stream<Map<String, String>> labels, String prefix) {
    return labels
        .filter(l -> l != null && l.getOrDefault(ResourceLabels.RUNNER, "").startsWith(prefix))
        .count();
  }
}
