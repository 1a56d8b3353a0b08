// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} = {1}ns")
  @CsvSource({
    "0, 0",
    "-0, 0",
    "+0, 0",
    "0s, 0",
    "1ns, 1",
    "300ms, 300000000",
    "-1.5h, -5400000000000",
    "1.5h, 5400000000000",
    "2h45m, 9900000000000",
    "1h2m3.5s, 3723500000000",
    "3h, 10800000000000",
    "5s, 5000000000",
    "100ms, 100000000",
    "1us, 1000",
    "1\u00b5s, 1000",
    "1\u03bcs, 1000",
    ".5s, 500000000",
    "1.s, 1000000000",
    "1.5ns, 1",
    "1.0000000001s, 1000000000",
    "10m0.5s, 600500000000",
    "1m1m, 120000000000",
    "2562047h47m16.854775807s, 9223372036854775807",
    "-2562047h47m16.854775808s, -9223372036854775808",
  })
  void parse_acceptsGoSyntax(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource({
    "'', it is empty",
    "-, it is empty",
    "5, missing unit",
    "1.5, missing unit",
    "1d, unknown unit \"d\"",
    "1 h, unknown unit \" h\"",
    "3 hours, unknown unit",
    "h, expected a number at position 1",
    "., expected a number",
    "1h., expected a number at position 3",
    "1hh, unknown unit \"hh\"",
    "2562047h47m16.854775808s, out of range",
    "9999999999999999999h, out of range",
    "--1s, expected a number",
  })
  void parse_rejectsBadInput(String text, String reason) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid duration \"" + text + "\": ")
        .hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "{0}ns -> {1}")
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "999, 999ns",
    "1500, 1.5\u00b5s",
    "500000000, 500ms",
    "100000000, 100ms",
    "1000000000, 1s",
    "90000000000, 1m30s",
    "10800000000000, 3h0m0s",
    "3723500000000, 1h2m3.5s",
    "-5400000000000, -1h30m0s",
    "1000000001, 1.000000001s",
    "9223372036854775807, 2562047h47m16.854775807s",
    "-9223372036854775808, -2562047h47m16.854775808s",
  })
  void format_matchesGoString(long nanos, String text) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @Test
  void format_rejectsDurationsBeyondGoRange() {
    assertThatThrownBy(() -> GoDuration.format(Duration.ofDays(200_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of Go's range");
  }
}
