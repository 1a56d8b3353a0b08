// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.proto.runner.v1.Result;
import io.jrunner.testkit.FakeForgejoServer;
import io.jrunner.testkit.FakeJob;
import io.jrunner.testkit.Views.StepView;
import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load (issue 15): the daemon process at {@code -Xmx96m} with {@code capacity: 16} runs 16 {@code
 * :host} jobs at once, each flooding its log for 10 s. Every task is reported, every row arrives
 * once and in order (each job prints consecutive numbers), and the daemon neither dies nor
 * deadlocks (a generous bound; rates belong in the benchmark harness, docs/benchmarks.md).
 */
class LoadIT {
  private static final int JOBS = 16;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FakeForgejoServer server;
  private Process daemon;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      JrunnerProcess.stop(daemon);
    } finally {
      server.close();
    }
  }

  @Test
  void sixteenFloodingJobsAtCapacitySixteen_smallHeap_everyRowOnceInOrderEveryTaskReported()
      throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "runner:\n  capacity: 16\n  fetch_interval: 100ms\n  shutdown_timeout: 30s\n"
            + "host:\n  workdir_parent: "
            + dir.resolve("host")
            + "\n");
    JrunnerProcess.register(dir, server, "load:host");
    daemon = JrunnerProcess.start(List.of("-Xmx96m"), dir, "daemon", "-c", "config.yaml");
    server.awaitCall("FetchTask", c -> c.httpStatus() == 200, WAIT);
    long enqueued = System.nanoTime();
    for (int j = 0; j < JOBS; j++) {
      server.enqueueJob(
          FakeJob.of(
              "flood-" + j,
              List.of("load"),
              // consecutive numbers in bursts of 200 for 10 s
              "end=$(( $(date +%s) + 10 )); i=0; while [ $(date +%s) -lt $end ]; do"
                  + " seq $((i+1)) $((i+200)); i=$((i+200)); sleep 0.05; done"));
    }
    server.awaitCall("FetchTask", c -> server.tasks().size() == JOBS, WAIT);
    assertThat(server.tasks())
        .as("all 16 run at once: none done when the last is assigned")
        .noneMatch(TaskView::done);

    long rows = 0;
    for (TaskView t : server.tasks()) {
      TaskView done = server.awaitTaskDone(t.id(), Duration.ofMinutes(3));
      assertThat(done.result()).as(t.jobId()).isEqualTo(Result.RESULT_SUCCESS);
      rows += assertConsecutive(done);
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - enqueued);

    assertThat(server.tasks()).hasSize(JOBS);
    assertThat(server.waitingJobs()).isZero();
    assertThat(daemon.isAlive()).as("the daemon survived at -Xmx96m").isTrue();
    assertThat(JrunnerProcess.stderr(dir)).doesNotContain("OutOfMemoryError");
    // still serving
    server.enqueueJob(FakeJob.of("after", List.of("load"), "echo still serving"));
    server.awaitCall(
        "FetchTask", c -> server.tasks().stream().anyMatch(t -> t.jobId().equals("after")), WAIT);
    TaskView after = server.awaitTaskDone(taskId("after"), WAIT);
    assertThat(after.lines()).contains("still serving");
    System.out.println(
        "[figure] load: 16 jobs x 10 s flood at capacity 16, -Xmx96m: "
            + rows
            + " rows, all reported "
            + wall.toMillis()
            + " ms after enqueue");
  }

  private long taskId(String jobId) {
    return server.tasks().stream()
        .filter(t -> t.jobId().equals(jobId))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /** The step's rows are 1, 2, 3 … with none missing, repeated or out of order; returns count. */
  private static long assertConsecutive(TaskView done) {
    StepView step = done.steps().get(0);
    List<String> rows =
        done.lines().subList((int) step.logIndex(), (int) (step.logIndex() + step.logLength()));
    assertThat(rows.size()).as(done.jobId()).isGreaterThanOrEqualTo(200);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < rows.size() && wrong.size() < 5; i++) {
      if (!rows.get(i).equals(Integer.toString(i + 1))) {
        wrong.add("row " + i + " is " + rows.get(i));
      }
    }
    assertThat(wrong).as(done.jobId()).isEmpty();
    return rows.size();
  }
}
