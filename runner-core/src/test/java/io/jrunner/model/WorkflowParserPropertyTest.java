// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import static io.jrunner.expr.Gens.chars;
import static io.jrunner.expr.Gens.pick;
import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.expr.ClearLine;
import io.jrunner.expr.Gens;
import io.jrunner.expr.Tries;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property-based hostile input for the workflow and {@code action.yml} parsers: random YAML trees
 * with anchors and aliases (self, mutual and forward references, redefinitions), random
 * workflow-shaped documents, nesting around the depth limit, random characters and large documents.
 * Property: the parser returns a value or throws {@link WorkflowException} with a positive line and
 * one clear line of message; nothing else escapes (no {@link Error}, no library exception) and
 * nothing hangs.
 */
class WorkflowParserPropertyTest {
  private static final String[] ANCHORS = {"a", "b", "c"};
  private final Tries tries = new Tries();

  @AfterEach
  void stop() {
    tries.close();
  }

  @Test
  void randomYamlTrees_parseOrFailTyped() throws Exception {
    tries.forAll(
        "yaml trees",
        400,
        r -> "on: push\nroot: " + node(r, 4) + "\n",
        WorkflowParserPropertyTest::check);
  }

  @Test
  void randomWorkflows_parseOrFailTyped() throws Exception {
    tries.forAll(
        "workflows", 400, WorkflowParserPropertyTest::workflow, WorkflowParserPropertyTest::check);
  }

  @Test
  void nestingAroundTheLimit_parsesOrFailsTyped() throws Exception {
    tries.forAll(
        "nesting",
        60,
        r -> {
          int depth =
              r.nextBoolean() ? YamlLoader.MAX_NESTING - 2 + r.nextInt(4) : 1 + r.nextInt(300);
          boolean seq = r.nextBoolean();
          StringBuilder b = new StringBuilder("on: push\nx: ");
          if (r.nextBoolean()) {
            b.append((seq ? "[" : "{k: ").repeat(depth)).append("v");
            b.append((seq ? "]" : "}").repeat(depth));
          } else {
            for (int i = 0; i < depth; i++) {
              b.append('\n').append("  ".repeat(i + 1)).append(seq ? "- " : "k" + i + ":");
            }
            b.append(" v");
          }
          return b.append('\n').toString();
        },
        WorkflowParserPropertyTest::check);
  }

  @Test
  void randomCharacters_failTyped() throws Exception {
    tries.forAll(
        "characters",
        400,
        r -> Gens.anyChars(r, "-:[]{}&*!|>'\"#%@`,?\t\n \\${}abc01\u0000\uFEFF\u00e9", 200),
        WorkflowParserPropertyTest::check);
  }

  @Test
  void largeAndRecursiveDocuments_failTyped() throws Exception {
    String[] docs = {
      "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n"
          + "      - run: echo a\n".repeat(30_000),
      "on: " + "x".repeat(YamlLoader.MAX_CODE_POINTS + 1),
      "a: &a [" + "x, ".repeat(50_000) + "x]\nb: [" + "*a, ".repeat(99) + "*a]\non: push\n",
      "on: push\nx: &a [&b [&c [*a, *b, *c]]]\n",
      "on: push\nx: &a {y: &b {z: *a}}\n",
      "on: push\nx: &a {y: &b [*b]}\n",
      "on: push\n&a a: *a\n",
      "on: push\n? &a [*a]\n: x\n",
    };
    tries.forAll(
        "large and recursive",
        docs.length * 2,
        r -> pick(r, docs),
        WorkflowParserPropertyTest::check);
  }

  private static void check(String yaml) {
    try {
      assertThat(WorkflowParser.parse(yaml).value()).isNotNull();
    } catch (WorkflowException expected) {
      assertThat(expected.pos().line()).isPositive();
      ClearLine.check(expected.getMessage());
    }
    try {
      assertThat(ActionParser.parse(yaml).value()).isNotNull();
    } catch (WorkflowException expected) {
      ClearLine.check(expected.getMessage());
    }
  }

  /** A flow-style YAML node, maybe anchored, maybe an alias to one of three names. */
  private static String node(Random r, int depth) {
    int kind = depth == 0 ? r.nextInt(5) : r.nextInt(11);
    if (kind < 3) {
      return r.nextBoolean()
          ? "'" + chars(r, "abcxyz019-_ ${}", 8) + "'"
          : pick(r, "x", "1", "-1.5", "true", "null", "~", "''", "\"\\u0000\"", "!!int x", "0x1f");
    }
    if (kind < 5) {
      return "*" + pick(r, ANCHORS);
    }
    String anchor = kind >= 8 ? "&" + pick(r, ANCHORS) + " " : "";
    int n = r.nextInt(4);
    StringBuilder b = new StringBuilder(anchor);
    boolean seq = r.nextBoolean();
    b.append(seq ? '[' : '{');
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? ", " : "");
      if (!seq) {
        b.append(r.nextInt(6) == 0 ? node(r, 0) : "k" + i).append(": ");
      }
      b.append(node(r, depth - 1));
    }
    return b.append(seq ? ']' : '}').toString();
  }

  private static String workflow(Random r) {
    StringBuilder b = new StringBuilder("defs: &a " + node(r, 1) + "\n");
    b.append(pick(r, "on", "name", "env", "defaults", "concurrency")).append(": *a\n");
    b.append(r.nextBoolean() ? "on: push\n" : "");
    b.append("jobs:\n");
    for (int j = 0; j < 1 + r.nextInt(2); j++) {
      b.append("  j").append(j).append(":\n    runs-on: ").append(node(r, 1)).append('\n');
      for (int k = 0; k < r.nextInt(3); k++) {
        b.append("    ")
            .append(
                pick(
                    r,
                    "name",
                    "if",
                    "needs",
                    "env",
                    "strategy",
                    "container",
                    "services",
                    "outputs",
                    "timeout-minutes",
                    "continue-on-error",
                    "defaults",
                    "uses",
                    "with",
                    "permissions",
                    "concurrency",
                    "secrets"))
            .append(": ")
            .append(node(r, 2))
            .append('\n');
      }
      b.append("    steps:\n");
      for (int s = 0; s < r.nextInt(3); s++) {
        b.append("      - {")
            .append(pick(r, "run", "uses", "with", "env", "if", "id", "shell"))
            .append(": ")
            .append(node(r, 1))
            .append(", ")
            .append(pick(r, "run", "name", "working-directory", "timeout-minutes"))
            .append(": ")
            .append(
                r.nextBoolean() ? node(r, 1) : "'${{ " + chars(r, "ab.()[]'=!&| 01*", 12) + " }}'")
            .append("}\n");
      }
    }
    return b.toString();
  }
}
