// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.jrunner.proto.runner.v1.LogRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLogCopyTest {
  @TempDir Path dir;

  @Test
  void writesRowsAsForgejoStoresThemPrivately() throws Exception {
    try (LocalLogCopy copy = LocalLogCopy.open(dir.resolve("logs"), 5)) {
      copy.write(
          LogRow.newBuilder()
              .setTime(Timestamp.newBuilder().setSeconds(1_700_000_000))
              .setContent("a\nb")
              .build());
    }
    Path file = dir.resolve("logs/task-5.log");
    assertThat(Files.readString(file)).isEqualTo("2023-11-14T22:13:20Z a\\nb\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void sweepKeepsTheNewestWithinAgeAndCount() throws Exception {
    Instant now = Instant.parse("2026-01-10T00:00:00Z");
    for (int i = 0; i < 6; i++) {
      Path f = Files.writeString(dir.resolve("task-" + i + ".log"), "x");
      Files.setLastModifiedTime(f, FileTime.from(now.minus(Duration.ofDays(i))));
    }
    Files.writeString(dir.resolve("keep.txt"), "not a log");
    assertThat(LocalLogCopy.sweep(dir, Duration.ofDays(4).plusHours(1), 3, now)).isEqualTo(3);
    assertThat(dir.resolve("task-0.log")).exists();
    assertThat(dir.resolve("task-2.log")).exists();
    assertThat(dir.resolve("task-3.log")).doesNotExist();
    assertThat(dir.resolve("task-5.log")).doesNotExist();
    assertThat(dir.resolve("keep.txt")).exists();
    assertThat(LocalLogCopy.sweep(dir.resolve("missing"), Duration.ofDays(1), 1, now)).isZero();
  }
}
