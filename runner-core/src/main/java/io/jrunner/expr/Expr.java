// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of an expression, as built by {@link Parser}. Immutable. Every node keeps the
 * offset of the token that introduced it, for error messages.
 */
public sealed interface Expr
    permits Expr.Literal,
        Expr.ContextAccess,
        Expr.Index,
        Expr.Star,
        Expr.Unary,
        Expr.Binary,
        Expr.Logical,
        Expr.Call {

  /** Offset of the node's first token (for binary operators: of the operator). */
  int offset();

  /** {@code null}, {@code true}, {@code 12}, {@code 'text'}. */
  record Literal(Value value, int offset) implements Expr {
    public Literal {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A top-level name: {@code github}, {@code matrix}. */
  record ContextAccess(String name, int offset) implements Expr {
    public ContextAccess {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code target.name} (index is a string literal) or {@code target[index]}. */
  record Index(Expr target, Expr index, int offset) implements Expr {
    public Index {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(index, "index");
    }
  }

  /** The object filter {@code target.*} or {@code target[*]}. */
  record Star(Expr target, int offset) implements Expr {
    public Star {
      Objects.requireNonNull(target, "target");
    }
  }

  /** {@code !operand}, the only unary operator. */
  record Unary(Expr operand, int offset) implements Expr {
    public Unary {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /** A comparison. */
  record Binary(Op op, Expr left, Expr right, int offset) implements Expr {
    public Binary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /** The comparison operators. */
  enum Op {
    EQUAL,
    NOT_EQUAL,
    LESS,
    LESS_EQUAL,
    GREATER,
    GREATER_EQUAL
  }

  /** {@code &&} ({@code and} true) or {@code ||}: returns one of its operands, short-circuits. */
  record Logical(boolean and, Expr left, Expr right, int offset) implements Expr {
    public Logical {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /** A call of a built-in function. */
  record Call(Builtin function, List<Expr> args, int offset) implements Expr {
    public Call {
      Objects.requireNonNull(function, "function");
      args = List.copyOf(args);
    }
  }
}
