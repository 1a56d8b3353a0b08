// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.Views.RunnerView;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands in-process, with a scripted terminal where prompts are involved. */
class RegisterCommandTest {
  @TempDir Path dir;
  private FakeForgejoServer server;
  private Path config;
  private final InProcessCli cli = new InProcessCli();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

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

  private int run(Optional<Terminal> terminal, String... args) {
    return cli.run(terminal, args);
  }

  private static Optional<Terminal> answers(String... lines) {
    return Optional.of(
        Terminal.of(
            new BufferedReader(new StringReader(String.join("\n", lines) + "\n")),
            new PrintWriter(new StringWriter())));
  }

  @Test
  void interactive_asksForWhatIsMissingAndReasksBadLabels() {
    int code =
        run(
            answers(
                "", // empty URL: asked again
                server.url(),
                server.registrationToken(),
                "", // name: the host name
                "bad:ftp://x", // invalid: asked again
                "dev:docker://node:22-bookworm, self:host"),
            "register",
            "-c",
            config.toString());

    assertThat(code).as(err.toString()).isZero();
    RunnerView runner = server.runners().get(0);
    assertThat(runner.name()).isEqualTo("host-1");
    assertThat(runner.labels()).containsExactly("dev", "self");
    assertThat(out.toString())
        .contains("invalid label \"bad:ftp://x\"")
        .contains("Registered runner");
  }

  @Test
  void interactive_declinesToOverwriteAnExistingRegistration() throws Exception {
    assertThat(
            run(
                Optional.empty(),
                "register",
                "-c",
                config.toString(),
                "--instance",
                server.url(),
                "--token",
                server.registrationToken(),
                "--labels",
                "a:host"))
        .isZero();
    String before = Files.readString(dir.resolve(".runner"));

    int code = run(answers("n"), "register", "-c", config.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Kept the existing registration");
    assertThat(Files.readString(dir.resolve(".runner"))).isEqualTo(before);
    assertThat(server.runners()).hasSize(1);
  }

  @Test
  void createRunnerFile_withASecretPreRegisteredOnTheServer() throws Exception {
    String secret = "7c31591e8b67225a" + "0".repeat(24);
    server.preRegister(secret, "pre", List.of("docker"));

    int code =
        run(
            Optional.empty(),
            "create-runner-file",
            "-c",
            config.toString(),
            "--instance",
            server.url(),
            "--secret",
            secret,
            "--name",
            "pre",
            "--labels",
            "docker:docker://node:22-bookworm",
            "--connect");

    assertThat(code).as(err.toString()).isZero();
    String runnerFile = Files.readString(dir.resolve(".runner"));
    assertThat(runnerFile)
        .contains("\"uuid\": \"37633331-3539-3165-3862-363732323561\"")
        .contains("\"token\": \"" + secret + "\"");
    assertThat(server.calls("Declare"))
        .singleElement()
        .satisfies(c -> assertThat(c.httpStatus()).isEqualTo(200));
  }

  @Test
  void createRunnerFile_withAnUnknownSecretFailsOnConnect() {
    int code =
        run(
            Optional.empty(),
            "create-runner-file",
            "-c",
            config.toString(),
            "--instance",
            server.url(),
            "--secret",
            "a".repeat(40),
            "--connect");

    assertThat(code).isEqualTo(ExitCode.CREDENTIALS_REJECTED.code());
    assertThat(err.toString()).contains("does not know this secret");
    assertThat(dir.resolve(".runner")).doesNotExist();
  }

  @Test
  void generateConfig_printsTheCommentedDefaults() {
    assertThat(run(Optional.empty(), "generate-config")).isZero();
    assertThat(out.toString()).contains("shutdown_timeout: 3h").contains("fetch_interval: 2s");
  }
}
