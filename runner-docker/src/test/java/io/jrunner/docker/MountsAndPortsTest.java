// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.HealthCheck;
import io.jrunner.exec.BackendException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MountsAndPortsTest {
  @Test
  void volumes_parseNamedBindAndAnonymous() throws Exception {
    assertThat(VolumeMount.parse("data:/var/lib/data", "s"))
        .isEqualTo(new VolumeMount.Named("data", "/var/lib/data", false));
    assertThat(VolumeMount.parse("/etc/ssl/../ssl/certs:/certs:ro", "s"))
        .isEqualTo(new VolumeMount.Bind("/etc/ssl/certs", "/certs", true));
    assertThat(VolumeMount.parse("/cache", "s")).isEqualTo(new VolumeMount.Anonymous("/cache"));
    assertThatThrownBy(() -> VolumeMount.parse("data:rel", "service db"))
        .isInstanceOf(BackendException.class)
        .hasMessage(
            "service db: invalid volume \"data:rel\": the path in the container must be absolute");
    assertThatThrownBy(() -> VolumeMount.parse("a:/b:rx", "s"))
        .hasMessageContaining("the mode must be ro or rw");
    assertThatThrownBy(() -> VolumeMount.parse("./x:/b", "s"))
        .hasMessageContaining("a volume name uses");
  }

  @Test
  void validVolumes_globsGuardNamedVolumesAndBindMounts() throws Exception {
    List<VolumeMount> mounts =
        List.of(
            VolumeMount.parse("data:/d", "s"),
            VolumeMount.parse("/etc/ssl/certs:/c:ro", "s"),
            VolumeMount.parse("/anon", "s"));
    VolumeMount.check(mounts, List.of("**"), "s");
    VolumeMount.check(mounts, List.of("data", "/etc/ssl/*"), "s");
    VolumeMount.check(List.of(VolumeMount.parse("/anon", "s")), List.of(), "s");
    assertThatThrownBy(() -> VolumeMount.check(mounts, List.of("data"), "service db"))
        .isInstanceOf(BackendException.class)
        .hasMessage(
            "service db: volume /etc/ssl/certs is not allowed by this runner"
                + " (container.valid_volumes is [data])");
    assertThatThrownBy(() -> VolumeMount.check(mounts, List.of(), "job container"))
        .hasMessage(
            "job container: volume data is not allowed by this runner"
                + " (container.valid_volumes is empty)");
    // /etc/* does not reach into subdirectories; ** does
    assertThat(Globs.matches("/etc/*", "/etc/ssl/certs")).isFalse();
    assertThat(Globs.matches("/etc/**", "/etc/ssl/certs")).isTrue();
    assertThat(Globs.matches("cache-?", "cache-1")).isTrue();
    assertThat(Globs.matches("a.b", "axb")).isFalse();
  }

  @Test
  void ports_parseTheDockerForms() throws Exception {
    assertThat(PortMapping.parse("5432", "s"))
        .isEqualTo(new PortMapping(Optional.empty(), Optional.empty(), 5432, "tcp"));
    assertThat(PortMapping.parse("8080:80", "s"))
        .isEqualTo(new PortMapping(Optional.empty(), Optional.of(8080), 80, "tcp"));
    assertThat(PortMapping.parse("127.0.0.1:8080:80/udp", "s"))
        .isEqualTo(new PortMapping(Optional.of("127.0.0.1"), Optional.of(8080), 80, "udp"));
    assertThat(PortMapping.parse("127.0.0.1::80", "s"))
        .isEqualTo(new PortMapping(Optional.of("127.0.0.1"), Optional.empty(), 80, "tcp"));
    assertThat(PortMapping.parse("[::1]:8080:80", "s"))
        .isEqualTo(new PortMapping(Optional.of("::1"), Optional.of(8080), 80, "tcp"));
    assertThatThrownBy(() -> PortMapping.parse("8000-8010:80", "service web"))
        .isInstanceOf(BackendException.class)
        .hasMessage(
            "service web: invalid port \"8000-8010:80\": \"8000-8010\" is not a port number"
                + " (1-65535; no ranges)");
    assertThatThrownBy(() -> PortMapping.parse("80/icmp", "s"))
        .hasMessageContaining("tcp, udp or sctp");
    assertThatThrownBy(() -> PortMapping.parse("1:2:3:4", "s"))
        .hasMessageContaining("expected [ip:][host:]container");
  }

  @Test
  void dockerSocket_followsDockerHost() {
    Set<Path> present = Set.of(Path.of("/var/run/docker.sock"), Path.of("/run/user/1/docker.sock"));
    assertThat(DockerSocket.of("-", Map.of(), present::contains))
        .isEqualTo(new DockerSocket.None());
    assertThat(DockerSocket.of("automount", Map.of(), present::contains))
        .isEqualTo(new DockerSocket.Mount("/var/run/docker.sock"));
    assertThat(
            DockerSocket.of(
                "automount",
                Map.of("DOCKER_HOST", "unix:///run/user/1/docker.sock"),
                present::contains))
        .isEqualTo(new DockerSocket.Mount("/run/user/1/docker.sock"));
    assertThat(
            DockerSocket.of("automount", Map.of("DOCKER_HOST", "tcp://d:2375"), present::contains))
        .isEqualTo(new DockerSocket.Env("tcp://d:2375"));
    assertThat(DockerSocket.of("automount", Map.of(), p -> false))
        .isEqualTo(new DockerSocket.None());
    assertThat(DockerSocket.of("unix:///srv/d.sock", Map.of(), p -> false))
        .isEqualTo(new DockerSocket.Mount("/srv/d.sock"));
    assertThat(DockerSocket.of("tcp://10.0.0.1:2376", Map.of(), p -> false))
        .isEqualTo(new DockerSocket.Env("tcp://10.0.0.1:2376"));
    assertThatThrownBy(() -> DockerSocket.of("npipe:////./pipe/docker", Map.of(), p -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("container.docker_host");
  }

  @Test
  void healthBound_followsTheCheckAndIsCapped() {
    HealthWait wait = new HealthWait(null, Duration.ofMinutes(10));
    // Docker's defaults: 30 s interval and timeout, 3 retries → 4 × 60 s, plus 10 s margin
    assertThat(wait.bound(null)).isEqualTo(Duration.ofSeconds(250));
    HealthCheck quick =
        new HealthCheck()
            .withInterval(1_000_000_000L)
            .withTimeout(1_000_000_000L)
            .withRetries(2)
            .withStartPeriod(5_000_000_000L);
    assertThat(wait.bound(quick)).isEqualTo(Duration.ofSeconds(5 + 6 + 10));
    assertThat(new HealthWait(null, Duration.ofSeconds(3)).bound(quick))
        .isEqualTo(Duration.ofSeconds(3));
  }
}
