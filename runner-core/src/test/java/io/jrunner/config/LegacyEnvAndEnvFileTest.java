// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyEnvAndEnvFileTest {
  @TempDir Path dir;

  @Test
  void load_withoutFileAndEnvironmentGivesTheDefaults() throws ConfigException {
    LoadedConfig loaded = new ConfigLoader(Map.of("PATH", "/bin"), dir).load(null);

    assertThat(loaded.config()).isEqualTo(RunnerConfig.defaults());
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void load_withoutFileAppliesTheLegacyVariables() throws Exception {
    Files.writeString(dir.resolve("jobs.env"), "FROM_FILE=1\nA=file wins\n");
    Map<String, String> env =
        Map.of(
            "GITEA_DEBUG", "true",
            "GITEA_RUNNER_CAPACITY", "3",
            "GITEA_RUNNER_FILE", "state.json",
            "GITEA_RUNNER_ENVIRON", "A:1,B:x:y,:skipped,novalue",
            "GITEA_RUNNER_ENV_FILE", "jobs.env");

    LoadedConfig loaded = new ConfigLoader(env, dir).load(null);

    RunnerSection r = loaded.config().runner();
    assertThat(loaded.config().log().level()).isEqualTo("debug");
    assertThat(r.capacity()).isEqualTo(3);
    assertThat(r.file()).isEqualTo(Path.of("state.json"));
    assertThat(r.envFile()).isEqualTo("jobs.env");
    assertThat(r.envs())
        .containsExactly(
            Map.entry("A", "file wins"), Map.entry("B", "x:y"), Map.entry("FROM_FILE", "1"));
    assertThat(loaded.warnings())
        .hasSize(5)
        .allSatisfy(w -> assertThat(w).startsWith("environment: environment variable GITEA_"))
        .allSatisfy(w -> assertThat(w).endsWith("is deprecated; use a config file instead"));
  }

  @Test
  void load_traceWinsOverDebugAndBadValuesAreIgnoredLikeGo() throws ConfigException {
    Map<String, String> env =
        Map.of("GITEA_DEBUG", "1", "GITEA_TRACE", "True", "GITEA_RUNNER_CAPACITY", "0");

    RunnerConfig c = new ConfigLoader(env, dir).load(null).config();

    assertThat(c.log().level()).isEqualTo("trace");
    assertThat(c.runner().capacity()).isEqualTo(1);
    assertThat(new ConfigLoader(Map.of("GITEA_DEBUG", "yes"), dir).load(null).config().log())
        .isEqualTo(LogSection.defaults());
  }

  @Test
  void load_nonNumericLegacyCapacityIsAProblem() {
    assertThatThrownBy(
            () -> new ConfigLoader(Map.of("GITEA_RUNNER_CAPACITY", "many"), dir).load(null))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "environment: GITEA_RUNNER_CAPACITY: expected an integer, got \"many\""));
  }

  @Test
  void parse_withFileIgnoresLegacyVariablesWithAWarning() throws ConfigException {
    LoadedConfig loaded =
        new ConfigLoader(Map.of("GITEA_RUNNER_CAPACITY", "5"), dir).parse("", "c.yaml");

    assertThat(loaded.config().runner().capacity()).isEqualTo(1);
    assertThat(loaded.warnings())
        .containsExactly(
            "c.yaml: environment variable GITEA_RUNNER_CAPACITY is ignored because a config file"
                + " is used");
  }

  @Test
  void parse_mergesTheDefaultEnvFileFromTheWorkingDirectoryOverEnvs() throws Exception {
    Files.writeString(dir.resolve(".env"), "# comment\nexport B=from file\nC='$HOME'\n");
    LoadedConfig loaded =
        new ConfigLoader(Map.of("HOME", "/home/x"), dir)
            .parse("runner:\n  envs: {A: a, B: b}\n", "c.yaml");

    assertThat(loaded.config().runner().envs())
        .containsExactly(Map.entry("A", "a"), Map.entry("B", "from file"), Map.entry("C", "$HOME"));
  }

  @Test
  void parse_skipsAMissingEnvFileAndReportsAMalformedOne() throws Exception {
    ConfigLoader loader = new ConfigLoader(Map.of(), dir);
    assertThat(loader.parse("runner:\n  env_file: none.env\n", "c.yaml").config().runner().envs())
        .isEmpty();

    Files.writeString(dir.resolve("bad.env"), "OK=1\nnot a pair\n");
    assertThatThrownBy(() -> loader.parse("runner:\n  env_file: bad.env\n", "c.yaml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("c.yaml:2: runner.env_file: ")
                    .endsWith("bad.env: line 2: expected KEY=VALUE, got \"not a pair\""));
  }
}
