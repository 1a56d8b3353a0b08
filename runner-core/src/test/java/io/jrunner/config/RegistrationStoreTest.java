// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationStoreTest {
  private static final Registration REG =
      new Registration(
          12,
          "6a1d3c53-8d6f-4a6b-9a52-1f0e2d4c5b6a",
          "my-runner",
          "0123456789abcdef0123456789abcdef01234567",
          "https://forge.example",
          List.of("docker:docker://node:22-bookworm", "self-hosted:host"));

  @TempDir Path dir;

  @Test
  void save_writesForgejoRunnersJsonExactly() throws Exception {
    Path file = dir.resolve(".runner");

    assertThat(RegistrationStore.save(file, REG)).isTrue();

    assertThat(Files.readString(file))
        .isEqualTo(
            """
            {
              "WARNING": "%s",
              "id": 12,
              "uuid": "6a1d3c53-8d6f-4a6b-9a52-1f0e2d4c5b6a",
              "name": "my-runner",
              "token": "0123456789abcdef0123456789abcdef01234567",
              "address": "https://forge.example",
              "labels": [
                "docker:docker://node:22-bookworm",
                "self-hosted:host"
              ]
            }
            """
                .formatted(Registration.WARNING));
    assertThat(RegistrationStore.load(file)).isEqualTo(REG);
  }

  @Test
  void save_escapesLikeGoAndWritesEmptyLabelsAsAnEmptyList() throws Exception {
    Registration odd = new Registration(0, "u", "a<b>&'=\"", "t", "https://x", List.of());

    String json = RegistrationJson.write(odd);

    assertThat(json).contains("\"name\": \"a\\u003cb\\u003e\\u0026'=\\\"\"");
    assertThat(json).contains("\"labels\": []");
    assertThat(json).endsWith("}\n");
  }

  @Test
  void save_isOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve(".runner");

    RegistrationStore.save(file, REG);
    RegistrationStore.save(file, REG.withLabels(List.of("x:host")));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void save_rewritesOnlyWhenTheContentChanges() throws Exception {
    Path file = dir.resolve(".runner");
    RegistrationStore.save(file, REG);
    FileTime old = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(file, old);

    assertThat(RegistrationStore.save(file, REG)).isFalse();
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);

    assertThat(RegistrationStore.save(file, REG.withLabels(List.of("a:host")))).isTrue();
    assertThat(RegistrationStore.load(file).labels()).containsExactly("a:host");
  }

  @Test
  void save_replacesAMalformedFile() throws Exception {
    Path file = dir.resolve(".runner");
    Files.writeString(file, "garbage");

    assertThat(RegistrationStore.save(file, REG)).isTrue();
    assertThat(RegistrationStore.load(file)).isEqualTo(REG);
  }

  @Test
  void save_failsClearlyWhenTheDirectoryIsMissing() {
    Path file = dir.resolve("no/such/dir/.runner");

    assertThatThrownBy(() -> RegistrationStore.save(file, REG))
        .isInstanceOf(RegistrationException.class)
        .hasMessageStartingWith("cannot write " + file);
  }

  @Test
  void load_toleratesMissingOptionalKeysAndUnknownOnes() throws Exception {
    Path file = dir.resolve(".runner");
    Files.writeString(
        file, "{\"uuid\": \"u\", \"token\": \"t\", \"address\": \"a\", \"ephemeral\": true}");

    assertThat(RegistrationStore.load(file))
        .isEqualTo(new Registration(0, "u", "", "t", "a", List.of()));
  }

  @Test
  void load_missingFileSaysToRegister() {
    Path file = dir.resolve(".runner");

    assertThat(RegistrationStore.exists(file)).isFalse();
    assertThatThrownBy(() -> RegistrationStore.load(file))
        .isInstanceOf(RegistrationException.class)
        .hasMessage("not registered: " + file + " does not exist; run `jrunner register` first");
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                            | expected a JSON object",
        "'{'                                           | ",
        "'[]'                                          | expected a JSON object",
        "'{\"token\": \"t\", \"address\": \"a\"}'      | \"uuid\" is missing or empty",
        "'{\"uuid\": \"u\", \"address\": \"a\"}'       | \"token\" is missing or empty",
        "'{\"uuid\": \"u\", \"token\": \"t\"}'         | \"address\" is missing or empty",
        "'{\"uuid\": 1, \"token\": \"t\", \"address\": \"a\"}' | \"uuid\" must be a string",
        "'{\"uuid\": \"u\", \"token\": \"t\", \"address\": \"a\", \"labels\": \"x\"}' | \"labels\""
            + " must be a list of strings",
        "'{\"id\": \"x\", \"uuid\": \"u\", \"token\": \"t\", \"address\": \"a\"}' | ",
      })
  void load_malformedFilesNameTheFile(String content, String reason) throws Exception {
    Path file = dir.resolve(".runner");
    Files.writeString(file, content);

    assertThatThrownBy(() -> RegistrationStore.load(file))
        .isInstanceOf(RegistrationException.class)
        .hasMessageStartingWith(file + " is not a valid registration file (")
        .hasMessageContaining(reason == null ? "" : reason)
        .hasMessageEndingWith("; register again");
  }

  @Test
  void toString_redactsTheToken() {
    assertThat(REG.toString()).doesNotContain(REG.token()).contains("token=***", "my-runner");
  }
}
