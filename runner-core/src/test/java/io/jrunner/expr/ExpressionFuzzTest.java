// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random, mutated and hostile expressions: every one either evaluates or fails with an {@link
 * ExpressionException}, within a time bound. Seeded, so a failure reproduces.
 */
class ExpressionFuzzTest {
  // Hang detection, not a speed target (that is bench/): generous for a loaded 2-core CI machine.
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String[] ATOMS = {
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5e3",
    "0xff",
    "NaN",
    "Infinity",
    "''",
    "'a''b'",
    "'}}'",
    "github",
    "github.ref",
    "env.NAME",
    "matrix.*",
    "steps.build.outputs",
    "github.event.labels.*.name",
    "fromJSON('[1,{\"a\":2}]')",
    "success()",
    "always()",
    "failure()",
    "cancelled()"
  };
  private static final String[] FUNCTIONS = {
    "contains",
    "startsWith",
    "endsWith",
    "format",
    "join",
    "toJSON",
    "fromJSON",
    "hashFiles",
    "case",
    "success"
  };
  private static final String[] OPERATORS = {"==", "!=", "<", "<=", ">", ">=", "&&", "||"};
  private static final String NOISE = "()[]{}.,!=<>&|*'\"$-+ 0123456789abcxyzAZ_\t\n\\";

  private final Bounded bounded = new Bounded();
  private final Random random = new Random(20_240_531L);
  private final Evaluator evaluator =
      new Evaluator(
          EvaluationContext.of(
              Map.of(
                  "github",
                  new Value.Obj(Map.of("ref", Value.of("refs/heads/main"))),
                  "env",
                  new Value.Obj(Map.of("NAME", Value.of("World"))))));

  @AfterEach
  void stop() {
    bounded.close();
  }

  @Test
  void randomGrammarExpressions_evaluateOrFailTyped() throws Exception {
    for (int i = 0; i < 1500; i++) {
      check(generate(4));
    }
  }

  @Test
  void mutatedExpressions_evaluateOrFailTyped() throws Exception {
    for (int i = 0; i < 1500; i++) {
      check(mutate(generate(3)));
    }
  }

  @Test
  void randomCharacters_failTyped() throws Exception {
    for (int i = 0; i < 1000; i++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) {
        s.append(NOISE.charAt(random.nextInt(NOISE.length())));
      }
      check(s.toString());
    }
  }

  @Test
  void hostileInputs_failTypedAndFast() throws Exception {
    List<String> inputs = new ArrayList<>();
    inputs.add("(".repeat(100_000) + "1" + ")".repeat(100_000));
    inputs.add("!".repeat(100_000) + "true");
    inputs.add("a" + ".b".repeat(50_000));
    inputs.add("'" + "x".repeat(1_000_000));
    inputs.add("${{ ".repeat(100_000));
    inputs.add("${{ '" + "}}".repeat(100_000));
    inputs.add("1" + " == 1".repeat(4000));
    inputs.add("format('" + "{0}".repeat(5000) + "', format('" + "{0}".repeat(1000) + "', 'x'))");
    inputs.add("fromJSON('" + "[".repeat(5000) + "')");
    inputs.add(
        "join(fromJSON('[" + "\"aaaaaaaaaa\",".repeat(1500) + "1]'), format('{0}{0}{0}', 'sep'))");
    inputs.add("x".repeat(30_000));
    inputs.add("github" + "[0]".repeat(10_000));
    for (String s : inputs) {
      check(s);
    }
  }

  private void check(String source) throws Exception {
    bounded.run(
        BOUND,
        () -> {
          try {
            Value v = evaluator.evaluate(source);
            assertThat(v).isNotNull();
          } catch (ExpressionException expected) {
            assertThat(expected.kind()).isNotNull();
          }
          try {
            Template.parse(source).render(evaluator);
          } catch (ExpressionException expected) {
            assertThat(expected.offset())
                .isBetween(0, Math.max(Parser.MAX_LENGTH, source.length()));
          }
          try {
            Condition.parse(source).test(evaluator);
          } catch (ExpressionException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        },
        () -> "took too long: " + (source.length() > 200 ? source.substring(0, 200) : source));
  }

  private String generate(int depth) {
    if (depth == 0 || random.nextInt(4) == 0) {
      return ATOMS[random.nextInt(ATOMS.length)];
    }
    return switch (random.nextInt(6)) {
      case 0 ->
          generate(depth - 1)
              + " "
              + OPERATORS[random.nextInt(OPERATORS.length)]
              + " "
              + generate(depth - 1);
      case 1 -> "!" + generate(depth - 1);
      case 2 -> "(" + generate(depth - 1) + ")";
      case 3 ->
          generate(depth - 1) + (random.nextBoolean() ? ".*" : "[" + generate(depth - 1) + "]");
      case 4 -> {
        StringBuilder call =
            new StringBuilder(FUNCTIONS[random.nextInt(FUNCTIONS.length)]).append('(');
        int args = random.nextInt(4);
        for (int i = 0; i < args; i++) {
          call.append(i > 0 ? ", " : "").append(generate(depth - 1));
        }
        yield call.append(')').toString();
      }
      default ->
          "format('{0} {{x}} {1}', " + generate(depth - 1) + ", " + generate(depth - 1) + ")";
    };
  }

  private String mutate(String s) {
    StringBuilder b = new StringBuilder(s);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && !b.isEmpty(); i++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
        default -> b.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
      }
    }
    return b.toString();
  }
}
