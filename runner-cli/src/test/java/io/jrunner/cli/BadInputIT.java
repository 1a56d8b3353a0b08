// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.testkit.FakeForgejoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input from the command line: one clear line, a non-zero exit, never a stack trace. */
class BadInputIT {
  @TempDir Path dir;

  @Test
  void malformedUrl() throws Exception {
    assertOneError(
        JrunnerProcess.run(
            dir, "register", "--no-interactive", "--instance", "forgejo.local", "--token", "x"),
        2,
        "invalid instance URL 'forgejo.local'");
  }

  @Test
  void unreachableServer() throws Exception {
    assertOneError(
        JrunnerProcess.run(
            dir,
            "register",
            "--no-interactive",
            "--instance",
            "http://127.0.0.1:9/",
            "--token",
            "x"),
        1,
        "cannot reach http://127.0.0.1:9/");
  }

  @Test
  void notAForgejoInstance() throws Exception {
    try (FakeForgejoServer server = FakeForgejoServer.start()) {
      assertOneError(
          JrunnerProcess.run(
              dir,
              "register",
              "--no-interactive",
              "--instance",
              server.url() + "/not-here/",
              "--token",
              "x"),
          1,
          "not as a Forgejo instance with Actions");
    }
  }

  @Test
  void badRegistrationToken() throws Exception {
    try (FakeForgejoServer server = FakeForgejoServer.start()) {
      JrunnerProcess.Result r =
          JrunnerProcess.run(
              dir, "register", "--no-interactive", "--instance", server.url(), "--token", "nope");
      assertOneError(r, 4, "refused the registration token: runner registration token not found");
      assertThat(dir.resolve(".runner")).doesNotExist();
    }
  }

  @Test
  void badLabels() throws Exception {
    assertOneError(
        JrunnerProcess.run(
            dir,
            "register",
            "--no-interactive",
            "--instance",
            "http://127.0.0.1:9/",
            "--token",
            "x",
            "--labels",
            "ok:host,bad:ftp://x,also bad"),
        3,
        "invalid label \"bad:ftp://x\"");
  }

  @Test
  void malformedConfig() throws Exception {
    Files.writeString(dir.resolve("c.yaml"), "runner:\n  capacity: many\n  timeout: 3 hours\n");
    JrunnerProcess.Result r = JrunnerProcess.run(dir, "daemon", "-c", "c.yaml");
    assertOneError(r, 3, "invalid configuration");
    assertThat(r.stderr())
        .contains("c.yaml:2: runner.capacity")
        .contains("c.yaml:3: runner.timeout");
  }

  @Test
  void notRegistered() throws Exception {
    assertOneError(JrunnerProcess.run(dir, "daemon"), 3, "run `jrunner register` first");
  }

  @Test
  void alreadyRegisteredWithoutForce() throws Exception {
    try (FakeForgejoServer server = FakeForgejoServer.start()) {
      String[] args = {
        "register",
        "--no-interactive",
        "--instance",
        server.url(),
        "--token",
        server.registrationToken(),
        "--labels",
        "a:host"
      };
      assertThat(JrunnerProcess.run(dir, args).exitCode()).isZero();
      assertOneError(JrunnerProcess.run(dir, args), 3, "already registered");
    }
  }

  private static void assertOneError(JrunnerProcess.Result r, int code, String message) {
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(code);
    assertThat(r.stderr()).contains("jrunner: error: ").contains(message);
    assertThat(r.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
  }
}
