// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JRUNNER_SHUTDOWN_TIMEOUT: the container image's default of runner.shutdown_timeout. */
class ShutdownDefaultTest {
  @TempDir Path dir;

  private Duration shutdown(Map<String, String> env, Path file) throws ConfigException {
    return new ConfigLoader(env, dir).load(file).config().runner().shutdownTimeout();
  }

  @Test
  void replacesTheDefaultWithoutAFile() throws Exception {
    assertThat(shutdown(Map.of(), null)).isEqualTo(Duration.ofHours(3));
    assertThat(shutdown(Map.of("JRUNNER_SHUTDOWN_TIMEOUT", "0s"), null)).isZero();
    assertThat(shutdown(Map.of("JRUNNER_SHUTDOWN_TIMEOUT", "15m"), null))
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aValueInTheFileWins() throws Exception {
    Path file = Files.writeString(dir.resolve("config.yaml"), "runner:\n  shutdown_timeout: 30m\n");
    assertThat(shutdown(Map.of("JRUNNER_SHUTDOWN_TIMEOUT", "0s"), file))
        .isEqualTo(Duration.ofMinutes(30));
    Path without = Files.writeString(dir.resolve("other.yaml"), "runner:\n  capacity: 2\n");
    assertThat(shutdown(Map.of("JRUNNER_SHUTDOWN_TIMEOUT", "0s"), without)).isZero();
  }

  @Test
  void aBadValueIsAConfigProblemNamingTheVariable() {
    assertThatThrownBy(() -> shutdown(Map.of("JRUNNER_SHUTDOWN_TIMEOUT", "soon"), null))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anySatisfy(p -> assertThat(p).contains("JRUNNER_SHUTDOWN_TIMEOUT", "soon")));
  }
}
