// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The side-by-side harness's smoke run ({@code --short}) so it cannot rot: jrunner ({@code
 * bin/jrunner}, runner-cli's jar) through the fake Forgejo and real Docker with the local images,
 * every scenario, and a table with a figure in every jrunner cell. forgejo-runner joins only when
 * {@code -Dsidebyside.forgejoRunner=PATH} names a binary: CI cannot build it (its Go modules on
 * code.forgejo.org are not served by the Go proxy), so CI runs jrunner alone.
 */
class SideBySideIT {

  @Test
  void shortRunFillsEveryCellOfEachRunner() throws Exception {
    Path jrunner = Path.of("..", "bin", "jrunner").toAbsolutePath().normalize();
    assertThat(jrunner).isExecutable();
    List<RunnerUnderTest> runners = new ArrayList<>();
    String forgejo = System.getProperty("sidebyside.forgejoRunner", "");
    if (!forgejo.isBlank()) {
      runners.add(new RunnerUnderTest("forgejo-runner", Path.of(forgejo)));
    }
    runners.add(new RunnerUnderTest("jrunner", jrunner));
    SideBySide.Options options =
        new SideBySide.Options(runners, Scenarios.Sizes.SHORT, 1, 2, java.util.Set.of());
    Samples samples = new Samples();

    SideBySide.run(options, System.err, samples);

    for (RunnerUnderTest r : runners) {
      for (Metric m : Metric.values()) {
        if (m == Metric.DOCKER_EXEC || m == Metric.DOCKER_RUN) {
          assertThat(samples.get(m, Samples.FLOOR)).as(m.name()).hasSize(2).allMatch(v -> v > 0);
          continue;
        }
        assertThat(samples.get(m, r.name()))
            .as(r.name() + " " + m.name())
            .isNotEmpty()
            .allMatch(v -> Double.isFinite(v) && v >= 0);
      }
      assertThat(samples.get(Metric.IDLE_RSS, r.name())).allMatch(kib -> kib > 1024);
      assertThat(samples.get(Metric.STARTUP, r.name())).hasSize(6).allMatch(ms -> ms > 0);
      assertThat(samples.get(Metric.TWENTY_STEP, r.name())).hasSize(20);
      assertThat(samples.get(Metric.SPARSE_P50, r.name()))
          .hasSize(Scenarios.Sizes.SHORT.sparseTicks());
      assertThat(samples.get(Metric.CAPACITY_LAG_P50, r.name()))
          .hasSize(Scenarios.Sizes.SHORT.capacity() * Scenarios.Sizes.SHORT.capacityTicks());
    }
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    Table.print(new PrintStream(table, true, StandardCharsets.UTF_8), options, samples, "");
    String text = table.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("| scenario |")
        .contains("| jrunner |")
        .contains("10,000-line job: throughput")
        .doesNotContain("| – | – |");
  }
}
