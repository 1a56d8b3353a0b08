// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import io.jrunner.expr.ExpressionException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A string with {@code ${{ expression }}} parts, as found in any workflow string field. The
 * expression ends at the first {@code }}} outside a quoted string literal, so {@code ${{ '}}' }}}
 * is one expression. Immutable and thread-safe.
 *
 * @param source the original string
 * @param parts literal text and parsed expressions, in order
 */
public record Template(String source, List<Template.Part> parts) {
  public Template {
    Objects.requireNonNull(source, "source");
    parts = List.copyOf(parts);
  }

  /** A piece of a template. */
  public sealed interface Part permits Text, Code {}

  /** Literal text. */
  public record Text(String text) implements Part {}

  /**
   * An embedded expression.
   *
   * @param expr its tree
   * @param source the text between {@code ${{} and {@code }}}
   * @param offset where that text starts in the template
   */
  public record Code(Expr expr, String source, int offset) implements Part {}

  /** True when {@code s} contains {@code ${{}. */
  public static boolean hasExpressions(String s) {
    return s.contains("${{");
  }

  /** Parses every {@code ${{ }}} in {@code source}; error offsets are offsets in {@code source}. */
  public static Template parse(String source) throws ExpressionException {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    while (true) {
      int open = source.indexOf("${{", i);
      if (open < 0) {
        if (i < source.length()) {
          parts.add(new Text(source.substring(i)));
        }
        return new Template(source, parts);
      }
      if (open > i) {
        parts.add(new Text(source.substring(i, open)));
      }
      int start = open + 3;
      int close = findClose(source, start);
      if (close < 0) {
        throw new ExpressionException(
            Kind.SYNTAX, open, "expected '}}' to close the '${{' opened here");
      }
      String inner = source.substring(start, close);
      if (inner.isBlank()) {
        throw new ExpressionException(Kind.SYNTAX, open, "expected an expression inside '${{ }}'");
      }
      try {
        parts.add(new Code(Parser.parse(inner), inner, start));
      } catch (ExpressionException e) {
        throw e.shifted(start);
      }
      i = close + 2;
    }
  }

  private static int findClose(String s, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
        return i;
      }
    }
    return -1;
  }

  /** True when the whole string is one {@code ${{ }}}, so its value keeps its type. */
  public boolean isSingleExpression() {
    return parts.size() == 1 && parts.get(0) instanceof Code;
  }

  /**
   * The value: the expression's own value for a single expression, else the concatenated string.
   */
  public Value evaluate(Evaluator ev) throws ExpressionException {
    if (isSingleExpression()) {
      Code code = (Code) parts.get(0);
      return evaluateCode(ev, code);
    }
    return Value.of(render(ev));
  }

  /**
   * The string: each expression's value as a string (arrays and objects as JSON, null as empty).
   */
  public String render(Evaluator ev) throws ExpressionException {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      switch (p) {
        case Text t -> out.append(t.text());
        case Code c -> {
          Value v = evaluateCode(ev, c);
          out.append(
              v instanceof Value.Arr || v instanceof Value.Obj
                  ? Json.write(v, Evaluator.MAX_RESULT_CHARS)
                  : Coercion.toStr(v));
        }
      }
      if (out.length() > Evaluator.MAX_RESULT_CHARS) {
        throw new ExpressionException(
            Kind.LIMIT, 0, "the interpolated string is longer than " + Evaluator.MAX_RESULT_CHARS);
      }
    }
    return out.toString();
  }

  private static Value evaluateCode(Evaluator ev, Code code) throws ExpressionException {
    try {
      return ev.evaluate(code.expr());
    } catch (ExpressionException e) {
      throw e.shifted(code.offset());
    }
  }
}
