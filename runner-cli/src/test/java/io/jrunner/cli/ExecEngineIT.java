// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.docker.DockerClients;
import io.jrunner.docker.ResourceLabels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ExecEngine} against the real engine and against an address where none answers. */
class ExecEngineIT {
  private static final String SOCKET = "unix:///var/run/docker.sock";

  @Test
  void findsTheFirstEngineThatAnswers_thenSweepsWhatAKilledRunLeft() throws Exception {
    String orphan = new ExecRunId(999_999_999L, "it", "engine-it").toString();
    String network;
    try (var docker = DockerClients.create(SOCKET, Duration.ofSeconds(30))) {
      network =
          docker
              .createNetworkCmd()
              .withName("jrunner-engine-it-" + System.nanoTime())
              .withLabels(Map.of(ResourceLabels.RUNNER, orphan))
              .exec()
              .getId();
    }

    ExecEngine.Found found;
    try (ExecEngine engine =
        ExecEngine.start(
            List.of("unix:///nonexistent/docker.sock", SOCKET),
            id -> id.equals(orphan),
            Map.of())) {
      found = engine.found();
    } // close() waits for the sweep

    assertThat(found).isEqualTo(new ExecEngine.Found.At(SOCKET));
    try (var docker = DockerClients.create(SOCKET, Duration.ofSeconds(30))) {
      assertThat(docker.listNetworksCmd().exec())
          .as("the orphan's network was swept")
          .noneMatch(n -> n.getId().equals(network));
    }
  }

  @Test
  void noEngine_saysWhereItLooked() throws Exception {
    try (ExecEngine engine =
        ExecEngine.start(List.of("unix:///nonexistent/docker.sock"), id -> true, Map.of())) {
      assertThat(engine.found())
          .isInstanceOfSatisfying(
              ExecEngine.Found.Unavailable.class,
              u ->
                  assertThat(u.problem())
                      .contains("cannot reach a Docker engine")
                      .contains("/nonexistent/docker.sock"));
    }
  }
}
