// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import io.jrunner.expr.ExpressionException.Kind;
import java.util.Iterator;
import java.util.Map;

/** Pretty JSON output for {@link Json#write}. Stateless. */
final class JsonWriter {
  private JsonWriter() {}

  /**
   * @param data true for a data document (numbers exact, NaN and infinities as {@code null}), false
   *     for {@code toJSON} (numbers as actions/runner prints them, see {@link Numbers#format})
   */
  static void write(Value v, StringBuilder out, int indent, int max, boolean data)
      throws ExpressionException {
    if (out.length() > max) {
      throw new ExpressionException(
          Kind.LIMIT, 0, "the JSON text would be longer than " + max + " characters");
    }
    switch (v) {
      case Value.Null n -> out.append("null");
      case Value.Bool b -> out.append(b.value());
      // toJSON as actions/runner: the number as a string, so NaN and infinities are bare words.
      case Value.Num n ->
          out.append(
              !data
                  ? Numbers.format(n.value())
                  : Double.isNaN(n.value()) || Double.isInfinite(n.value())
                      ? "null"
                      : Numbers.javaScript(n.value()));
      case Value.Str s -> quote(s.value(), out);
      case Value.Arr a -> {
        if (a.items().isEmpty()) {
          out.append("[]");
          return;
        }
        out.append("[\n");
        for (int i = 0; i < a.items().size(); i++) {
          out.append("  ".repeat(indent + 1));
          write(a.items().get(i), out, indent + 1, max, data);
          out.append(i + 1 < a.items().size() ? ",\n" : "\n");
        }
        out.append("  ".repeat(indent)).append(']');
      }
      case Value.Obj o -> {
        if (o.entries().isEmpty()) {
          out.append("{}");
          return;
        }
        out.append("{\n");
        Iterator<Map.Entry<String, Value>> it = o.entries().entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<String, Value> e = it.next();
          out.append("  ".repeat(indent + 1));
          quote(e.getKey(), out);
          out.append(": ");
          write(e.getValue(), out, indent + 1, max, data);
          out.append(it.hasNext() ? ",\n" : "\n");
        }
        out.append("  ".repeat(indent)).append('}');
      }
    }
  }

  static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
