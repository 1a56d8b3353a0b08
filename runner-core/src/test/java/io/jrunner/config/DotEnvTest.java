// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotEnvTest {
  private static final Map<String, String> ENV = Map.of("HOME", "/home/u", "X", "x");

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "K=v                        | v",
        "K = v                      | v",
        "K: v                       | v",
        "export K=v                 | v",
        "K=                         | ''",
        "K=a b  # comment           | a b",
        "K=a#b                      | a#b",
        "K='a # b $HOME'            | a # b $HOME",
        "K=\"a\\nb\"                | 'a\nb'",
        "K=\"say \\\"hi\\\"\"       | say \"hi\"",
        "K=\"$HOME/x\"              | /home/u/x",
        "K=${HOME}/x                | /home/u/x",
        "K=$UNSET.                  | .",
        "K=\"\\$HOME\"              | $HOME",
        "K=cost $                   | cost $",
        "K=\"a\" trailing           | a",
      })
  void parse_readsOneValue(String line, String value) {
    assertThat(DotEnv.parse(line, ENV::get)).containsExactly(Map.entry("K", value));
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "'A=1\\nB=$A-${X}'             | A=1, B=1-x",
        "'# c\\n\\n  A=1\\r\\nB=2\\n'   | A=1, B=2",
        "'A=\"multi\\nline\"\\nB=2'     | A=multi\\nline, B=2",
        "'A=1\\nA=2'                    | A=2",
      })
  void parse_readsFiles(String text, String expected) {
    assertThat(DotEnv.parse(text.replace("\\n", "\n").replace("\\r", "\r"), ENV::get))
        .hasToString("{" + expected.replace("\\n", "\n") + "}");
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "'A=1\\nnot a pair'  | line 2: expected KEY=VALUE, got \"not a pair\"",
        "'=1'                | line 1: invalid variable name \"\"",
        "'A B=1'             | line 1: invalid variable name \"A B\"",
        "'\\n\\nA=\"open'    | line 3: unterminated double-quoted value",
        "'A=''open'          | line 1: unterminated single-quoted value",
      })
  void parse_rejectsMalformedFiles(String text, String message) {
    assertThatThrownBy(() -> DotEnv.parse(text.replace("\\n", "\n"), ENV::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
