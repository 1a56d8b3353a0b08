// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.cancel.Cancellation;
import io.jrunner.exec.Conclusion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the two budgets of docs/reporting.md on loopback: how long a line takes to be stored by
 * the server, and how many requests a steadily logging task makes. Bounds are generous (shared CI
 * machines); the figures are logged for the docs.
 */
class ReporterBudgetTest {
  private static final Logger LOG = LoggerFactory.getLogger(ReporterBudgetTest.class);

  @TempDir Path dir;
  private FakeTask fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void lineLatencyAndRequestRate() throws Exception {
    fake = FakeTask.start(1);
    TaskReporter r =
        fake.reporter(
            FakeTask.settings(dir).withReportInterval(Duration.ofSeconds(1)),
            List.of(),
            Cancellation.root());
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Thread.sleep(ThreadLocalRandom.current().nextInt(0, 300)); // quiet spells and busy moments
      int before = fake.server.task(fake.taskId).log().size();
      long start = System.nanoTime();
      r.line("probe " + i);
      while (fake.server.task(fake.taskId).log().size() == before) {
        Thread.sleep(1);
      }
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    millis.sort(Long::compare);

    int calls = fake.server.calls().size();
    long start = System.nanoTime();
    for (int i = 0; i < 2_000; i++) { // 2 s of one line a millisecond
      r.line("steady " + i);
      Thread.sleep(1);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = (fake.server.calls().size() - calls) / seconds;
    r.close(Conclusion.SUCCESS, "done");

    LOG.info(
        "line latency ms: median {}, max {}; steady logging: {} requests/s",
        millis.get(millis.size() / 2),
        millis.get(millis.size() - 1),
        String.format(java.util.Locale.ROOT, "%.1f", rate));
    assertThat(millis.get(millis.size() - 1)).isLessThan(1_000L);
    assertThat(rate).isLessThanOrEqualTo(6.5);
  }
}
