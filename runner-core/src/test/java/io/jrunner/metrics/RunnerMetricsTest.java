// SPDX-License-Identifier: Apache-2.0
package io.jrunner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunnerMetricsTest {
  @Test
  void render_isPrometheusTextWithCumulativeBuckets() {
    RunnerMetrics m = new RunnerMetrics();
    m.taskStarted();
    m.taskStarted();
    m.taskFinished("success", Duration.ofSeconds(4));
    m.reportError("UpdateTask");
    m.reportRetry("UpdateTask");
    m.logSent(3, 12);
    m.polled(true);
    m.polled(false);
    m.dockerHealth(() -> false);

    String text = m.render();

    assertThat(text.lines())
        .contains(
            "# TYPE jrunner_tasks_total counter",
            "jrunner_tasks_total{result=\"success\"} 1",
            "jrunner_tasks_total{result=\"failure\"} 0",
            "jrunner_tasks_running 1",
            "jrunner_task_duration_seconds_bucket{le=\"1\"} 0",
            "jrunner_task_duration_seconds_bucket{le=\"5\"} 1",
            "jrunner_task_duration_seconds_bucket{le=\"21600\"} 1",
            "jrunner_task_duration_seconds_bucket{le=\"+Inf\"} 1",
            "jrunner_task_duration_seconds_sum 4",
            "jrunner_task_duration_seconds_count 1",
            "jrunner_log_rows_total 3",
            "jrunner_log_bytes_total 12",
            "jrunner_report_errors_total{method=\"UpdateTask\"} 1",
            "jrunner_report_errors_total{method=\"UpdateLog\"} 0",
            "jrunner_report_retries_total{method=\"UpdateTask\"} 1",
            "jrunner_polls_total 2",
            "jrunner_poll_errors_total 1",
            "jrunner_docker_up 0");
    assertThat(text).endsWith("\n");
    assertThat(text.lines().filter(l -> l.startsWith("# TYPE ")).count())
        .isEqualTo(text.lines().filter(l -> l.startsWith("# HELP ")).count());
  }
}
