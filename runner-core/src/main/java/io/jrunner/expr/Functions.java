// SPDX-License-Identifier: Apache-2.0
package io.jrunner.expr;

import io.jrunner.expr.ExpressionException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in functions as GitHub documents them. String arguments are coerced with {@link
 * Coercion#toStr}; string comparisons ignore case. Stateless.
 */
final class Functions {
  private Functions() {}

  static Value call(Evaluator ev, Expr.Call c) throws ExpressionException {
    List<Expr> a = c.args();
    return switch (c.function()) {
      case CONTAINS -> Value.of(contains(ev.evaluate(a.get(0)), ev.evaluate(a.get(1))));
      case STARTS_WITH ->
          Value.of(
              startsWith(
                  Coercion.toStr(ev.evaluate(a.get(0))), Coercion.toStr(ev.evaluate(a.get(1)))));
      case ENDS_WITH -> {
        String s = Coercion.toStr(ev.evaluate(a.get(0)));
        String t = Coercion.toStr(ev.evaluate(a.get(1)));
        yield Value.of(
            s.length() >= t.length()
                && s.regionMatches(true, s.length() - t.length(), t, 0, t.length()));
      }
      case FORMAT ->
          Value.of(Format.format(c, values(ev, a.subList(1, a.size())), ev.evaluate(a.get(0))));
      case JOIN ->
          join(c, ev.evaluate(a.get(0)), a.size() > 1 ? ev.evaluate(a.get(1)) : Value.of(","));
      case TO_JSON -> Value.of(Json.write(ev.evaluate(a.get(0)), Evaluator.MAX_RESULT_CHARS));
      case FROM_JSON -> fromJson(c, ev.evaluate(a.get(0)));
      case HASH_FILES -> hashFiles(ev, c);
      case SUCCESS -> Value.of(ev.context().status().state() == JobStatus.State.SUCCESS);
      case ALWAYS -> Value.TRUE;
      case FAILURE -> Value.of(ev.context().status().state() == JobStatus.State.FAILURE);
      case CANCELLED -> Value.of(ev.context().status().state() == JobStatus.State.CANCELLED);
      case CASE -> caseOf(ev, c);
    };
  }

  private static List<Value> values(Evaluator ev, List<Expr> args) throws ExpressionException {
    List<Value> out = new ArrayList<>(args.size());
    for (Expr e : args) {
      out.add(ev.evaluate(e));
    }
    return out;
  }

  private static boolean contains(Value search, Value item) {
    if (search instanceof Value.Arr arr) {
      for (Value v : arr.items()) {
        if (Coercion.looseEquals(v, item)) {
          return true;
        }
      }
      return false;
    }
    return Coercion.containsIgnoreCase(Coercion.toStr(search), Coercion.toStr(item));
  }

  private static boolean startsWith(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static Value join(Expr.Call c, Value array, Value separator) throws ExpressionException {
    if (!(array instanceof Value.Arr arr)) {
      return Value.of(Coercion.toStr(array));
    }
    String sep = Coercion.toStr(separator);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < arr.items().size(); i++) {
      if (i > 0) {
        out.append(sep);
      }
      out.append(Coercion.toStr(arr.items().get(i)));
      checkSize(c, out);
    }
    return Value.of(out.toString());
  }

  static void checkSize(Expr.Call c, StringBuilder out) throws ExpressionException {
    if (out.length() > Evaluator.MAX_RESULT_CHARS) {
      throw new ExpressionException(
          Kind.LIMIT,
          c.offset(),
          c.function().displayName()
              + " would build a string longer than "
              + Evaluator.MAX_RESULT_CHARS
              + " characters");
    }
  }

  private static Value fromJson(Expr.Call c, Value arg) throws ExpressionException {
    String text = Coercion.toStr(arg);
    if (text.length() > Evaluator.MAX_RESULT_CHARS) {
      throw new ExpressionException(Kind.LIMIT, c.offset(), "fromJSON: the text is too long");
    }
    try {
      return Json.parse(text);
    } catch (ExpressionException e) {
      throw new ExpressionException(
          Kind.EVALUATION,
          c.offset(),
          "fromJSON: " + e.detail() + " at offset " + e.offset() + " of its argument");
    }
  }

  private static Value hashFiles(Evaluator ev, Expr.Call c) throws ExpressionException {
    List<String> patterns = new ArrayList<>();
    for (Value v : values(ev, c.args())) {
      patterns.add(Coercion.toStr(v));
    }
    try {
      return Value.of(ev.context().files().hashFiles(patterns));
    } catch (IOException e) {
      throw new ExpressionException(
          Kind.EVALUATION,
          c.offset(),
          "hashFiles(" + String.join(", ", patterns) + ") failed: " + e.getMessage());
    }
  }

  private static Value caseOf(Evaluator ev, Expr.Call c) throws ExpressionException {
    List<Expr> a = c.args();
    for (int i = 0; i + 1 < a.size(); i += 2) {
      Value predicate = ev.evaluate(a.get(i));
      if (!(predicate instanceof Value.Bool b)) {
        throw new ExpressionException(
            Kind.EVALUATION,
            a.get(i).offset(),
            "case: predicate " + (i / 2 + 1) + " must be a boolean, got " + predicate.kind());
      }
      if (b.value()) {
        return ev.evaluate(a.get(i + 1));
      }
    }
    return ev.evaluate(a.get(a.size() - 1));
  }
}
