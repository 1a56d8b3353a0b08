// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepReportTest {
  private final List<String> log = new ArrayList<>();
  private final StepReport report =
      new StepReport((err, line) -> log.add((err ? "E:" : "") + line));

  private void sections(String... lines) {
    for (String l : lines) {
      report.line(false, l);
    }
  }

  @Test
  void takesTheReportOutOfTheLog_andKeepsAnUnterminatedLastLine() {
    String m = report.marker();
    sections("one", "two" + report.begin(), m, "k=v", "", m, m, m, m, "# summary", "");
    report.line(true, "err");
    sections(report.end(), "late");

    assertThat(log).containsExactly("one", "two", "E:err", "late");
    assertThat(report.sections(5))
        .hasValueSatisfying(
            s -> {
              assertThat(s).hasSize(5);
              assertThat(s.getFirst()).containsExactly("k=v", "");
              assertThat(s.getLast()).containsExactly("# summary", "");
            });
  }

  @Test
  void aReportCutShortIsNone() {
    String m = report.marker();
    sections("x", report.begin(), m, m);

    assertThat(log).containsExactly("x");
    assertThat(report.sections(5)).isEmpty();
  }

  @Test
  void withoutAReport_everyLineIsLogged() {
    sections("a", "::jrunner-0000::begin", "b");

    assertThat(log).containsExactly("a", "::jrunner-0000::begin", "b");
    assertThat(report.sections(5)).isEmpty();
    assertThat(new StepReport((e, l) -> {}).marker()).isNotEqualTo(report.marker());
  }
}
