// SPDX-License-Identifier: Apache-2.0
package io.jrunner.bench.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void percentilesAreNearestRankAndTheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    Samples s = new Samples();
    for (int i = 100; i >= 1; i--) {
      s.add(Metric.SPARSE_P99, "x", i);
    }
    s.add(Metric.STARTUP, "x", 4);
    s.add(Metric.STARTUP, "x", 1);
    s.add(Metric.STARTUP, "x", 2);
    s.add(Metric.STARTUP, "x", 3);

    assertThat(s.percentile(Metric.SPARSE_P99, "x", 99)).isEqualTo(99.0);
    assertThat(s.percentile(Metric.SPARSE_P99, "x", 50)).isEqualTo(50.5);
    assertThat(s.median(Metric.STARTUP, "x")).isEqualTo(2.5);
    assertThat(s.median(Metric.IDLE_CPU, "x")).isNaN();
  }

  @Test
  void tableFormatsUnitsAndLeavesEmptyCellsAsDashes() {
    assertThat(Table.format(1234.4, "ms")).isEqualTo("1,234 ms");
    assertThat(Table.format(12.34, "s")).isEqualTo("12.3 s");
    assertThat(Table.format(0.045, "%")).isEqualTo("0.05 %");
    assertThat(Table.format(30, "/min")).isEqualTo("30.0 per min");
    assertThat(Table.format(Double.NaN, "s")).isEqualTo("–");
  }
}
