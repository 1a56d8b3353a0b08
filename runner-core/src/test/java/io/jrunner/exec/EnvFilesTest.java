// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvFilesTest {
  @Test
  void parse_readsPairsAndHeredocs() {
    assertThat(
            EnvFiles.parse(
                List.of("A=1", "", "B=x=y", "MULTI<<EOF", "one", "", "two", "EOF", "C<<X", "X")))
        .containsExactly(
            java.util.Map.entry("A", "1"),
            java.util.Map.entry("B", "x=y"),
            java.util.Map.entry("MULTI", "one\n\ntwo"),
            java.util.Map.entry("C", ""));
  }

  @Test
  void parse_namesTheBadLine() {
    assertThatThrownBy(() -> EnvFiles.parse(List.of("A=1", "junk"))).hasMessageContaining("line 2");
    assertThatThrownBy(() -> EnvFiles.parse(List.of("M<<END", "x")))
        .hasMessageContaining("no closing 'END' for M");
  }

  @Test
  void shells_followTheDocumentedTemplates() {
    assertThat(Shells.command(Optional.empty(), true, "/s"))
        .containsExactly("bash", "--noprofile", "--norc", "-eo", "pipefail", "/s");
    assertThat(Shells.command(Optional.empty(), false, "/s")).containsExactly("sh", "-e", "/s");
    assertThat(Shells.command(Optional.of("python"), true, "/s")).containsExactly("python", "/s");
    assertThat(Shells.command(Optional.of("perl {0}"), true, "/s")).containsExactly("perl", "/s");
    assertThat(Shells.command(Optional.of("node"), true, "/s")).containsExactly("node", "/s");
  }
}
