// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.report.RowFormatter.Formatted;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowFormatterTest {
  @Test
  void workflowCommands() {
    RowFormatter f = new RowFormatter(false);
    assertThat(f.format("::group::Build it")).isEqualTo(new Formatted.Row("##[group]Build it"));
    assertThat(f.format("::endgroup::")).isEqualTo(new Formatted.Row("##[endgroup]"));
    assertThat(f.format("::add-mask:: s3cr3t ")).isEqualTo(new Formatted.Mask("s3cr3t"));
    assertThat(f.format("::debug::hidden")).isEqualTo(new Formatted.Dropped());
    assertThat(new RowFormatter(true).format("::debug::shown"))
        .isEqualTo(new Formatted.Row("shown"));
    assertThat(f.format("::warning file=a::careful"))
        .isEqualTo(new Formatted.Row("::warning file=a::careful"));
    assertThat(f.format("plain ::group:: text"))
        .isEqualTo(new Formatted.Row("plain ::group:: text"));
  }

  @Test
  void stopCommandsPassesCommandsThroughUntilItsToken() {
    RowFormatter f = new RowFormatter(false);
    assertThat(f.format("::stop-commands::tok42")).isEqualTo(new Formatted.Dropped());
    assertThat(f.format("::group::verbatim")).isEqualTo(new Formatted.Row("::group::verbatim"));
    assertThat(f.format("::add-mask::notasecret"))
        .isEqualTo(new Formatted.Row("::add-mask::notasecret"));
    assertThat(f.format("::tok42::")).isEqualTo(new Formatted.Dropped());
    assertThat(f.format("::group::again")).isEqualTo(new Formatted.Row("##[group]again"));
  }

  @Test
  void trailingLineEndsAndLoneSurrogates() {
    assertThat(RowFormatter.sanitize("text\r\n\n")).isEqualTo("text");
    assertThat(RowFormatter.sanitize("a\uD800b\uDC00c")).isEqualTo("a?b?c");
    assertThat(RowFormatter.sanitize("ok \uD83D\uDE00")).isEqualTo("ok \uD83D\uDE00");
    assertThat(RowFormatter.sanitize("end\uD83D")).isEqualTo("end?");
  }

  @Test
  void rowsOver64KiBAreSplitWithoutCuttingACharacter() {
    String emoji = "\uD83D\uDE00"; // 4 bytes
    String row = "x".repeat(65_535) + emoji + "y".repeat(70_000);
    List<String> parts = RowFormatter.split(row);
    assertThat(parts).hasSize(3);
    assertThat(String.join("", parts)).isEqualTo(row);
    assertThat(parts)
        .allSatisfy(
            p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(65_536));
    assertThat(parts.get(0)).isEqualTo("x".repeat(65_535));
    assertThat(RowFormatter.split("short")).containsExactly("short");
    assertThat(RowFormatter.split("z".repeat(65_536))).hasSize(1);
  }
}
