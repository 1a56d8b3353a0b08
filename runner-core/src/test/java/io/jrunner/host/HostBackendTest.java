// SPDX-License-Identifier: Apache-2.0
package io.jrunner.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps as processes on this machine. */
class HostBackendTest {
  @TempDir static Path parent;
  private final HostBackend backend =
      new HostBackend(parent, Map.of("PATH", System.getenv("PATH")));

  private JobSpec spec() {
    return new JobSpec("r", 1, "", Map.of("JOB", "job"), "/ignored", List.of());
  }

  @Test
  void exec_runsInTheWorkspaceWithTheEnvironmentAndCloseDeletesIt() throws Exception {
    JobEnvironment env = backend.open(spec(), (err, l) -> {});
    List<String> lines = new CopyOnWriteArrayList<>();

    int code =
        env.exec(
            ExecSpec.of("sh", "-c", "pwd; echo \"$JOB $STEP\"; echo oops >&2; exit 3")
                .withEnv(Map.of("STEP", "step")),
            (err, l) -> lines.add((err ? "E " : "O ") + l));
    env.close();

    assertThat(code).isEqualTo(3);
    assertThat(lines).contains("O " + env.workspace(), "O job step", "E oops");
    assertThat(Path.of(env.workspace())).doesNotExist();
  }

  @Test
  void stop_endsTheWholeProcessTree() throws Exception {
    try (JobEnvironment env = backend.open(spec(), (err, l) -> {})) {
      Path marker = Path.of(env.tempDir(), "children");
      Cancellation stop = Cancellation.root();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (!Files.exists(marker)) {
                    Thread.sleep(50);
                  }
                  stop.cancel(CancelReason.TIMEOUT);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });

      // The exit code depends on which process the signals reach first (wait returns 0 once its
      // children are gone); what matters is that the exec returns and nothing of the tree is left.
      env.exec(
          ExecSpec.of(
              "sh",
              "-c",
              "sleep 600 & a=$!; sleep 600 & b=$!; echo \"$a $b\" > " + marker + "; wait"),
          (err, l) -> {},
          stop);

      for (String pid : Files.readString(marker).trim().split(" ")) {
        long p = Long.parseLong(pid);
        for (int i = 0;
            i < 50 && ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
            i++) {
          Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      }
    }
  }

  @Test
  void services_needDocker() {
    JobSpec withService =
        new JobSpec(
            "r",
            2,
            "",
            Map.of(),
            "/w",
            List.of(new JobSpec.ServiceSpec("db", "x", Map.of(), List.of())));

    assertThatThrownBy(() -> backend.open(withService, (err, l) -> {}))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("need a Docker label");
  }
}
