// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against the real Docker engine (started by .ci/run); see docs/testing.md. */
class DockerCheckIT {
  private final DockerCheck check = new DockerCheck(Duration.ofSeconds(5));

  @Test
  void find_skipsDeadSocketsAndReportsTheEngineThatAnswers() throws Exception {
    List<String> candidates =
        List.of("unix:///nonexistent/docker.sock", "unix:///var/run/docker.sock");

    DockerCheck.Engine engine = check.find(candidates);

    assertThat(engine.host()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(engine.version()).isNotBlank();
    assertThat(engine.apiVersion()).matches("\\d+\\.\\d+");
  }

  @Test
  void find_listsEveryPlaceTriedWhenNothingAnswers() {
    assertThatThrownBy(() -> check.find(List.of("unix:///nonexistent/a.sock", "tcp://127.0.0.1:1")))
        .isInstanceOf(DockerCheck.DockerUnavailableException.class)
        .hasMessageContaining("unix:///nonexistent/a.sock")
        .hasMessageContaining("tcp://127.0.0.1:1");
  }

  @Test
  void candidates_followForgejoRunnersOrder_andANamedHostIsTheOnlyOne() {
    List<String> found =
        DockerHosts.candidates(
            "-",
            Map.of("DOCKER_HOST", "tcp://docker:2375", "HOME", "/home/u"),
            p -> p.toString().equals("/var/run/docker.sock"));

    assertThat(found).containsExactly("tcp://docker:2375");
    assertThat(
            DockerHosts.candidates(
                "unix:///x.sock",
                Map.of("DOCKER_HOST", "tcp://docker:2375"),
                p -> p.toString().equals("/var/run/docker.sock")))
        .containsExactly("unix:///x.sock");
    assertThat(
            DockerHosts.candidates(
                "automount",
                Map.of("HOME", "/home/u"),
                p -> p.toString().equals("/var/run/docker.sock")))
        .containsExactly("unix:///var/run/docker.sock");
    assertThat(DockerHosts.candidates("unix:///x.sock", Map.of(), p -> false))
        .containsExactly("unix:///x.sock");
  }
}
