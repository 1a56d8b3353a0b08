// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationLockTest {
  @TempDir Path dir;

  @Test
  void acquire_secondHolderFailsWithThePid() throws Exception {
    Path runner = dir.resolve(".runner");
    long pid = ProcessHandle.current().pid();

    try (RegistrationLock lock = RegistrationLock.acquire(runner)) {
      assertThat(lock).isNotNull();
      assertThat(Files.readString(dir.resolve(".runner.lock"))).isEqualTo(pid + "\n");
      assertThatThrownBy(() -> RegistrationLock.acquire(runner))
          .isInstanceOf(RegistrationException.class)
          .hasMessage("another jrunner process (pid " + pid + ") is using " + runner);
    }
  }

  @Test
  void acquire_succeedsAgainAfterClose() throws Exception {
    Path runner = dir.resolve(".runner");
    RegistrationLock first = RegistrationLock.acquire(runner);
    first.close();
    first.close(); // idempotent

    try (RegistrationLock second = RegistrationLock.acquire(runner)) {
      assertThat(second).isNotNull();
    }
  }

  @Test
  void acquire_staleLockFileFromADeadProcessIsNoObstacle() throws Exception {
    Path runner = dir.resolve(".runner");
    Files.writeString(RegistrationLock.lockFileOf(runner), "999999999\nlonger old content\n");

    try (RegistrationLock lock = RegistrationLock.acquire(runner)) {
      assertThat(lock).isNotNull();
      assertThat(Files.readString(RegistrationLock.lockFileOf(runner)))
          .isEqualTo(ProcessHandle.current().pid() + "\n");
    }
  }

  @Test
  void acquire_failsClearlyWhenTheLockFileCannotBeCreated() {
    Path runner = dir.resolve("missing/.runner");

    assertThatThrownBy(() -> RegistrationLock.acquire(runner))
        .isInstanceOf(RegistrationException.class)
        .hasMessageStartingWith("cannot lock " + dir.resolve("missing/.runner.lock"));
  }
}
