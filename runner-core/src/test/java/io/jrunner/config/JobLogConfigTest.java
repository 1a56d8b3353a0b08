// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log.job_log_dir}, {@code log.job_log_retention}, {@code log.job_log_max_files}. */
class JobLogConfigTest {
  @TempDir Path dir;

  private LoadedConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Map.of(), dir).parse(yaml, "config.yaml");
  }

  @Test
  void defaults_keepNoCopy() {
    LogSection log = RunnerConfig.defaults().log();

    assertThat(log.jobLogDir()).isEmpty();
    assertThat(log.jobLogRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(log.jobLogMaxFiles()).isEqualTo(1000);
  }

  @Test
  void parse_readsTheThreeKeys() throws ConfigException {
    LoadedConfig loaded =
        parse(
            """
            log:
              job_log_dir: logs/jobs
              job_log_retention: 36h
              job_log_max_files: 20
            """);

    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.config().log())
        .isEqualTo(
            new LogSection(
                "info", "info", Optional.of(Path.of("logs/jobs")), Duration.ofHours(36), 20));
  }

  @Test
  void parse_emptyDirZeroAndNegativeRetentionTakeTheDefaults() throws ConfigException {
    LogSection log = parse("log:\n  job_log_dir: \"\"\n  job_log_retention: 0s\n").config().log();
    LogSection negative = parse("log:\n  job_log_retention: -1h\n").config().log();

    assertThat(log).isEqualTo(LogSection.defaults());
    assertThat(negative.jobLogRetention()).isEqualTo(LogSection.JOB_LOG_RETENTION);
  }

  @Test
  void parse_reportsBadValuesWithTheirLine() throws Exception {
    Files.writeString(dir.resolve("a-file"), "x");
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                parse(
                    """
                    log:
                      job_log_dir: a-file
                      job_log_retention: a week
                      job_log_max_files: 0
                    """));

    assertThat(e.problems())
        .containsExactly(
            "config.yaml:2: log.job_log_dir: "
                + dir.resolve("a-file")
                + " exists and is not a directory",
            "config.yaml:3: log.job_log_retention: invalid duration \"a week\": expected a number"
                + " at position 1",
            "config.yaml:4: log.job_log_max_files: 0 is out of range (1 to 2147483647)");
  }

  @Test
  void parse_warnsAboutMisspelledKeys() throws ConfigException {
    assertThat(parse("log:\n  job_logs_dir: x\n").warnings())
        .containsExactly("config.yaml:2: unknown key log.job_logs_dir");
  }
}
