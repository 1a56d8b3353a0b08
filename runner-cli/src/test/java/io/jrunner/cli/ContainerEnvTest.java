// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** act_runner's container variables and their FORGEJO_/JRUNNER_ spellings. */
class ContainerEnvTest {
  @TempDir Path dir;

  @Test
  void defaultsAsActRunner() throws Exception {
    ContainerEnv env = ContainerEnv.read(Map.of(), "box-1");
    assertThat(env.instance()).isEmpty();
    assertThat(env.token()).isEmpty();
    assertThat(env.name()).isEqualTo("box-1");
    assertThat(env.labels()).isEmpty();
    assertThat(env.ephemeral()).isFalse();
    assertThat(env.maxAttempts()).isEqualTo(10);
    assertThat(env.stateFile()).isEmpty();
  }

  @Test
  void readsTheGiteaNames() throws Exception {
    ContainerEnv env =
        ContainerEnv.read(
            Map.of(
                "GITEA_INSTANCE_URL", "http://forgejo:3000",
                "GITEA_RUNNER_REGISTRATION_TOKEN", " tok ",
                "GITEA_RUNNER_NAME", "dev",
                "GITEA_RUNNER_LABELS", "ubuntu-latest,docker",
                "GITEA_RUNNER_EPHEMERAL", "1",
                "GITEA_MAX_REG_ATTEMPTS", "3",
                "RUNNER_STATE_FILE", "/data/state"),
            "box-1");
    assertThat(env)
        .isEqualTo(
            new ContainerEnv(
                Optional.of("http://forgejo:3000"),
                Optional.of("tok"),
                "dev",
                Optional.of("ubuntu-latest,docker"),
                true,
                3,
                Optional.of(Path.of("/data/state"))));
  }

  @Test
  void jrunnerWinsOverForgejoOverGiteaAndBlankIsUnset() throws Exception {
    Map<String, String> vars =
        Map.of(
            "GITEA_RUNNER_NAME", "g",
            "FORGEJO_RUNNER_NAME", "f",
            "JRUNNER_RUNNER_NAME", "j",
            "GITEA_INSTANCE_URL", "http://g",
            "FORGEJO_INSTANCE_URL", "http://f",
            "JRUNNER_INSTANCE_URL", " ");
    ContainerEnv env = ContainerEnv.read(vars, "box-1");
    assertThat(env.name()).isEqualTo("j");
    assertThat(env.instance()).contains("http://f");
  }

  @Test
  void theTokenFileIsReadWhenNoTokenIsSet() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "from-file\n");
    assertThat(
            ContainerEnv.read(
                    Map.of("FORGEJO_RUNNER_REGISTRATION_TOKEN_FILE", file.toString()), "h")
                .token())
        .contains("from-file");
    assertThat(
            ContainerEnv.read(
                    Map.of(
                        "GITEA_RUNNER_REGISTRATION_TOKEN",
                        "direct",
                        "GITEA_RUNNER_REGISTRATION_TOKEN_FILE",
                        file.toString()),
                    "h")
                .token())
        .contains("direct");
  }

  @Test
  void aMissingTokenFileIsAClearError() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(
            () ->
                ContainerEnv.read(
                    Map.of("GITEA_RUNNER_REGISTRATION_TOKEN_FILE", missing.toString()), "h"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "cannot read the registration token from GITEA_RUNNER_REGISTRATION_TOKEN_FILE="
                + missing
                + ": no such file");
  }

  @Test
  void falseAndZeroTurnEphemeralOff() throws Exception {
    assertThat(ContainerEnv.read(Map.of("GITEA_RUNNER_EPHEMERAL", "false"), "h").ephemeral())
        .isFalse();
    assertThat(ContainerEnv.read(Map.of("GITEA_RUNNER_EPHEMERAL", "0"), "h").ephemeral()).isFalse();
    assertThat(ContainerEnv.read(Map.of("GITEA_RUNNER_EPHEMERAL", "true"), "h").ephemeral())
        .isTrue();
  }

  @Test
  void badAttemptCountsNameTheVariable() {
    for (String bad : new String[] {"0", "-1", "ten"}) {
      assertThatThrownBy(() -> ContainerEnv.read(Map.of("JRUNNER_MAX_REG_ATTEMPTS", bad), "h"))
          .isInstanceOf(UserError.class)
          .hasMessage(
              "JRUNNER_MAX_REG_ATTEMPTS must be a positive number of attempts, got '" + bad + "'");
    }
  }
}
