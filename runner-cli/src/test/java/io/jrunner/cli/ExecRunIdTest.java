// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecRunIdTest {
  @Test
  void roundTrips_evenWithDashesInTheHostName() {
    ExecRunId id = new ExecRunId(4242, "0b6c-77", "node-1.lan");

    assertThat(id.toString()).isEqualTo("exec-4242-0b6c-77@node-1.lan");
    assertThat(ExecRunId.parse(id.toString())).contains(id);
  }

  @Test
  void otherIdsAreNotExecRuns() {
    assertThat(ExecRunId.parse("3f2a-runner-uuid")).isEmpty();
    assertThat(ExecRunId.parse("exec-448b45b1-6f3a-4dee-ac85-4fd9ef712639")).isEmpty();
    assertThat(ExecRunId.parse("exec-12")).isEmpty();
  }

  @Test
  void orphanedOnlyWhenOnThisHostAndTheProcessIsGone() {
    String id = new ExecRunId(7, "n", "here").toString();

    assertThat(ExecRunId.orphaned(id, "here", pid -> false)).isTrue();
    assertThat(ExecRunId.orphaned(id, "here", pid -> pid == 7)).isFalse();
    assertThat(ExecRunId.orphaned(id, "elsewhere", pid -> false)).isFalse();
    assertThat(ExecRunId.orphaned("daemon-runner-uuid", "here", pid -> false)).isFalse();
  }
}
