// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import io.jrunner.expr.ExpressionException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates {@link Expr} trees against an {@link EvaluationContext}: property and index access
 * (missing → null), object filters, the documented coercions, {@code &&}/{@code ||} returning an
 * operand with short-circuit, and the built-in functions ({@link Functions}).
 *
 * <p>Immutable and thread-safe when its context is. Strings built by functions are capped at
 * {@value #MAX_RESULT_CHARS} characters ({@link Kind#LIMIT}), so no input can exhaust memory.
 */
public final class Evaluator {
  /** GitHub caps an expression's memory at about 1 MiB; this caps any string it builds. */
  public static final int MAX_RESULT_CHARS = 1 << 20;

  private final EvaluationContext context;

  public Evaluator(EvaluationContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  public EvaluationContext context() {
    return context;
  }

  /** Parses and evaluates {@code source}. */
  public Value evaluate(String source) throws ExpressionException {
    return evaluate(Parser.parse(source));
  }

  public Value evaluate(Expr expr) throws ExpressionException {
    return switch (expr) {
      case Expr.Literal l -> l.value();
      case Expr.ContextAccess c -> context(c);
      case Expr.Index i -> chain(i).value();
      case Expr.Star s -> chain(s).value();
      case Expr.Unary u -> Value.of(!Coercion.truthy(evaluate(u.operand())));
      case Expr.Binary b -> Value.of(compare(b.op(), evaluate(b.left()), evaluate(b.right())));
      case Expr.Logical l -> logical(l);
      case Expr.Call c -> Functions.call(this, c);
    };
  }

  private Value context(Expr.ContextAccess c) throws ExpressionException {
    Value v = context.lookup(c.name());
    if (v == null) {
      throw new ExpressionException(
          Kind.UNKNOWN_CONTEXT,
          c.offset(),
          "unrecognized name '"
              + c.name()
              + "': expected a context such as github, env, vars, secrets, steps, needs, matrix"
              + " or inputs");
    }
    return v;
  }

  private Value logical(Expr.Logical l) throws ExpressionException {
    Value left = evaluate(l.left());
    boolean t = Coercion.truthy(left);
    if (l.and() ? !t : t) {
      return left;
    }
    return evaluate(l.right());
  }

  static boolean compare(Expr.Op op, Value a, Value b) {
    Integer o =
        op == Expr.Op.EQUAL || op == Expr.Op.NOT_EQUAL ? Integer.valueOf(0) : Coercion.order(a, b);
    return switch (op) {
      case EQUAL -> Coercion.looseEquals(a, b);
      case NOT_EQUAL -> !Coercion.looseEquals(a, b);
      case LESS -> o != null && o < 0;
      case LESS_EQUAL -> o != null && o <= 0;
      case GREATER -> o != null && o > 0;
      case GREATER_EQUAL -> o != null && o >= 0;
    };
  }

  /** A value, and whether it is the result of an object filter (later accesses map over it). */
  private record Chain(Value value, boolean filtered) {}

  private Chain chain(Expr e) throws ExpressionException {
    return switch (e) {
      case Expr.Star s -> {
        Chain target = chain(s.target());
        List<Value> out = new ArrayList<>();
        if (target.filtered()) {
          for (Value item : ((Value.Arr) target.value()).items()) {
            spread(item, out);
          }
        } else {
          spread(target.value(), out);
        }
        yield new Chain(new Value.Arr(out), true);
      }
      case Expr.Index i -> {
        Chain target = chain(i.target());
        Value key = evaluate(i.index());
        if (!target.filtered()) {
          Value v = index(target.value(), key);
          yield new Chain(v == null ? Value.NULL : v, false);
        }
        List<Value> out = new ArrayList<>();
        for (Value item : ((Value.Arr) target.value()).items()) {
          Value v = index(item, key);
          if (v != null) {
            out.add(v);
          }
        }
        yield new Chain(new Value.Arr(out), true);
      }
      case Expr.Literal l -> new Chain(evaluate(l), false);
      case Expr.ContextAccess c -> new Chain(evaluate(c), false);
      case Expr.Unary u -> new Chain(evaluate(u), false);
      case Expr.Binary b -> new Chain(evaluate(b), false);
      case Expr.Logical l -> new Chain(evaluate(l), false);
      case Expr.Call c -> new Chain(evaluate(c), false);
    };
  }

  private static void spread(Value v, List<Value> out) {
    switch (v) {
      case Value.Arr a -> out.addAll(a.items());
      case Value.Obj o -> out.addAll(o.entries().values());
      case Value.Null n -> {}
      case Value.Bool b -> {}
      case Value.Num n -> {}
      case Value.Str s -> {}
    }
  }

  /** {@code target[key]}, or null (Java null) when there is no such element. */
  private static Value index(Value target, Value key) {
    return switch (target) {
      case Value.Obj o -> o.get(Coercion.toStr(key));
      case Value.Arr a -> {
        if (!(key instanceof Value.Num n)
            || Double.isNaN(n.value())
            || n.value() < 0
            || n.value() >= a.items().size()) {
          yield null;
        }
        yield a.items().get((int) Math.floor(n.value()));
      }
      case Value.Null n -> null;
      case Value.Bool b -> null;
      case Value.Num n -> null;
      case Value.Str s -> null;
    };
  }
}
