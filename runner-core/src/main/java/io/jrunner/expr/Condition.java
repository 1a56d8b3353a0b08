// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * An {@code if:} condition. The {@code ${{ }}} around it is optional; an empty condition means
 * {@code success()}; unless the expression calls a status function ({@code success}, {@code
 * failure}, {@code cancelled}, {@code always}) anywhere, it runs as {@code success() && (expr)}. A
 * value with text around a {@code ${{ }}} is a string, true when not empty, as on GitHub (where it
 * is a classic mistake). Immutable and thread-safe.
 *
 * @param source the text as written
 * @param expr the tree that is evaluated, including the implicit {@code success() &&}
 */
public record Condition(String source, Expr expr) {
  public Condition {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(expr, "expr");
  }

  /** Parses an {@code if:} value; error offsets are offsets in {@code source}. */
  public static Condition parse(String source) throws ExpressionException {
    String s = source.strip();
    int lead = source.indexOf(s);
    Expr body;
    if (s.isEmpty()) {
      body = null;
    } else if (Template.hasExpressions(s)) {
      Template t;
      try {
        t = Template.parse(s);
      } catch (ExpressionException e) {
        throw e.shifted(lead);
      }
      body = t.isSingleExpression() ? ((Template.Code) t.parts().get(0)).expr() : asFormat(t);
    } else {
      try {
        body = Parser.parse(s);
      } catch (ExpressionException e) {
        throw e.shifted(lead);
      }
    }
    Expr success = new Expr.Call(Builtin.SUCCESS, List.of(), 0);
    if (body == null) {
      return new Condition(source, success);
    }
    if (usesStatusFunction(body)) {
      return new Condition(source, body);
    }
    return new Condition(source, new Expr.Logical(true, success, body, 0));
  }

  /** True when the condition holds. */
  public boolean test(Evaluator ev) throws ExpressionException {
    return Coercion.truthy(ev.evaluate(expr));
  }

  /** Text around expressions: {@code format('text {0} text', expr)}. */
  private static Expr asFormat(Template t) {
    StringBuilder pattern = new StringBuilder();
    List<Expr> args = new ArrayList<>();
    for (Template.Part p : t.parts()) {
      switch (p) {
        case Template.Text x -> pattern.append(x.text().replace("{", "{{").replace("}", "}}"));
        case Template.Code c -> {
          pattern.append('{').append(args.size()).append('}');
          args.add(c.expr());
        }
      }
    }
    args.add(0, new Expr.Literal(Value.of(pattern.toString()), 0));
    return new Expr.Call(Builtin.FORMAT, args, 0);
  }

  static boolean usesStatusFunction(Expr root) {
    Deque<Expr> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      switch (todo.pop()) {
        case Expr.Call c -> {
          if (c.function().isStatusFunction()) {
            return true;
          }
          c.args().forEach(todo::push);
        }
        case Expr.Index i -> {
          todo.push(i.target());
          todo.push(i.index());
        }
        case Expr.Star s -> todo.push(s.target());
        case Expr.Unary u -> todo.push(u.operand());
        case Expr.Binary b -> {
          todo.push(b.left());
          todo.push(b.right());
        }
        case Expr.Logical l -> {
          todo.push(l.left());
          todo.push(l.right());
        }
        case Expr.Literal l -> {}
        case Expr.ContextAccess c -> {}
      }
    }
    return false;
  }
}
