// SPDX-License-Identifier: Apache-2.0
package io.jrunner.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code host.run_as} with real processes: as root (CI), steps run as {@code nobody} and cannot
 * read the runner's 0600 files; as another user, the setting is refused with the reason.
 */
class RunAsTest {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private Path base;

  @BeforeEach
  void base() throws Exception {
    base = Files.createTempDirectory("jrunner-runas-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void clean() {
    HostJobEnvironment.deleteTree(base);
  }

  @Test
  void stepsRunAsTheUserAndCannotReadTheRunnersFiles() throws Exception {
    if (!ROOT) {
      assertThatThrownBy(() -> RunAs.resolve("nobody"))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("needs the runner to run as root");
      return;
    }
    RunAs nobody = RunAs.resolve("nobody");
    assertThat(nobody.uid()).isPositive();
    Path secret = base.resolve(".runner");
    Files.writeString(secret, "token");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    HostBackend backend =
        new HostBackend(
            base.resolve("work"), Map.of("PATH", System.getenv("PATH")), Optional.of(nobody));
    List<String> lines = new CopyOnWriteArrayList<>();
    try (JobEnvironment env = backend.open(spec(), (err, l) -> lines.add(l))) {
      int code =
          env.exec(
              ExecSpec.of(
                  "sh",
                  "-c",
                  "id -un; echo \"$HOME\"; echo made > made && cat made; cat "
                      + secret
                      + " || echo refused"),
              (err, l) -> lines.add(l));
      assertThat(code).isZero();
      assertThat(Files.getOwner(Path.of(env.workspace(), "made")).getName()).isEqualTo("nobody");
    }
    assertThat(lines)
        .contains("Steps run as nobody", "nobody", nobody.home(), "made", "refused")
        .doesNotContain("token");
  }

  @Test
  void aWorkDirectoryTheUserCannotEnter_isRefusedWithTheReason() throws Exception {
    if (!ROOT) {
      return; // resolve() refuses first, as the test above shows
    }
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
    HostBackend backend =
        new HostBackend(base.resolve("work"), Map.of(), Optional.of(RunAs.resolve("nobody")));
    assertThatThrownBy(() -> backend.open(spec(), (err, l) -> {}))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("nobody cannot enter " + base)
        .hasMessageContaining("host.workdir_parent");
  }

  @Test
  void anUnknownUser_isRefused() {
    assertThatThrownBy(() -> RunAs.resolve("no-such-user-jrunner"))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining(ROOT ? "no user no-such-user-jrunner" : "needs the runner");
  }

  private static JobSpec spec() {
    return new JobSpec("r", 1, "", Map.of(), "/ignored", List.of());
  }
}
