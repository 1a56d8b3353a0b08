// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunnerContainerTest {
  private static final String ID =
      "3f4e8c9d2b1a0f6e5d4c3b2a19f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7d";

  @Test
  void findsTheIdInTheMountsTheEngineMakes() {
    String mountinfo =
        "620 601 0:52 / / rw,relatime master:1 - overlay overlay rw\n"
            + "640 620 8:1 /var/lib/docker/containers/"
            + ID
            + "/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw\n";
    assertThat(RunnerContainer.idFromMountinfo(mountinfo)).contains(ID);
  }

  @Test
  void findsTheIdInCgroupV1AndSystemdScopes() {
    assertThat(RunnerContainer.idFromCgroup("12:pids:/docker/" + ID + "\n1:name=systemd:/x\n"))
        .contains(ID);
    assertThat(RunnerContainer.idFromCgroup("0::/system.slice/docker-" + ID + ".scope\n"))
        .contains(ID);
  }

  @Test
  void findsNoneOnTheHostOrUnderCgroupNamespaces() {
    assertThat(RunnerContainer.idFromCgroup("0::/\n")).isEmpty();
    assertThat(RunnerContainer.idFromCgroup("0::/user.slice/session-3.scope\n")).isEmpty();
    assertThat(RunnerContainer.idFromMountinfo("25 1 8:1 / / rw - ext4 /dev/sda1 rw\n")).isEmpty();
  }
}
