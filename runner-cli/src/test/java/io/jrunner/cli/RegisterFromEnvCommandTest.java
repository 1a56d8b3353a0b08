// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.RecordedCall;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrunner register-from-env} in-process against the fake Forgejo. */
class RegisterFromEnvCommandTest {
  @TempDir Path dir;
  private FakeForgejoServer server;
  private Path config;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    config = dir.resolve("config.yaml");
    Files.writeString(config, "runner:\n  file: " + dir.resolve(".runner") + "\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(Map<String, String> env) {
    var cmd =
        RunnerCommand.commandLine(
            new CliContext(Optional.empty(), env, Clock.systemUTC(), "container-7"));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute("register-from-env", "--config", config.toString());
  }

  @Test
  void registersFromTheGiteaVariablesThenSkipsOnceRegistered() throws Exception {
    Map<String, String> env =
        Map.of(
            "GITEA_INSTANCE_URL", server.url(),
            "GITEA_RUNNER_REGISTRATION_TOKEN", server.registrationToken(),
            "GITEA_RUNNER_LABELS", "ubuntu-latest, docker");

    assertThat(run(env)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Registered runner container-7");
    assertThat(server.runners())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("container-7");
              assertThat(r.labels()).containsExactly("ubuntu-latest", "docker");
            });
    assertThat(Files.readString(dir.resolve(".runner"))).contains("container-7");

    assertThat(run(env)).isZero();
    assertThat(out.toString())
        .contains("Already registered (" + dir.resolve(".runner") + "); skipping registration.");
    assertThat(server.calls("Register")).hasSize(1);
  }

  @Test
  void theStateFileDecidesWhetherToRegister() throws Exception {
    Path state = Files.writeString(dir.resolve("state"), "{}");
    assertThat(run(Map.of("RUNNER_STATE_FILE", state.toString()))).isZero();
    assertThat(server.calls().stream().map(RecordedCall::method)).isEmpty();
  }

  @Test
  void withoutInstanceOrTokenItSaysWhichVariableIsMissing() {
    assertThat(run(Map.of("GITEA_RUNNER_REGISTRATION_TOKEN", "t"))).isEqualTo(3);
    assertThat(err.toString()).contains("GITEA_INSTANCE_URL is not set").doesNotContain("\tat ");
    assertThat(run(Map.of("FORGEJO_INSTANCE_URL", server.url()))).isEqualTo(3);
    assertThat(err.toString())
        .contains(
            "neither GITEA_RUNNER_REGISTRATION_TOKEN nor GITEA_RUNNER_REGISTRATION_TOKEN_FILE");
  }

  @Test
  void aRefusedTokenIsNotRetried() {
    int code =
        run(
            Map.of(
                "JRUNNER_INSTANCE_URL",
                server.url(),
                "JRUNNER_RUNNER_REGISTRATION_TOKEN",
                "wrong"));
    assertThat(code).isEqualTo(ExitCode.CREDENTIALS_REJECTED.code());
    assertThat(server.calls("Register")).hasSize(1);
    assertThat(err.toString()).doesNotContain("retrying").doesNotContain("wrong");
  }

  @Test
  void anUnreachableInstanceFailsAfterTheLastAttempt() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    int code =
        run(
            Map.of(
                "GITEA_INSTANCE_URL", "http://127.0.0.1:" + port,
                "GITEA_RUNNER_REGISTRATION_TOKEN", "t",
                "GITEA_MAX_REG_ATTEMPTS", "1"));
    assertThat(code).isEqualTo(ExitCode.FAILURE.code());
    assertThat(err.toString())
        .contains("cannot reach http://127.0.0.1:" + port)
        .contains("Giving up after 1 registration attempts (GITEA_MAX_REG_ATTEMPTS).")
        .doesNotContain("retrying in");
    assertThat(Files.exists(dir.resolve(".runner"))).isFalse();
  }
}
