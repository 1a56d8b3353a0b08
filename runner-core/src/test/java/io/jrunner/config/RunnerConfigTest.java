// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerConfigTest {
  @TempDir Path dir;

  @Test
  void toString_redactsTheCacheSecret() throws ConfigException {
    RunnerConfig c =
        new ConfigLoader(Map.of(), dir)
            .parse("cache:\n  secret: hunter2-very-secret\n", "c.yaml")
            .config();

    assertThat(c.cache().secret()).isEqualTo("hunter2-very-secret");
    assertThat(c.toString()).doesNotContain("hunter2").contains("secret=<redacted>");
    assertThat(c.cache().toString()).doesNotContain("hunter2");
    assertThat(RunnerConfig.defaults().toString()).contains("secret=,");
  }

  @Test
  void resolvedDirectories_defaultUnderHome() {
    Path home = Path.of("/home/u");

    assertThat(RunnerConfig.defaults().cache().resolvedDir(home))
        .isEqualTo(Path.of("/home/u/.cache/actcache"));
    assertThat(RunnerConfig.defaults().host().resolvedWorkdirParent(home))
        .isEqualTo(Path.of("/home/u/.cache/act"));
    assertThat(new HostSection("/srv/act").resolvedWorkdirParent(home))
        .isEqualTo(Path.of("/srv/act"));
    assertThat(new HostSection("rel").resolvedWorkdirParent(home).isAbsolute()).isTrue();
  }

  @Test
  void fetchIntervalFor_isAtLeast30sOnCodeberg() {
    RunnerSection r = RunnerConfig.defaults().runner();

    assertThat(r.fetchIntervalFor("https://codeberg.org")).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.fetchIntervalFor("https://forge.example")).isEqualTo(Duration.ofSeconds(2));
  }
}
