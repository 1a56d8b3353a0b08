// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleConfigTest {
  @TempDir Path dir;

  @Test
  void example_parsesBackToExactlyTheDefaultsWithoutWarnings() throws ConfigException {
    LoadedConfig loaded =
        new ConfigLoader(Map.of(), dir).parse(ConfigLoader.exampleYaml(), "config.example.yaml");

    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.config()).isEqualTo(RunnerConfig.defaults());
  }

  @Test
  void example_mentionsEveryKeyAndItsDefault() {
    String example = ConfigLoader.exampleYaml();

    assertThat(example)
        .startsWith("# SPDX-License-Identifier: Apache-2.0")
        .contains(
            "  shutdown_timeout: 3h",
            "  capacity: 1",
            "  default_image: node:22-bookworm",
            "  ca_file: \"\"",
            "    max_delay: 0s",
            "  docker_host: \"-\"",
            "  job_log_dir: \"\"",
            "  job_log_retention: 168h",
            "  job_log_max_files: 1000",
            "TimeoutStopSec");
  }
}
