// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-combination matrix of a task's payload may still carry {@code ${{ }}}: the daemon
 * evaluates it with the strategy contexts, as {@code exec} does (a host job through the fake
 * Forgejo, with {@code jrunner one-job}).
 */
class DaemonMatrixIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FakeForgejoServer server;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    Files.writeString(dir.resolve("config.yaml"), "runner:\n  fetch_interval: 100ms\n");
    JrunnerProcess.register(dir, server, "self:host");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void payloadMatrixWithExpressions_isEvaluatedBeforeTheJobSeesIt() throws Exception {
    server.enqueueJob(
        FakeJob.fromYaml(
                "m",
                List.of("self"),
                """
                name: test
                on: push
                jobs:
                  m:
                    runs-on: [self]
                    strategy:
                      matrix:
                        os: ['${{ vars.OS }}-x']
                        cfg: [{'${{ vars.KEY }}': '${{ github.event_name }}'}]
                    steps:
                      - run: echo "matrix=${{ matrix.os }}/${{ matrix.cfg.arch }}"
                """)
            .withVars(Map.of("OS", "linux", "KEY", "arch")));

    JrunnerProcess.Result one = JrunnerProcess.run(dir, "one-job", "-c", "config.yaml");

    assertThat(one.exitCode()).as(one.stderr()).isZero();
    TaskView done = server.awaitTaskDone(server.awaitTask(WAIT).id(), WAIT);
    assertThat(done.result()).isEqualTo(Result.RESULT_SUCCESS);
    assertThat(done.lines()).contains("matrix=linux-x/push");
  }
}
