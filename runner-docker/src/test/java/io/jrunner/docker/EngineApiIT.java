// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineApi}, the daemon's start-up client, against the real Docker engine (started by
 * .ci/run; see docs/testing.md); the objects it lists and removes are made with docker-java, as
 * jobs make them.
 */
class EngineApiIT {
  private static final String SOCKET = "unix:///var/run/docker.sock";
  private static final String BUSYBOX = "runner-test/busybox:latest";

  private final DockerClient docker = DockerClients.create(SOCKET, Duration.ofSeconds(30));
  private final EngineApi api = EngineApi.of(SOCKET, Duration.ofSeconds(10));
  private final String runnerId = "engine-api-it-" + UUID.randomUUID();
  private final Map<String, String> labels = ResourceLabels.of(runnerId, 7);

  @AfterEach
  void cleanUp() throws Exception {
    new Reaper(docker).sweep(runnerId);
    docker.close();
  }

  @Test
  void version_isTheEngines() {
    EngineApi.Version version = api.version();

    assertThat(version.version()).isEqualTo(docker.versionCmd().exec().getVersion());
    assertThat(version.apiVersion()).matches("\\d+\\.\\d+");
    api.ping();
  }

  @Test
  void listsByLabel_andTheReaperRemovesWhatItFinds() {
    String container =
        docker.createContainerCmd(BUSYBOX).withLabels(labels).withCmd("true").exec().getId();
    String network = docker.createNetworkCmd().withName(runnerId).withLabels(labels).exec().getId();
    docker.createVolumeCmd().withName(runnerId).withLabels(labels).exec();
    List<String> filter = ResourceLabels.runnerFilter(runnerId);

    assertThat(api.containers(filter)).extracting(EngineApi.Listed::id).containsExactly(container);
    assertThat(api.containers(filter).get(0).labels()).containsAllEntriesOf(labels);
    assertThat(api.networks(filter))
        .extracting(EngineApi.Listed::id, EngineApi.Listed::name)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(network, runnerId));
    assertThat(api.volumes(filter)).extracting(EngineApi.Listed::name).containsExactly(runnerId);
    assertThat(api.containers(List.of(ResourceLabels.RUNNER + "=someone-else"))).isEmpty();

    Reaper.Swept swept = new Reaper(api).sweep(runnerId);

    assertThat(swept).isEqualTo(new Reaper.Swept(1, 1, 1));
    assertThat(new Reaper(api).count(labels)).isZero();
    assertThat(new Reaper(docker).count(labels)).isZero();
  }

  @Test
  void connectAndDisconnect_showInTheContainersNetworks() {
    String container =
        docker
            .createContainerCmd(BUSYBOX)
            .withLabels(labels)
            .withCmd("sleep", "300")
            .exec()
            .getId();
    docker.startContainerCmd(container).exec();
    String network = docker.createNetworkCmd().withName(runnerId).withLabels(labels).exec().getId();

    api.connect(network, container, List.of("alias-" + runnerId.substring(0, 20)));
    EngineApi.ContainerState state = api.inspectContainer(container).orElseThrow();

    assertThat(state.id()).isEqualTo(container);
    assertThat(state.running()).isTrue();
    assertThat(state.hostname()).isNotEmpty();
    assertThat(state.networks()).containsKey(runnerId);
    assertThat(state.networks().get(runnerId).networkId()).isEqualTo(network);
    assertThat(state.networks().get(runnerId).ipAddress()).isNotEmpty();

    api.disconnect(network, container);

    assertThat(api.inspectContainer(container).orElseThrow().networks())
        .doesNotContainKey(runnerId);
  }

  @Test
  void missingObjects_are404s_withTheEnginesMessage() {
    assertThatThrownBy(() -> api.removeContainer("no-such-container-" + runnerId))
        .isInstanceOfSatisfying(
            EngineApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.notFound()).isTrue();
              assertThat(e.getMessage()).containsIgnoringCase("no such container");
            });
    assertThatThrownBy(() -> api.removeNetwork("no-such-network-" + runnerId))
        .isInstanceOfSatisfying(EngineApiException.class, e -> assertThat(e.notFound()).isTrue());
    assertThatThrownBy(() -> api.removeVolume("no-such-volume-" + runnerId))
        .isInstanceOfSatisfying(EngineApiException.class, e -> assertThat(e.notFound()).isTrue());
    assertThat(api.inspectContainer("no-such-container-" + runnerId)).isEmpty();
  }

  @Test
  void anEngineThatDoesNotAnswer_failsNamingTheHost() {
    for (String host : List.of("unix:///nonexistent/docker.sock", "tcp://127.0.0.1:1")) {
      assertThatThrownBy(() -> EngineApi.of(host, Duration.ofSeconds(2)).version())
          .isInstanceOfSatisfying(
              EngineApiException.class,
              e -> {
                assertThat(e.status()).isZero();
                assertThat(e.getMessage()).startsWith(host + ": ");
              });
    }
  }

  @Test
  void tlsHosts_areLeftToDockerJava() {
    assertThat(EngineApi.supports(SOCKET, Map.of("DOCKER_TLS_VERIFY", "1"))).isTrue();
    assertThat(EngineApi.supports("tcp://docker:2376", Map.of("DOCKER_TLS_VERIFY", "1"))).isFalse();
    assertThat(EngineApi.supports("tcp://docker:2375", Map.of())).isTrue();
    assertThat(EngineApi.supports("https://docker:2376", Map.of())).isFalse();
    assertThatThrownBy(() -> EngineApi.of("npipe:////./pipe/docker_engine", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
