// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import io.jrunner.expr.ExpressionException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one expression into an {@link Expr}. Precedence, loosest first: {@code ||}, {@code &&},
 * {@code == !=}, {@code < <= > >=}, {@code !}, then property access, index and calls. Function
 * names and argument counts are checked here; context names are checked by the {@link Evaluator}.
 *
 * <p>Limits (GitHub's): at most {@value #MAX_LENGTH} characters and {@value #MAX_NESTING} levels of
 * nesting; the tree is at most {@value #MAX_TREE_DEPTH} nodes deep, so evaluating it cannot exhaust
 * the stack. Not thread-safe; {@link #parse} makes a fresh instance.
 */
public final class Parser {
  public static final int MAX_LENGTH = 21_000;
  public static final int MAX_NESTING = 50;
  public static final int MAX_TREE_DEPTH = 500;

  private final List<Token> tokens;
  private int pos;
  private int nesting;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The tree of {@code source}, which must be one complete expression. */
  public static Expr parse(String source) throws ExpressionException {
    if (source.length() > MAX_LENGTH) {
      throw new ExpressionException(
          Kind.LIMIT,
          MAX_LENGTH,
          "the expression is " + source.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    Parser parser = new Parser(Lexer.tokenize(source));
    if (parser.peek().type() == TokenType.END) {
      throw new ExpressionException(Kind.SYNTAX, 0, "expected an expression, found nothing");
    }
    Node root = parser.or();
    Token rest = parser.peek();
    if (rest.type() != TokenType.END) {
      throw new ExpressionException(
          Kind.SYNTAX,
          rest.offset(),
          "expected an operator or the end of the expression, found " + rest.describe());
    }
    return root.expr;
  }

  /** A node and the depth of the tree under it. */
  private record Node(Expr expr, int depth) {}

  private static Node node(Expr expr, int depth) throws ExpressionException {
    if (depth > MAX_TREE_DEPTH) {
      throw new ExpressionException(
          Kind.LIMIT,
          expr.offset(),
          "the expression is nested more than " + MAX_TREE_DEPTH + " levels deep");
    }
    return new Node(expr, depth);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token advance() {
    Token t = tokens.get(pos);
    if (t.type() != TokenType.END) {
      pos++;
    }
    return t;
  }

  private Token expect(TokenType type, String what) throws ExpressionException {
    Token t = peek();
    if (t.type() != type) {
      throw new ExpressionException(
          Kind.SYNTAX, t.offset(), "expected " + what + ", found " + t.describe());
    }
    return advance();
  }

  private void enter(Token at) throws ExpressionException {
    if (++nesting > MAX_NESTING) {
      throw new ExpressionException(
          Kind.LIMIT,
          at.offset(),
          "the expression nests more than " + MAX_NESTING + " levels deep");
    }
  }

  private Node or() throws ExpressionException {
    Node left = and();
    while (peek().type() == TokenType.OR) {
      Token op = advance();
      Node right = and();
      left =
          node(
              new Expr.Logical(false, left.expr, right.expr, op.offset()),
              1 + Math.max(left.depth, right.depth));
    }
    return left;
  }

  private Node and() throws ExpressionException {
    Node left = equality();
    while (peek().type() == TokenType.AND) {
      Token op = advance();
      Node right = equality();
      left =
          node(
              new Expr.Logical(true, left.expr, right.expr, op.offset()),
              1 + Math.max(left.depth, right.depth));
    }
    return left;
  }

  private Node equality() throws ExpressionException {
    Node left = comparison();
    while (true) {
      Expr.Op op =
          switch (peek().type()) {
            case EQUAL -> Expr.Op.EQUAL;
            case NOT_EQUAL -> Expr.Op.NOT_EQUAL;
            default -> null;
          };
      if (op == null) {
        return left;
      }
      Token t = advance();
      Node right = comparison();
      left = binary(op, left, right, t);
    }
  }

  private Node comparison() throws ExpressionException {
    Node left = unary();
    while (true) {
      Expr.Op op =
          switch (peek().type()) {
            case LESS -> Expr.Op.LESS;
            case LESS_EQUAL -> Expr.Op.LESS_EQUAL;
            case GREATER -> Expr.Op.GREATER;
            case GREATER_EQUAL -> Expr.Op.GREATER_EQUAL;
            default -> null;
          };
      if (op == null) {
        return left;
      }
      Token t = advance();
      Node right = unary();
      left = binary(op, left, right, t);
    }
  }

  private static Node binary(Expr.Op op, Node left, Node right, Token t)
      throws ExpressionException {
    return node(
        new Expr.Binary(op, left.expr, right.expr, t.offset()),
        1 + Math.max(left.depth, right.depth));
  }

  private Node unary() throws ExpressionException {
    if (peek().type() == TokenType.NOT) {
      Token t = advance();
      enter(t);
      Node operand = unary();
      nesting--;
      return node(new Expr.Unary(operand.expr, t.offset()), operand.depth + 1);
    }
    return postfix(primary());
  }

  private Node postfix(Node target) throws ExpressionException {
    Node current = target;
    while (true) {
      Token t = peek();
      if (t.type() == TokenType.DOT) {
        advance();
        Token name = advance();
        Expr next =
            switch (name.type()) {
              case STAR -> new Expr.Star(current.expr, t.offset());
              case IDENTIFIER, TRUE, FALSE, NULL ->
                  new Expr.Index(
                      current.expr,
                      new Expr.Literal(Value.of(name.text()), name.offset()),
                      t.offset());
              case NUMBER ->
                  isWord(name.text())
                      ? new Expr.Index(
                          current.expr,
                          new Expr.Literal(Value.of(name.text()), name.offset()),
                          t.offset())
                      : null;
              default -> null;
            };
        if (next == null) {
          throw new ExpressionException(
              Kind.SYNTAX,
              name.offset(),
              "expected a property name or '*' after '.', found " + name.describe());
        }
        current = node(next, current.depth + 1);
      } else if (t.type() == TokenType.LEFT_BRACKET) {
        advance();
        if (peek().type() == TokenType.STAR) {
          advance();
          expect(TokenType.RIGHT_BRACKET, "']' after '[*'");
          current = node(new Expr.Star(current.expr, t.offset()), current.depth + 1);
        } else {
          enter(t);
          Node index = or();
          nesting--;
          expect(TokenType.RIGHT_BRACKET, "']' to close the '[' at offset " + t.offset());
          current =
              node(
                  new Expr.Index(current.expr, index.expr, t.offset()),
                  1 + Math.max(current.depth, index.depth));
        }
      } else {
        return current;
      }
    }
  }

  private static boolean isWord(String text) {
    return text.equals("NaN") || text.equals("Infinity");
  }

  private Node primary() throws ExpressionException {
    Token t = advance();
    switch (t.type()) {
      case NUMBER, STRING, TRUE, FALSE, NULL -> {
        return new Node(new Expr.Literal(t.literal(), t.offset()), 1);
      }
      case IDENTIFIER -> {
        if (peek().type() == TokenType.LEFT_PAREN) {
          return call(t);
        }
        return new Node(new Expr.ContextAccess(t.text(), t.offset()), 1);
      }
      case LEFT_PAREN -> {
        enter(t);
        Node inner = or();
        nesting--;
        expect(TokenType.RIGHT_PAREN, "')' to close the '(' at offset " + t.offset());
        return inner;
      }
      default ->
          throw new ExpressionException(
              Kind.SYNTAX, t.offset(), "expected a value, a name or '(', found " + t.describe());
    }
  }

  private Node call(Token name) throws ExpressionException {
    Token open = advance();
    Builtin function = Builtin.lookup(name.text());
    if (function == null) {
      throw new ExpressionException(
          Kind.UNKNOWN_FUNCTION, name.offset(), "unknown function '" + name.text() + "'");
    }
    enter(open);
    List<Expr> args = new ArrayList<>();
    int depth = 1;
    if (peek().type() != TokenType.RIGHT_PAREN) {
      while (true) {
        Node arg = or();
        args.add(arg.expr);
        depth = Math.max(depth, arg.depth + 1);
        if (peek().type() == TokenType.COMMA) {
          advance();
          continue;
        }
        expect(TokenType.RIGHT_PAREN, "',' or ')' in the arguments of " + name.text());
        break;
      }
    } else {
      advance();
    }
    nesting--;
    String problem = function.checkArity(args.size());
    if (problem != null) {
      throw new ExpressionException(Kind.ARGUMENT_COUNT, name.offset(), problem);
    }
    return node(new Expr.Call(function, args, name.offset()), depth);
  }
}
