// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  @TempDir Path dir;

  private LoadedConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Map.of(), dir).parse(yaml, "config.yaml");
  }

  private ConfigException problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource({"''", "'# only a comment'", "'log:'", "'runner: ~'", "'{}'"})
  void parse_emptyDocumentsGiveTheDefaults(String yaml) throws ConfigException {
    LoadedConfig loaded = parse(yaml);

    assertThat(loaded.config()).isEqualTo(RunnerConfig.defaults());
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void defaults_areForgejoRunnersWithShutdownTimeoutOf3h() {
    RunnerConfig d = RunnerConfig.defaults();

    assertThat(d.log()).isEqualTo(new LogSection("info", "info"));
    assertThat(d.runner().file()).isEqualTo(Path.of(".runner"));
    assertThat(d.runner().caFile()).isEmpty();
    assertThat(d.runner().capacity()).isEqualTo(1);
    assertThat(d.runner().envFile()).isEqualTo(".env");
    assertThat(d.runner().timeout()).isEqualTo(Duration.ofHours(3));
    assertThat(d.runner().shutdownTimeout()).isEqualTo(Duration.ofHours(3));
    assertThat(d.runner().fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.runner().fetchInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.runner().reportInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.runner().reportRetry())
        .isEqualTo(new ReportRetry(10, Duration.ofMillis(100), Duration.ZERO));
    assertThat(d.runner().defaultImage()).isEqualTo("node:22-bookworm");
    assertThat(d.cache().enabled()).isTrue();
    assertThat(d.container().workdirParent()).isEqualTo("workspace");
    assertThat(d.container().dockerHost()).isEqualTo("-");
    assertThat(d.container().allowedOptions()).isEmpty();
  }

  @Test
  void workspace_isUnderWorkdirParent() {
    assertThat(ContainerSection.defaults().workspace("o/r")).isEqualTo("/workspace/o/r");
    assertThat(ContainerSection.workspace("/srv/jobs/", "o/r")).isEqualTo("/srv/jobs/o/r");
    assertThat(ContainerSection.workspace("work", "")).isEqualTo("/work/workspace");
  }

  @Test
  void parse_readsEveryKey() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    String yaml =
        """
        log: {level: debug, job_level: warn}
        runner:
          file: /var/lib/jrunner/.runner
          capacity: 4
          envs: {A: "1", B: 2, C: true, D: ~}
          env_file: ""
          timeout: 1h30m
          shutdown_timeout: 0
          insecure: yes
          fetch_timeout: 10s
          fetch_interval: 1m
          report_interval: 500ms
          labels: [ubuntu-latest, "self:host", "n:docker://node:20"]
          report_retry: {max_retries: 3, initial_delay: 1s, max_delay: 10s}
          ca_file: ca.pem
          default_image: alpine:3
        cache:
          enabled: false
          port: 8088
          dir: /srv/cache
          external_server: http://cache:9000/
          secret: s3cr3t
          host: 10.0.0.1
          proxy_port: 8089
          actions_cache_url_override: http://override
        container:
          network: host
          enable_ipv6: true
          privileged: true
          options: --volume /a:/a:ro
          workdir_parent: work
          valid_volumes: ['**']
          docker_host: automount
          force_pull: true
          force_rebuild: true
          allowed_options: [--cap-add]
        host:
          workdir_parent: /tmp/act
        """;
    LoadedConfig loaded = parse(yaml);
    RunnerConfig c = loaded.config();

    assertThat(loaded.warnings()).isEmpty();
    assertThat(c.log()).isEqualTo(new LogSection("debug", "warn"));
    assertThat(c.runner())
        .isEqualTo(
            new RunnerSection(
                Path.of("/var/lib/jrunner/.runner"),
                4,
                Map.of("A", "1", "B", "2", "C", "true", "D", ""),
                "",
                Duration.ofMinutes(90),
                Duration.ZERO,
                true,
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofMillis(500),
                List.of("ubuntu-latest", "self:host", "n:docker://node:20"),
                new ReportRetry(3, Duration.ofSeconds(1), Duration.ofSeconds(10)),
                Optional.of(Path.of("ca.pem")),
                "alpine:3"));
    assertThat(c.cache())
        .isEqualTo(
            new CacheSection(
                false,
                8088,
                "/srv/cache",
                "http://cache:9000/",
                "s3cr3t",
                "10.0.0.1",
                8089,
                "http://override"));
    assertThat(c.container())
        .isEqualTo(
            new ContainerSection(
                "host",
                "",
                true,
                true,
                "--volume /a:/a:ro",
                "work",
                List.of("**"),
                "automount",
                true,
                true,
                List.of("--cap-add")));
    assertThat(c.host()).isEqualTo(new HostSection("/tmp/act"));
  }

  @Test
  void parse_zeroNegativeAndEmptyValuesFallBackAsInForgejoRunner() throws ConfigException {
    String yaml =
        """
        log: {level: ""}
        runner:
          file: ""
          capacity: -3
          timeout: 0s
          fetch_timeout: -1s
          fetch_interval: 0
          report_interval: -5m
          shutdown_timeout: -1s
          report_retry: {max_retries: 0, initial_delay: 0, max_delay: -1s}
          default_image: ""
        container: {workdir_parent: "", docker_host: ""}
        """;
    RunnerConfig c = parse(yaml).config();

    RunnerConfig d = RunnerConfig.defaults();
    assertThat(c.log()).isEqualTo(d.log());
    assertThat(c.runner())
        .usingRecursiveComparison()
        .ignoringFields("shutdownTimeout")
        .isEqualTo(d.runner());
    assertThat(c.runner().shutdownTimeout()).isZero();
    assertThat(c.container()).isEqualTo(d.container());
  }

  @Test
  void parse_warnsAboutUnknownKeysWithTheirLine() throws ConfigException {
    String yaml =
        """
        runner:
          capcity: 2
          report_retry:
            max_retry: 1
        cache:
          secret_url: file:///x
        server:
          connections: {}
        extra: 1
        """;
    assertThat(parse(yaml).warnings())
        .containsExactly(
            "config.yaml:2: unknown key runner.capcity",
            "config.yaml:4: unknown key runner.report_retry.max_retry",
            "config.yaml:6: unknown key cache.secret_url (not supported by jrunner; use"
                + " cache.secret; ignored)",
            "config.yaml:7: unknown key server (forgejo-runner v13 server.connections is not"
                + " supported by jrunner; ignored)",
            "config.yaml:9: unknown key extra");
  }

  @Test
  void parse_listsEveryProblemWithItsLine() {
    String yaml =
        """
        log:
          level: loud
        runner:
          capacity: two
          timeout: 3 hours
          insecure: maybe
          labels:
            - ok
            - "bad:nope"
            - "self:host:x"
            - ok
          envs: [a]
        cache:
          port: 70000
        container: [x]
        """;
    ConfigException e = problems(yaml);

    assertThat(e.problems())
        .containsExactly(
            "config.yaml:2: log.level: unknown level \"loud\" (use trace, debug, info, warn,"
                + " error or fatal)",
            "config.yaml:4: runner.capacity: expected an integer, got \"two\"",
            "config.yaml:5: runner.timeout: invalid duration \"3 hours\": unknown unit \" hours\""
                + " (valid units are ns, us, \u00b5s, ms, s, m, h)",
            "config.yaml:6: runner.insecure: expected true or false, got \"maybe\"",
            "config.yaml:9: runner.labels[1]: invalid label \"bad:nope\": unknown schema"
                + " \"nope\" (valid forms are NAME, NAME:docker://IMAGE, NAME:host and"
                + " NAME:lxc://TEMPLATE)",
            "config.yaml:10: runner.labels[2]: invalid label \"self:host:x\": the host schema"
                + " takes no argument (write NAME:host) (valid forms are NAME,"
                + " NAME:docker://IMAGE, NAME:host and NAME:lxc://TEMPLATE)",
            "config.yaml:11: runner.labels[3]: duplicate label name \"ok\" (also"
                + " runner.labels[0])",
            "config.yaml:12: runner.envs: expected a mapping, got a list",
            "config.yaml:14: cache.port: 70000 is out of range (0 to 65535)",
            "config.yaml:15: container: expected a mapping, got a list");
    assertThat(e.getMessage()).isEqualTo("invalid configuration (config.yaml): 10 problems");
  }

  @Test
  void parse_aSingleProblemIsListedUnderTheSummary() {
    ConfigException e = problems("runner:\n  fetch_interval: 5\n");

    assertThat(e.getMessage()).isEqualTo("invalid configuration (config.yaml): 1 problem");
    assertThat(e.problems())
        .containsExactly(
            "config.yaml:2: runner.fetch_interval: invalid duration \"5\": missing unit (valid"
                + " units are ns, us, \u00b5s, ms, s, m, h)");
    assertThat(e.toString()).contains("1 problem: config.yaml:2: runner.fetch_interval");
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "'runner:\\n  capacity: [1\\n'   | config.yaml:3: invalid YAML:",
        "'a: b\\n c: d\\n'               | config.yaml:2: invalid YAML:",
        "'- a\\n- b\\n'                  | config.yaml:1: the document: expected a mapping",
        "'x: 1\\n---\\ny: 2\\n'           | config.yaml:3: only one YAML document is allowed",
        "'log: {level: a, level: b}'     | config.yaml:1: duplicate key log.level (first defined"
            + " on line 1)",
        "'runner:\\n  labels: a'          | config.yaml:2: runner.labels: expected a list, got"
            + " \"a\"",
        "'runner:\\n  labels: [[a]]'      | config.yaml:2: runner.labels: list items must be"
            + " strings",
        "'runner:\\n  default_image: \"a b\"' | config.yaml:2: runner.default_image: invalid"
            + " image \"a b\"",
        "'runner:\\n  ca_file: nope.pem' | runner.ca_file:",
        "'runner:\\n  report_retry: {max_retries: -1}' | runner.report_retry.max_retries: -1 is"
            + " out of range",
        "'runner:\\n  capacity: 99999999999' | runner.capacity: 99999999999 is out of range",
      })
  void parse_reportsInvalidDocuments(String yaml, String expected) {
    assertThat(problems(yaml.replace("\\n", "\n")).problems())
        .anySatisfy(p -> assertThat(p).contains(expected));
  }

  @Test
  void parse_rejectsPathsTheFileSystemCannotHold() {
    assertThat(problems("runner:\n  file: \"a\\0b\"\n").problems())
        .containsExactly("config.yaml:2: runner.file: invalid path \"a\u0000b\"");
  }

  @Test
  void load_staticFormWithoutFileUsesTheGivenEnvironment() throws ConfigException {
    LoadedConfig loaded = ConfigLoader.load(Optional.empty(), Map.of("GITEA_RUNNER_CAPACITY", "2"));

    assertThat(loaded.config().runner().capacity()).isEqualTo(2);
  }

  @Test
  void parse_mapsTheDeprecatedNetworkMode() throws ConfigException {
    LoadedConfig bridge = parse("container:\n  network_mode: bridge\n");
    LoadedConfig named = parse("container:\n  network_mode: mynet\n");
    LoadedConfig both = parse("container:\n  network: a\n  network_mode: b\n");

    assertThat(bridge.config().container().network()).isEmpty();
    assertThat(bridge.config().container().networkMode()).isEqualTo("bridge");
    assertThat(bridge.warnings())
        .containsExactly(
            "config.yaml:2: container.network_mode is deprecated; use container.network");
    assertThat(named.config().container().network()).isEqualTo("mynet");
    assertThat(both.config().container().network()).isEqualTo("a");
    assertThat(both.warnings()).singleElement().asString().contains("is ignored");
  }

  @Test
  void load_readsAFileAndNamesItInMessages() throws Exception {
    Path file = dir.resolve("my.yaml");
    Files.writeString(file, "runner:\n  capacity: 3\n  bogus: 1\n");
    ConfigLoader loader = new ConfigLoader(Map.of(), dir);

    LoadedConfig loaded = loader.load(file);

    assertThat(loaded.config().runner().capacity()).isEqualTo(3);
    assertThat(loaded.warnings()).containsExactly(file + ":3: unknown key runner.bogus");
    assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(dir.resolve("missing.yaml") + ": config file does not exist"));
  }
}
