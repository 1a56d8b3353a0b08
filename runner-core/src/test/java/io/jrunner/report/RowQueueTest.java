// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory window spills to the spool and reads back in order; the spool replays. */
class RowQueueTest {
  @TempDir Path dir;

  private static LogRow row(int i) {
    return LogRow.newBuilder()
        .setTime(Timestamp.newBuilder().setSeconds(1000 + i).setNanos(i))
        .setContent("line " + i)
        .build();
  }

  @Test
  void spillsBeyondMemoryAndSendsEverythingInOrder() throws Exception {
    try (SpoolFile spool = SpoolFile.create(dir, 7)) {
      RowQueue q = new RowQueue(spool, 2_000); // about 15 rows in memory
      for (int i = 0; i < 5_000; i++) {
        q.append(row(i));
      }
      List<String> got = new ArrayList<>();
      while (q.acked() < q.end()) {
        List<LogRow> batch = q.batch(300);
        batch.forEach(r -> got.add(r.getContent()));
        q.ack(q.acked() + batch.size());
      }
      assertThat(got).hasSize(5_000);
      assertThat(got.get(0)).isEqualTo("line 0");
      assertThat(got.get(4_999)).isEqualTo("line 4999");
      assertThat(got).isSortedAccordingTo((a, b) -> Integer.compare(num(a), num(b)));
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("task-7.spool"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aSpoolThatFails_keepsRowsInMemoryUpToFourWindows_thenRefusesTheRest() throws Exception {
    SpoolFile spool = SpoolFile.create(dir, 9);
    spool.close(); // its 64 KiB buffer's first write fails, as on a full file system
    // A window of ~3,000 rows ("line N": 2 * 9 + 144 bytes each) holds every row until then.
    RowQueue q = new RowQueue(spool, 500_000);
    int kept = 0;
    java.io.IOException refused = null;
    for (int i = 0; i < 20_000 && refused == null; i++) {
      try {
        q.append(row(i));
        kept++;
      } catch (java.io.IOException e) {
        refused = e;
      }
    }
    assertThat(q.spoolFailure()).isPresent();
    assertThat(kept).isBetween(12_000, 12_700); // 2,000,000 bytes: four windows
    assertThat(refused).hasMessageContaining("memory window is full");

    q.ack(kept); // the server has them: room again
    q.append(row(30_000));
    assertThat(q.batch(10_000)).extracting(LogRow::getContent).containsExactly("line 30000");
  }

  @Test
  void aBackwardAckResendsFromTheSpoolAndPartialAcksResume() throws Exception {
    try (SpoolFile spool = SpoolFile.create(dir, 8)) {
      RowQueue q = new RowQueue(spool, 1_000);
      for (int i = 0; i < 3_000; i++) {
        q.append(row(i));
      }
      q.ack(2_500);
      assertThat(q.batch(100).get(0).getContent()).isEqualTo("line 2500");
      q.ack(1_030); // the server lost rows: resend from its ack
      assertThat(q.batch(100).get(0).getContent()).isEqualTo("line 1030");
      q.ack(1_031);
      assertThat(q.batch(100).get(0).getContent()).isEqualTo("line 1031");
      q.ack(5_000); // more than exists: clamped
      assertThat(q.acked()).isEqualTo(3_000);
      assertThat(q.batch(100)).isEmpty();
    }
  }

  @Test
  void theSpoolReadsBackRowsAndTheEndAndStopsAtATornRecord() throws Exception {
    Path path;
    try (SpoolFile spool = SpoolFile.create(dir, 9)) {
      spool.appendRow(0, row(0));
      spool.appendRow(1, row(1));
      spool.appendEnd(Result.RESULT_SUCCESS);
      path = spool.path();
    }
    byte[] bytes = Files.readAllBytes(path);
    try (SpoolFile.Reader r = SpoolFile.read(path, 0)) {
      while (r.next().isPresent()) {
        assertThat(r.torn()).isFalse();
      }
      assertThat(r.torn()).as("a clean end").isFalse();
    }
    Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length + 7)); // torn trailing record
    try (SpoolFile.Reader r = SpoolFile.read(path, 0)) {
      assertThat(r.next()).contains(new SpoolFile.Entry.Row(0, row(0)));
      assertThat(r.next()).contains(new SpoolFile.Entry.Row(1, row(1)));
      assertThat(r.next()).contains(new SpoolFile.Entry.End(Result.RESULT_SUCCESS));
      assertThat(r.next()).isEqualTo(Optional.empty());
      assertThat(r.torn()).isTrue();
      assertThat(r.position()).isEqualTo(bytes.length);
    }
    Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length - 10)); // cut inside row 1
    try (SpoolFile.Reader r = SpoolFile.read(path, 0)) {
      assertThat(r.next()).contains(new SpoolFile.Entry.Row(0, row(0)));
      assertThat(r.next()).isEmpty();
      assertThat(r.torn()).isTrue();
    }
    assertThat(SpoolFile.taskIdOf(path)).contains(9L);
    assertThat(SpoolFile.taskIdOf(dir.resolve("other.spool"))).isEmpty();
  }

  private static int num(String s) {
    return Integer.parseInt(s.substring(5));
  }
}
