// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import static io.jrunner.expr.Gens.chars;
import static io.jrunner.expr.Gens.pick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.expr.ClearLine;
import io.jrunner.expr.Gens;
import io.jrunner.expr.Tries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property-based hostile input for what a step writes: {@code GITHUB_ENV}/{@code GITHUB_OUTPUT}
 * files ({@link EnvFiles}) with forged {@code <<DELIM} blocks, and workflow-command lines ({@code
 * ::name k=v::data}, {@link WorkflowCommands}). Properties: a value written in a block whose
 * delimiter it does not contain as a line comes back exactly and adds no key; any file parses or
 * fails with an {@link IllegalArgumentException} of one clear line; a command line never throws and
 * only {@code ::add-mask::} adds a mask.
 */
class CommandFilesPropertyTest {
  private static final String FORGERY = "ABC=<>:%\r\t ${}'\"EOF\\_-";
  private final Tries tries = new Tries();

  @AfterEach
  void stop() {
    tries.close();
  }

  @Test
  void aBlockValue_neverAddsAKey() throws Exception {
    tries.forAll(
        "forged blocks",
        1000,
        r -> {
          String delimiter = "ghadelimiter_" + Long.toHexString(r.nextLong());
          List<String> value = forgedLines(r, delimiter);
          return new Block(pick(r, "OUT", "MULTI", "A_B", "x"), delimiter, value);
        },
        b -> {
          List<String> file = new ArrayList<>();
          file.add(b.name() + "<<" + b.delimiter());
          file.addAll(b.value());
          file.add(b.delimiter());
          assertThat(EnvFiles.parse(file))
              .containsExactly(Map.entry(b.name(), String.join("\n", b.value())));
        });
  }

  @Test
  void anEmptyDelimiter_isRefused() throws Exception {
    tries.forAll(
        "empty delimiter",
        200,
        r -> {
          List<String> file = new ArrayList<>();
          file.add("V<<");
          file.addAll(forgedLines(r, ""));
          file.add("");
          file.add("INJECTED=1");
          return file;
        },
        file ->
            assertThatThrownBy(() -> EnvFiles.parse(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no delimiter"));
  }

  @Test
  void anyFile_parsesOrFailsWithOneLine() throws Exception {
    tries.forAll(
        "any file",
        1000,
        r -> {
          List<String> file = new ArrayList<>();
          for (int i = r.nextInt(8); i > 0; i--) {
            file.add(
                r.nextInt(3) == 0
                    ? pick(r, "A<<EOF", "EOF", "<<", "=", "A=", "A<<", "<<EOF", "A=B<<C", "")
                    : Gens.anyChars(r, FORGERY, 30).replace("\n", ""));
          }
          return file;
        },
        file -> {
          try {
            Map<String, String> parsed = EnvFiles.parse(file);
            parsed.keySet().forEach(k -> assertThat(k).isNotEmpty().doesNotContain("=", "\n"));
          } catch (IllegalArgumentException expected) {
            ClearLine.check(expected.getMessage());
          }
        });
  }

  @Test
  void commandLines_neverThrowAndOnlyAddMaskMasks() throws Exception {
    tries.forAll(
        "command lines",
        2000,
        CommandFilesPropertyTest::commandLines,
        lines -> {
          List<String> masks = new ArrayList<>();
          WorkflowCommands commands = new WorkflowCommands(masks::add, Map.of());
          List<String> masked = new ArrayList<>();
          for (String line : lines) {
            for (String extra : commands.accept(line)) {
              ClearLine.check(extra);
            }
          }
          for (String line : lines) {
            if (line.strip().matches("^::add-mask( [^:]*)?::.*")) {
              masked.add(line);
            }
          }
          if (masked.isEmpty()) {
            assertThat(masks).isEmpty();
          }
          masks.forEach(m -> assertThat(m).isNotBlank());
          assertThat(commands.exported().env()).isEmpty();
          assertThat(commands.exported().path()).isEmpty();
        });
  }

  private static List<String> commandLines(Random r) {
    List<String> lines = new ArrayList<>();
    for (int i = 1 + r.nextInt(6); i > 0; i--) {
      String name =
          r.nextInt(5) == 0
              ? chars(r, "abc-:: %", 8)
              : pick(
                  r,
                  "add-mask",
                  "set-output",
                  "save-state",
                  "stop-commands",
                  "set-env",
                  "add-path",
                  "group",
                  "endgroup",
                  "debug",
                  "notice",
                  "warning",
                  "error",
                  "echo",
                  "add-matcher",
                  "tok");
      String props =
          r.nextBoolean()
              ? ""
              : " "
                  + pick(r, "name=", "name=x", "file=a,line=1", "name=%3A%0A", "", "name=a,name=b")
                  + chars(r, "=,:% ab", 6);
      lines.add(
          pick(r, "", "  ", "\t")
              + "::"
              + name
              + props
              + "::"
              + Gens.anyChars(r, "%0A%0D%25%3A%2C::tok:: \\", 30));
    }
    return lines;
  }

  /** Value lines that try to end the block early or start keys of their own. */
  private static List<String> forgedLines(Random r, String delimiter) {
    List<String> lines = new ArrayList<>();
    for (int i = r.nextInt(6); i > 0; i--) {
      String line =
          switch (r.nextInt(7)) {
            case 0 -> "INJECTED=1";
            case 1 -> "OTHER<<EOF";
            case 2 -> delimiter.isEmpty() ? "EOF" : delimiter + pick(r, " ", "\r", "x", "\t");
            case 3 -> pick(r, " ", "x") + delimiter;
            case 4 -> "";
            default -> Gens.anyChars(r, FORGERY, 20).replace("\n", "");
          };
      lines.add(line);
    }
    return lines.stream().filter(l -> !l.equals(delimiter)).toList();
  }

  private record Block(String name, String delimiter, List<String> value) {}
}
