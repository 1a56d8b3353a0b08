// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import static io.jrunner.expr.Gens.chars;
import static io.jrunner.expr.Gens.pick;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property-based hostile input for the {@code ${{ }}} language: random token sequences (parse or
 * fail with {@link ExpressionException}), and random valid syntax trees, evaluated directly and
 * printed to source and parsed back (never a syntax error; evaluation ends in a value or an
 * evaluation/limit error). Nothing else escapes, nothing hangs, every message is one clear line.
 */
class ExpressionPropertyTest {
  private static final String[] TOKENS = {
    "(",
    ")",
    "[",
    "]",
    ".",
    ",",
    "!",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "&&",
    "||",
    "*",
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
    "env",
    "matrix",
    "steps",
    "secrets",
    "inputs",
    "x",
    "format",
    "join",
    "toJSON",
    "fromJSON",
    "contains",
    "startsWith",
    "hashFiles",
    "case",
    "success",
    "always",
    "${{",
    "}}",
    "'",
    "\"",
    " ",
    "\n",
    "\\"
  };
  private static final EnumSet<ExpressionException.Kind> AT_RUN_TIME =
      EnumSet.of(ExpressionException.Kind.EVALUATION, ExpressionException.Kind.LIMIT);

  private final Tries tries = new Tries();
  private final Evaluator evaluator = new Evaluator(EvaluationContext.of(contexts()));

  private static Map<String, Value> contexts() {
    Value labels = new Value.Arr(List.of(new Value.Obj(Map.of("name", Value.of("bug")))));
    Value github =
        new Value.Obj(
            Map.of(
                "ref",
                Value.of("refs/heads/main"),
                "event",
                new Value.Obj(Map.of("labels", labels))));
    return Map.of("github", github, "env", new Value.Obj(Map.of("NAME", Value.of("World"))));
  }

  @AfterEach
  void stop() {
    tries.close();
  }

  @Test
  void randomTokens_evaluateOrFailTyped() throws Exception {
    tries.forAll(
        "token sequences",
        1500,
        r -> {
          StringBuilder b = new StringBuilder();
          for (int i = r.nextInt(25); i > 0; i--) {
            b.append(pick(r, TOKENS)).append(r.nextInt(3) == 0 ? " " : "");
          }
          return b.toString();
        },
        this::anySource);
  }

  @Test
  void randomCharacters_evaluateOrFailTyped() throws Exception {
    tries.forAll(
        "characters",
        800,
        r -> Gens.anyChars(r, "()[]{}.,!=<>&|*'\"$ 0x1eaZ_\t\n\\", 60),
        this::anySource);
  }

  @Test
  void randomValidTrees_printParseAndEvaluate() throws Exception {
    tries.forAll(
        "valid trees",
        1500,
        r -> tree(r, 5),
        expr -> {
          String source = print(expr);
          Expr parsed;
          try {
            parsed = Parser.parse(source);
          } catch (ExpressionException e) {
            assertThat(e.kind())
                .as("%s: %s", source, e.getMessage())
                .isEqualTo(ExpressionException.Kind.LIMIT);
            return;
          }
          assertThat(print(parsed)).isEqualTo(source);
          evaluateOrFailAtRunTime(() -> evaluator.evaluate(expr));
          evaluateOrFailAtRunTime(() -> evaluator.evaluate(parsed));
          evaluateOrFailAtRunTime(() -> Value.of(Condition.parse(source).test(evaluator)));
        });
  }

  private interface Evaluation {
    Value run() throws ExpressionException;
  }

  private static void evaluateOrFailAtRunTime(Evaluation e) {
    try {
      assertThat(e.run()).isNotNull();
    } catch (ExpressionException expected) {
      assertThat(expected.kind()).isIn(AT_RUN_TIME);
      ClearLine.check(expected.getMessage());
    }
  }

  private void anySource(String source) {
    try {
      assertThat(evaluator.evaluate(source)).isNotNull();
    } catch (ExpressionException expected) {
      ClearLine.check(expected.getMessage());
    }
    try {
      Template.parse(source).render(evaluator);
    } catch (ExpressionException expected) {
      ClearLine.check(expected.getMessage());
    }
    try {
      Condition.parse(source).test(evaluator);
    } catch (ExpressionException expected) {
      ClearLine.check(expected.getMessage());
    }
  }

  /** A syntax tree the parser could have produced. */
  private static Expr tree(Random r, int depth) {
    int kind = depth == 0 ? r.nextInt(2) : r.nextInt(8);
    return switch (kind) {
      case 0 -> literal(r);
      case 1 -> new Expr.ContextAccess(pick(r, "github", "env", "matrix", "steps", "inputs"), 0);
      case 2 -> new Expr.Index(tree(r, depth - 1), tree(r, depth - 1), 0);
      case 3 -> new Expr.Star(tree(r, depth - 1), 0);
      case 4 -> new Expr.Unary(tree(r, depth - 1), 0);
      case 5 ->
          new Expr.Binary(pick(r, Expr.Op.values()), tree(r, depth - 1), tree(r, depth - 1), 0);
      case 6 -> new Expr.Logical(r.nextBoolean(), tree(r, depth - 1), tree(r, depth - 1), 0);
      default -> call(r, depth);
    };
  }

  private static Expr literal(Random r) {
    Value v =
        switch (r.nextInt(5)) {
          case 0 -> Value.NULL;
          case 1 -> Value.of(r.nextBoolean());
          case 2 -> Value.of((double) (r.nextInt(2001) - 1000));
          case 3 -> Value.of(r.nextInt(1000) / 8.0);
          default ->
              Value.of(
                  r.nextInt(4) == 0
                      ? pick(r, "[1,{\"a\":[2]}]", "{\"x\":null}", "{0}{1}", "{{", "}", "refs/*")
                      : chars(r, "ab'{}[]01 .*\\\"", 10));
        };
    return new Expr.Literal(v, 0);
  }

  private static Expr call(Random r, int depth) {
    Builtin f =
        pick(
            r,
            Builtin.CONTAINS,
            Builtin.STARTS_WITH,
            Builtin.ENDS_WITH,
            Builtin.FORMAT,
            Builtin.JOIN,
            Builtin.TO_JSON,
            Builtin.FROM_JSON,
            Builtin.HASH_FILES,
            Builtin.SUCCESS,
            Builtin.ALWAYS,
            Builtin.FAILURE,
            Builtin.CANCELLED,
            Builtin.CASE);
    int n =
        switch (f) {
          case CONTAINS, STARTS_WITH, ENDS_WITH -> 2;
          case FORMAT, HASH_FILES -> 1 + r.nextInt(4);
          case JOIN -> 1 + r.nextInt(2);
          case TO_JSON, FROM_JSON -> 1;
          case SUCCESS, ALWAYS, FAILURE, CANCELLED -> 0;
          case CASE -> 3 + 2 * r.nextInt(2);
        };
    List<Expr> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      args.add(tree(r, depth - 1));
    }
    return new Expr.Call(f, args, 0);
  }

  /** Source for a tree, fully parenthesised so it parses back to the same tree. */
  static String print(Expr e) {
    return switch (e) {
      case Expr.Literal l -> literal(l.value());
      case Expr.ContextAccess c -> c.name();
      case Expr.Index i -> "(" + print(i.target()) + ")[" + print(i.index()) + "]";
      case Expr.Star s -> "(" + print(s.target()) + ").*";
      case Expr.Unary u -> "!(" + print(u.operand()) + ")";
      case Expr.Binary b ->
          "(" + print(b.left()) + ") " + op(b.op()) + " (" + print(b.right()) + ")";
      case Expr.Logical l ->
          "(" + print(l.left()) + ") " + (l.and() ? "&&" : "||") + " (" + print(l.right()) + ")";
      case Expr.Call c -> {
        List<String> args = new ArrayList<>();
        c.args().forEach(a -> args.add(print(a)));
        yield c.function().displayName() + "(" + String.join(", ", args) + ")";
      }
    };
  }

  private static String literal(Value v) {
    return switch (v) {
      case Value.Null n -> "null";
      case Value.Bool b -> String.valueOf(b.value());
      case Value.Num n ->
          n.value() == Math.rint(n.value())
              ? String.valueOf((long) n.value())
              : String.valueOf(n.value());
      case Value.Str s -> "'" + s.value().replace("'", "''") + "'";
      default -> throw new IllegalArgumentException("not a literal: " + v);
    };
  }

  private static String op(Expr.Op op) {
    return switch (op) {
      case EQUAL -> "==";
      case NOT_EQUAL -> "!=";
      case LESS -> "<";
      case LESS_EQUAL -> "<=";
      case GREATER -> ">";
      case GREATER_EQUAL -> ">=";
    };
  }
}
