// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRetentionTest {
  @TempDir Path dir;

  @Test
  void sweep_deletesByAgeThenCount_andToleratesAMissingDirectory() throws Exception {
    Instant now = Instant.parse("2030-01-01T12:00:00Z");
    Path old = copy("task-1.log", now.minus(Duration.ofDays(8)));
    Path second = copy("task-2.log", now.minus(Duration.ofHours(2)));
    Path newest = copy("task-3.log", now.minus(Duration.ofHours(1)));
    Path other = copy("notes.txt", now.minus(Duration.ofDays(30)));

    int deleted = new LogRetention(dir, Duration.ofDays(7), 1).sweep(now);

    assertThat(deleted).isEqualTo(2);
    assertThat(old).doesNotExist();
    assertThat(second).doesNotExist();
    assertThat(newest).exists();
    assertThat(other).as("only task logs are swept").exists();
    assertThat(new LogRetention(dir.resolve("missing"), Duration.ofDays(1), 1).sweep(now)).isZero();
  }

  private Path copy(String name, Instant modified) throws Exception {
    Path f = Files.writeString(dir.resolve(name), "x\n");
    Files.setLastModifiedTime(f, FileTime.from(modified));
    return f;
  }
}
