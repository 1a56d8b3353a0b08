// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** forgejo-runner v13's one-job connection flags, parsed as picocli parses them. */
class ConnectionOptionsTest {
  private static final String UUID = "d4637a60-7fea-4075-a81c-7e4ae01bdf0d";
  private static final String TOKEN = "e1f3d26e034687a2b6856c4c6c3d87a469ff3bea";

  @TempDir Path dir;

  @Test
  void allThreeGiveARegistration_theTokenReadFromTheFileUrl() throws Exception {
    Path file = Files.writeString(dir.resolve("runner-token"), TOKEN + "\n");
    for (String url : List.of("file:" + file, "file://" + file)) {
      ConnectionOptions o =
          parse(
              "--url",
              "http://localhost:3000/",
              "--uuid",
              UUID,
              "--token-url",
              url,
              "--label",
              "debian:docker://node:lts",
              "--label",
              "self:host",
              "--fetch-interval",
              "5s");

      var r = o.connection(Map.of()).orElseThrow().registration();

      assertThat(r.uuid()).isEqualTo(UUID);
      assertThat(r.token()).isEqualTo(TOKEN);
      assertThat(r.address()).isEqualTo("http://localhost:3000");
      assertThat(r.labels()).containsExactly("debian:docker://node:lts", "self:host");
      assertThat(o.fetchInterval()).contains(Duration.ofSeconds(5));
    }
  }

  @Test
  void credentialsDirectoryIsExpanded() throws Exception {
    Files.writeString(dir.resolve("tok"), TOKEN);
    ConnectionOptions o =
        parse(
            "--url",
            "https://f.example",
            "--uuid",
            UUID,
            "--token-url",
            "file:$CREDENTIALS_DIRECTORY/tok");

    assertThat(
            o.connection(Map.of("CREDENTIALS_DIRECTORY", dir.toString()))
                .orElseThrow()
                .registration()
                .token())
        .isEqualTo(TOKEN);
  }

  @Test
  void noneGivenMeansTheRunnerFile() throws Exception {
    assertThat(parse().connection(Map.of())).isEmpty();
    assertThat(parse().fetchInterval()).isEmpty();
  }

  @Test
  void badCombinationsAreConfigErrorsThatNeverShowTheToken() throws Exception {
    Path file = Files.writeString(dir.resolve("t"), TOKEN);
    assertExit3(parse("--uuid", UUID), "go together");
    assertExit3(
        parse("--url", "http://x", "--uuid", "nope", "--token-url", "file:" + file), "not a UUID");
    assertExit3(
        parse("--url", "ftp://x", "--uuid", UUID, "--token-url", "file:" + file),
        "--url: invalid instance URL 'ftp://x'");
    assertExit3(
        parse("--url", "http://x y", "--uuid", UUID, "--token-url", "file:" + file),
        "--url: invalid instance URL 'http://x y'");
    assertExit3(
        parse("--url", "http://x", "--uuid", UUID, "--token-url", "https://x/t"), "only file:");
    assertExit3(
        parse("--url", "http://x", "--uuid", UUID, "--token-url", "file:" + dir.resolve("missing")),
        "cannot read");
    Files.writeString(file, "  \n");
    assertExit3(
        parse("--url", "http://x", "--uuid", UUID, "--token-url", "file:" + file), "is empty");
    assertThatThrownBy(() -> parse("--fetch-interval", "soon").fetchInterval())
        .isInstanceOfSatisfying(
            UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG));
  }

  private void assertExit3(ConnectionOptions o, String message) {
    assertThatThrownBy(() -> o.connection(Map.of()))
        .isInstanceOfSatisfying(
            UserError.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
              assertThat(e.getMessage()).contains(message).doesNotContain(TOKEN);
            });
  }

  private static ConnectionOptions parse(String... args) {
    ConnectionOptions o = new ConnectionOptions();
    new CommandLine(o).parseArgs(args);
    return o;
  }
}
