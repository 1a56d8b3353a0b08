// SPDX-License-Identifier: Apache-2.0
package io.jrunner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crashed daemon's host jobs leave, with real processes and directories. */
class HostReaperTest {
  @TempDir Path parent;

  @Test
  void sweep_killsTheRunnersLeftoverProcessesAndDirectoriesAndNothingOfAnotherRunner()
      throws Exception {
    String mine = "runner-" + UUID.randomUUID();
    String other = "runner-" + UUID.randomUUID();
    HostBackend backend = new HostBackend(parent, Map.of("PATH", System.getenv("PATH")));
    // A step that leaves a background process behind, in a job whose daemon "crashes" (the
    // environment is never closed), and the same in another runner's job in the same directory.
    JobEnvironment crashed = backend.open(spec(mine), (err, l) -> {});
    JobEnvironment alive = backend.open(spec(other), (err, l) -> {});
    for (JobEnvironment env : List.of(crashed, alive)) {
      int code =
          env.exec(
              ExecSpec.of("sh", "-c", "sleep 300 > /dev/null 2>&1 & echo $! > ../tmp/pid"),
              (err, l) -> {});
      assertThat(code).isZero();
    }
    ProcessHandle orphan = pid(crashed);
    ProcessHandle others = pid(alive);
    assertThat(orphan.isAlive()).isTrue();

    HostReaper.Swept swept = new HostReaper().sweep(parent, mine);

    orphan.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(orphan.isAlive()).isFalse();
    assertThat(swept.processes()).isEqualTo(1);
    assertThat(swept.directories()).isEqualTo(1);
    assertThat(Path.of(crashed.workspace()).getParent()).doesNotExist();
    assertThat(others.isAlive()).isTrue();
    assertThat(Path.of(alive.workspace())).exists();
    alive.close();
    others.destroyForcibly();
    others.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void sweep_withNothingLeft_removesNothing() {
    assertThat(new HostReaper().sweep(parent.resolve("absent"), "runner-x"))
        .isEqualTo(new HostReaper.Swept(0, 0));
  }

  private static ProcessHandle pid(JobEnvironment env) throws Exception {
    Path file = Path.of(env.tempDir(), "pid");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long pid = Long.parseLong(Files.readString(file).strip());
    return ProcessHandle.of(pid).orElseThrow();
  }

  private static JobSpec spec(String runnerId) {
    return new JobSpec(runnerId, 1, "", Map.of(), "/ignored", List.of());
  }
}
