// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import io.jrunner.expr.ExpressionException.Kind;
import java.util.List;

/**
 * {@code format('Hello {0} {1}', a, b)}: {@code {N}} is replaced by argument N as a string, {@code
 * {{} and {@code }}} stand for literal braces; anything else with a brace, or an index past the
 * last argument, is an {@link Kind#EVALUATION} error. Stateless.
 */
final class Format {
  private Format() {}

  static String format(Expr.Call c, List<Value> args, Value pattern) throws ExpressionException {
    String f = Coercion.toStr(pattern);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < f.length()) {
      char ch = f.charAt(i);
      if (ch == '{' && i + 1 < f.length() && f.charAt(i + 1) == '{') {
        out.append('{');
        i += 2;
      } else if (ch == '}' && i + 1 < f.length() && f.charAt(i + 1) == '}') {
        out.append('}');
        i += 2;
      } else if (ch == '{') {
        int close = i + 1;
        long index = 0;
        while (close < f.length() && Character.isDigit(f.charAt(close)) && index < 1_000_000) {
          index = index * 10 + Character.digit(f.charAt(close), 10);
          close++;
        }
        if (close == i + 1 || close >= f.length() || f.charAt(close) != '}') {
          throw invalid(c, f, "'{' at position " + i + " must start '{N}' or be doubled as '{{'");
        }
        if (index >= args.size()) {
          throw new ExpressionException(
              Kind.EVALUATION,
              c.offset(),
              "format: '{"
                  + index
                  + "}' refers to argument "
                  + index
                  + " but only "
                  + args.size()
                  + (args.size() == 1 ? " argument was" : " arguments were")
                  + " given after the format string");
        }
        out.append(Coercion.toStr(args.get((int) index)));
        Functions.checkSize(c, out);
        i = close + 1;
      } else if (ch == '}') {
        throw invalid(c, f, "'}' at position " + i + " must close '{N}' or be doubled as '}}'");
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  private static ExpressionException invalid(Expr.Call c, String f, String why) {
    String shown = f.length() > 60 ? f.substring(0, 60) + "…" : f;
    return new ExpressionException(
        Kind.EVALUATION, c.offset(), "format: invalid format string '" + shown + "': " + why);
  }
}
