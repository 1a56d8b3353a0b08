// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import io.jrunner.expr.ExpressionException.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to {@link Value} and back (RFC 8259), with no library: {@code fromJSON}, {@code toJSON} and
 * the CLI's context file use it. Parsing stops at {@value #MAX_DEPTH} levels of nesting; errors are
 * {@link Kind#EVALUATION} exceptions whose offset is in the JSON text. Stateless.
 */
public final class Json {
  public static final int MAX_DEPTH = 100;

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** The value of a JSON document. */
  public static Value parse(String text) throws ExpressionException {
    Json json = new Json(text);
    json.skipSpace();
    Value v = json.value(0);
    json.skipSpace();
    if (json.pos < text.length()) {
      throw json.error("expected the end of the JSON text");
    }
    return v;
  }

  /**
   * {@code v} as {@code toJSON} gives it: pretty-printed with two spaces like {@code
   * JSON.stringify(v, null, 2)}, numbers as actions/runner prints them ({@link Numbers#format}: 15
   * significant digits, {@code 1E+19}, bare {@code NaN}).
   *
   * @throws ExpressionException ({@link Kind#LIMIT}) when the text would exceed {@code maxChars}
   */
  public static String write(Value v, int maxChars) throws ExpressionException {
    StringBuilder out = new StringBuilder();
    JsonWriter.write(v, out, 0, maxChars, false);
    return out.toString();
  }

  /**
   * {@code v} as a JSON data document, pretty-printed like {@link #write}, but with every number
   * exact (shortest round-trip digits, as JavaScript prints them) and NaN and infinities as {@code
   * null}, so that the text is valid JSON that parses back to the same numbers (event payloads).
   *
   * @throws ExpressionException ({@link Kind#LIMIT}) when the text would exceed {@code maxChars}
   */
  public static String writeData(Value v, int maxChars) throws ExpressionException {
    StringBuilder out = new StringBuilder();
    JsonWriter.write(v, out, 0, maxChars, true);
    return out.toString();
  }

  private ExpressionException error(String what) {
    return new ExpressionException(Kind.EVALUATION, pos, "invalid JSON: " + what);
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private Value value(int depth) throws ExpressionException {
    if (depth >= MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " levels deep");
    }
    if (pos >= text.length()) {
      throw error("expected a value, found the end of the text");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> Value.of(string());
      case 't' -> word("true", Value.TRUE);
      case 'f' -> word("false", Value.FALSE);
      case 'n' -> word("null", Value.NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Value word(String word, Value v) throws ExpressionException {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
    return v;
  }

  private Value number() throws ExpressionException {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String body = text.substring(digits, pos);
    boolean leadingZero =
        body.length() > 1
            && body.charAt(0) == '0'
            && body.charAt(1) != '.'
            && body.charAt(1) != 'e'
            && body.charAt(1) != 'E';
    if (body.isEmpty()
        || body.charAt(0) == '.'
        || leadingZero
        || body.endsWith(".")
        || body.contains(".e")
        || body.contains(".E")) {
      pos = start;
      throw error("invalid number");
    }
    double d = Numbers.parseLiteral(body);
    if (Double.isNaN(d) || body.startsWith("0x") || body.startsWith("0X")) {
      pos = start;
      throw error("invalid number");
    }
    return Value.of(text.charAt(start) == '-' ? -d : d);
  }

  private String string() throws ExpressionException {
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
              throw error("bad \\u escape");
            }
            code = code * 16 + d;
          }
          pos += 4;
          out.append((char) code);
        }
        default -> {
          pos--;
          throw error("bad escape '\\" + e + "'");
        }
      }
    }
    throw error("unterminated string");
  }

  private Value array(int depth) throws ExpressionException {
    pos++;
    List<Value> items = new ArrayList<>();
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == ']') {
      pos++;
      return new Value.Arr(items);
    }
    while (true) {
      skipSpace();
      items.add(value(depth + 1));
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
      } else if (pos < text.length() && text.charAt(pos) == ']') {
        pos++;
        return new Value.Arr(items);
      } else {
        throw error("expected ',' or ']'");
      }
    }
  }

  private Value object(int depth) throws ExpressionException {
    pos++;
    Map<String, Value> entries = new LinkedHashMap<>();
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == '}') {
      pos++;
      return new Value.Obj(entries);
    }
    while (true) {
      skipSpace();
      if (pos >= text.length() || text.charAt(pos) != '"') {
        throw error("expected a string key");
      }
      String key = string();
      skipSpace();
      if (pos >= text.length() || text.charAt(pos) != ':') {
        throw error("expected ':'");
      }
      pos++;
      skipSpace();
      entries.put(key, value(depth + 1));
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
      } else if (pos < text.length() && text.charAt(pos) == '}') {
        pos++;
        return new Value.Obj(entries);
      } else {
        throw error("expected ',' or '}'");
      }
    }
  }
}
