// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * docs/operations.md followed literally: runs {@code .ci/operations-walkthrough.sh} (install,
 * register as the service user, config, unit installed and verified with {@code systemd-analyze},
 * the unit's {@code ExecStart=} as the service user taking a task from the standalone fake
 * Forgejo). It creates a system user and files under {@code /etc}, {@code /opt} and {@code
 * /var/lib}, so it runs only where {@code JRUNNER_WALKTHROUGH=1} says the machine is a scratch one
 * ({@code .ci/run} sets it); there it fails rather than skips.
 */
@EnabledIfEnvironmentVariable(named = "JRUNNER_WALKTHROUGH", matches = "1")
class OperationsWalkthroughIT {
  @Test
  void theDocumentedCommandsEndWithTheDaemonTakingATask() throws Exception {
    Path script = Path.of("..", ".ci", "operations-walkthrough.sh").toAbsolutePath().normalize();
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    String output;
    try (var in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("Registered runner dev-1", "walkthrough: OK");
  }
}
