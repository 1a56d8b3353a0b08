// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.HealthCheck;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ShellWords;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerOptionsTest {
  @Test
  void shellWords_splitLikeAShell() {
    assertThat(ShellWords.split("  a 'b c' \"d \\\"e\\\" $f\" g\\ h 'i'\"j\"k \\\\ "))
        .containsExactly("a", "b c", "d \"e\" $f", "g h", "ijk", "\\");
    assertThat(ShellWords.split("")).isEmpty();
    assertThat(ShellWords.split("''")).containsExactly("");
    assertThatThrownBy(() -> ShellWords.split("--x 'open"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated ' quote");
    assertThatThrownBy(() -> ShellWords.split("a \"b"))
        .hasMessageContaining("unterminated \" quote");
  }

  @Test
  void parse_acceptsTheDockerCliSpellings() throws Exception {
    ContainerOptions o =
        ContainerOptions.parse(
            "--health-cmd \"pg_isready -U postgres\" --health-interval=10s --health-timeout 5s"
                + " --health-retries 5 --health-start-period 1m30s -e A=1 -eB=2 -e=C=3"
                + " --env 'D=x y' --hostname db -u 1000:1000 -w /srv --entrypoint ''"
                + " -m 512m --cpus 1.5 --shm-size=1g --tmpfs /run:size=64m -l a=b"
                + " --network-alias pg --net-alias pg2 --init --read-only=false",
            "service db");

    assertThat(o.last(ContainerOption.HEALTH_CMD)).contains("pg_isready -U postgres");
    assertThat(o.all(ContainerOption.ENV)).containsExactly("A=1", "B=2", "C=3", "D=x y");
    assertThat(o.last(ContainerOption.USER)).contains("1000:1000");
    assertThat(o.last(ContainerOption.ENTRYPOINT)).contains("");
    assertThat(o.all(ContainerOption.NETWORK_ALIAS)).containsExactly("pg", "pg2");
    assertThat(o.flag(ContainerOption.INIT)).isTrue();
    assertThat(o.flag(ContainerOption.READ_ONLY)).isFalse();
    assertThat(ContainerOption.bytes(o.last(ContainerOption.MEMORY).orElseThrow()))
        .isEqualTo(512L << 20);
    assertThat(ContainerOption.bytes("1g")).isEqualTo(1L << 30);
    assertThat(ContainerOption.bytes("100")).isEqualTo(100);
    assertThat(ContainerOption.nanoCpus("1.5")).isEqualTo(1_500_000_000L);
    assertThat(o.hostReaching()).isEmpty();

    HealthCheck health = ContainerRequests.health(o).orElseThrow();
    assertThat(health.getTest()).containsExactly("CMD-SHELL", "pg_isready -U postgres");
    assertThat(health.getInterval()).isEqualTo(10_000_000_000L);
    assertThat(health.getTimeout()).isEqualTo(5_000_000_000L);
    assertThat(health.getRetries()).isEqualTo(5);
    assertThat(health.getStartPeriod()).isEqualTo(90_000_000_000L);
  }

  @Test
  void parse_refusesWhatItCannotApply() {
    assertThatThrownBy(() -> ContainerOptions.parse("--rm", "service db"))
        .isInstanceOf(BackendException.class)
        .hasMessage(
            "service db: options: --rm is not an option jrunner supports (see the list in"
                + " docs/configuration.md)");
    assertThatThrownBy(() -> ContainerOptions.parse("--health-retries", "job container"))
        .hasMessage("job container: options: --health-retries needs a value");
    assertThatThrownBy(() -> ContainerOptions.parse("--health-interval 10", "s"))
        .hasMessageContaining("--health-interval expects a duration such as 10s");
    assertThatThrownBy(() -> ContainerOptions.parse("-e NAME", "s"))
        .hasMessageContaining("-e expects NAME=value");
    assertThatThrownBy(() -> ContainerOptions.parse("-m lots", "s"))
        .hasMessageContaining("-m expects a size");
    assertThatThrownBy(() -> ContainerOptions.parse("--cap-add NOPE", "s"))
        .hasMessageContaining("expects a capability");
    assertThatThrownBy(() -> ContainerOptions.parse("--hostname h extra", "s"))
        .hasMessageContaining("unexpected argument \"extra\"");
    assertThatThrownBy(() -> ContainerOptions.parse("--label 'x", "s"))
        .hasMessageContaining("s: options: unterminated ' quote");
  }

  @Test
  void policy_refusesHostReachingOptionsUnlessAllowed() throws Exception {
    ContainerOptions o =
        ContainerOptions.parse(
            "--privileged --cap-add NET_ADMIN --net host --hostname x", "service db");
    assertThat(o.hostReaching()).containsExactly("--cap-add", "--network", "--privileged");

    assertThatThrownBy(() -> OptionPolicy.STRICT.check(o, "service db"))
        .isInstanceOf(BackendException.class)
        .hasMessage(
            "service db: options: --cap-add, --network, --privileged are refused: it reaches"
                + " beyond the container; the runner's administrator can allow it in"
                + " container.allowed_options");
    assertThatThrownBy(() -> OptionPolicy.of(List.of("cap-add", "--net")).check(o, "service db"))
        .hasMessageContaining("--privileged is refused");
    OptionPolicy.of(List.of("cap-add", "--net", "--privileged")).check(o, "service db");
    assertThat(OptionPolicy.of(List.of("net")).allowed()).isEqualTo(Set.of("--network"));
    assertThatThrownBy(() -> OptionPolicy.of(List.of("--rm")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("container.allowed_options: unknown option --rm");
  }

  @Test
  void then_appendsLaterValues() throws Exception {
    ContainerOptions merged =
        ContainerOptions.parse("-e A=1 --hostname a", "r")
            .then(ContainerOptions.parse("-e B=2 --hostname b", "w"));
    assertThat(merged.all(ContainerOption.ENV)).containsExactly("A=1", "B=2");
    assertThat(merged.last(ContainerOption.HOSTNAME)).contains("b");
  }

  @Test
  void noHealthcheck_disablesTheImagesCheck() throws Exception {
    assertThat(ContainerRequests.health(ContainerOptions.parse("--no-healthcheck", "s")))
        .hasValueSatisfying(h -> assertThat(h.getTest()).containsExactly("NONE"));
    assertThat(ContainerRequests.health(ContainerOptions.NONE)).isEmpty();
  }
}
