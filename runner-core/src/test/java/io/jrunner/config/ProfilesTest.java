// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
  @TempDir Path dir;

  private static final String CONFIG =
      """
      runner:
        capacity: 3
        labels: ["base:host"]
        fetch_interval: 7s
      container:
        valid_volumes: ["data"]
        force_pull: true
      profiles:
        dev:
          runner:
            labels: ["dev:docker://node:22-bookworm"]
          container:
            docker_host: automount
        prod:
          runner:
            labels: ["prod:docker://node:22-bookworm"]
            capacity: 1
          container:
            valid_volumes: []
          policy:
            refs:
              allowed: [refs/heads/main, "refs/tags/v*"]
              require_protected: true
            events:
              refused: [pull_request, Pull_Request_Target]
            repositories: ["team/*"]
            registries: [localhost:5000]
            docker_socket: false
            privileged: false
            host_volumes: false
      """;

  private LoadedConfig parse(String yaml, String profile) throws ConfigException {
    return new ConfigLoader(Map.of(), dir).parse(yaml, "config.yaml", profile);
  }

  @Test
  void aProfileOverlaysKeyByKeyAndKeepsTheRest() throws ConfigException {
    RunnerConfig prod = parse(CONFIG, "prod").config();

    assertThat(prod.runner().labels()).containsExactly("prod:docker://node:22-bookworm");
    assertThat(prod.runner().capacity()).isEqualTo(1);
    assertThat(prod.runner().fetchInterval()).hasSeconds(7); // from the top level
    assertThat(prod.container().validVolumes()).isEmpty(); // lists are replaced
    assertThat(prod.container().forcePull()).isTrue();

    RunnerConfig dev = parse(CONFIG, "dev").config();
    assertThat(dev.runner().capacity()).isEqualTo(3);
    assertThat(dev.container().dockerHost()).isEqualTo("automount");
    assertThat(dev.container().validVolumes()).containsExactly("data");
  }

  @Test
  void eachProfileKeepsItsOwnCacheEntriesUnlessItSetsADir() throws ConfigException {
    Path home = Path.of("/home/svc");
    assertThat(parse(CONFIG, "prod").config().cache().resolvedDir(home))
        .isEqualTo(Path.of("/home/svc/.cache/actcache/prod"));
    assertThat(parse(CONFIG, "dev").config().cache().resolvedDir(home))
        .isEqualTo(Path.of("/home/svc/.cache/actcache/dev"));
    assertThat(parse(CONFIG, null).config().cache().resolvedDir(home))
        .isEqualTo(Path.of("/home/svc/.cache/actcache"));
    String own =
        CONFIG.replace("\n    policy:", "\n    cache:\n      dir: /srv/cache\n    policy:");
    assertThat(parse(own, "prod").config().cache().resolvedDir(home))
        .isEqualTo(Path.of("/srv/cache"));
  }

  @Test
  void eachProfileHasItsOwnRunnerFileUnlessItSetsOne() throws ConfigException {
    assertThat(parse(CONFIG, "prod").config().runner().file()).isEqualTo(Path.of("prod/.runner"));
    assertThat(parse(CONFIG, "dev").config().runner().file()).isEqualTo(Path.of("dev/.runner"));
    assertThat(parse(CONFIG, null).config().runner().file()).isEqualTo(Path.of(".runner"));

    String custom =
        """
        runner:
          file: /var/lib/jrunner/state.json
        profiles:
          prod: {}
          dev:
            runner:
              file: /srv/dev.runner
        """;
    assertThat(parse(custom, "prod").config().runner().file())
        .isEqualTo(Path.of("/var/lib/jrunner/prod/state.json"));
    assertThat(parse(custom, "dev").config().runner().file()).isEqualTo(Path.of("/srv/dev.runner"));
  }

  @Test
  void withoutAProfileTheProfilesKeyIsIgnoredAndNothingIsRestricted() throws ConfigException {
    LoadedConfig plain = parse(CONFIG, null);

    assertThat(plain.config().runner().labels()).containsExactly("base:host");
    assertThat(plain.policy()).isEqualTo(PolicySection.open());
    assertThat(plain.policy().restricts()).isFalse();
    assertThat(plain.warnings()).isEmpty();
  }

  @Test
  void thePolicyIsReadWithItsProfileForTheKeysItNames() throws ConfigException {
    PolicySection policy = parse(CONFIG, "prod").policy();

    assertThat(policy.profile()).contains("prod");
    assertThat(policy.allowedRefs()).containsExactly("refs/heads/main", "refs/tags/v*");
    assertThat(policy.requireProtected()).isTrue();
    assertThat(policy.refusedEvents()).containsExactly("pull_request", "pull_request_target");
    assertThat(policy.repositories()).containsExactly("team/*");
    assertThat(policy.registries()).containsExactly("localhost:5000");
    assertThat(policy.dockerSocket()).isFalse();
    assertThat(policy.privileged()).isFalse();
    assertThat(policy.hostVolumes()).isFalse();
    assertThat(policy.keyOf("refs.allowed")).isEqualTo("profiles.prod.policy.refs.allowed");

    PolicySection dev = parse(CONFIG, "dev").policy();
    assertThat(dev.profile()).contains("dev");
    assertThat(dev.restricts()).isFalse();
  }

  @Test
  void anUnknownProfileIsAnErrorNamingTheProfilesThereAre() {
    assertThatThrownBy(() -> parse(CONFIG, "staging"))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .singleElement()
        .asString()
        .contains("config.yaml:9: no profile staging under profiles: (it defines [dev, prod])")
        .endsWith("; add it under profiles: (`jrunner generate-config --profile prod` shows one)");
  }

  @Test
  void aProfileNeedsAConfigFile() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.empty(), Optional.of("prod"), Map.<String, String>of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .singleElement()
                    .asString()
                    .startsWith("--profile prod needs a config file (--config FILE)"));
  }

  @Test
  void typosAndWrongTypesInAProfileAreReportedWithTheirLine() throws ConfigException {
    String yaml =
        """
        profiles:
          prod:
            runner:
              capcity: 2
            policy:
              refs:
                allowed: refs/heads/main
              docker_sockets: false
            cach: {}
        """;
    assertThatThrownBy(() -> parse(yaml, "prod"))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly(
            "config.yaml:7: profiles.prod.policy.refs.allowed: expected a list, got"
                + " \"refs/heads/main\"");

    LoadedConfig loaded =
        parse(yaml.replace("allowed: refs/heads/main", "allowed: [refs/heads/main]"), "prod");
    assertThat(loaded.warnings())
        .containsExactly(
            "config.yaml:4: unknown key runner.capcity",
            "config.yaml:8: unknown key profiles.prod.policy.docker_sockets",
            "config.yaml:9: unknown key profiles.prod.cach");
  }

  @Test
  void aContainerSettingThatGivesEveryJobWhatThePolicyRefusesIsAnError() {
    String yaml =
        """
        container:
          docker_host: automount
          privileged: true
          allowed_options: [cap-add, privileged]
        profiles:
          prod:
            policy:
              docker_socket: false
              privileged: false
        """;
    assertThatThrownBy(() -> parse(yaml, "prod"))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).problems())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly(
            "config.yaml: profiles.prod.container.docker_host is automount, which gives every job"
                + " the Docker engine, but profiles.prod.policy.docker_socket is false; set"
                + " docker_host to - or allow the socket",
            "config.yaml: profiles.prod.container.privileged is true, but"
                + " profiles.prod.policy.privileged is false; set one of them",
            "config.yaml: profiles.prod.container.allowed_options names --privileged, but"
                + " profiles.prod.policy.privileged is false; remove it from allowed_options or"
                + " allow privileged");
  }

  @Test
  void theGeneratedProfilesParseToWhatTheirCommentsSay() throws ConfigException {
    LoadedConfig prod = parse(ConfigLoader.exampleYaml("prod"), "prod");
    assertThat(prod.warnings()).isEmpty();
    assertThat(prod.config().runner().labels()).containsExactly("prod:docker://node:22-bookworm");
    assertThat(prod.config().runner().file()).isEqualTo(Path.of("prod/.runner"));
    assertThat(prod.config().container().dockerHost()).isEqualTo("-");
    assertThat(prod.config().container().validVolumes()).isEmpty();
    assertThat(prod.config().container().allowedOptions()).isEmpty();
    assertThat(prod.policy())
        .isEqualTo(
            new PolicySection(
                Optional.of("prod"),
                List.of("refs/heads/main", "refs/tags/v*"),
                true,
                List.of("pull_request", "pull_request_target"),
                List.of(),
                List.of(),
                false,
                false,
                false));

    LoadedConfig dev = parse(ConfigLoader.exampleYaml("dev"), "dev");
    assertThat(dev.warnings()).isEmpty();
    assertThat(dev.config().runner().labels()).contains("dev:docker://node:22-bookworm");
    assertThat(dev.config().container().dockerHost()).isEqualTo("automount");
    assertThat(dev.policy().restricts()).isFalse();

    // Without --profile the generated files are the defaults: forgejo-runner reads them as well.
    assertThat(parse(ConfigLoader.exampleYaml("prod"), null).config())
        .isEqualTo(RunnerConfig.defaults());
  }
}
