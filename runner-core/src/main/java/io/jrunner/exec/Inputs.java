// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.Coercion;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Numbers;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import io.jrunner.model.WorkflowTriggers.Input;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code inputs} context, built as GitHub builds it for {@code workflow_dispatch} and {@code
 * workflow_call}: each declared input takes the given value (the event payload's {@code inputs}, or
 * a caller's {@code with:}), else its {@code default:}, else the empty value of its type ({@code
 * ""}, {@code false}, {@code 0}), typed by its declared {@code type}: a {@code boolean} is a
 * boolean, a {@code number} a number, {@code string} and {@code choice} strings. Undeclared given
 * values of an event stay as they are. Used by the daemon ({@code TaskContexts}), by {@code jrunner
 * exec} and by reusable workflow calls. Stateless.
 */
public final class Inputs {
  private Inputs() {}

  /**
   * The context of an event's inputs ({@code workflow_dispatch}, or a {@code workflow_call} job the
   * server expanded): lenient, as forgejo-runner is, because the server checked the values; a
   * boolean is true only for {@code true} or {@code "true"}, a number that does not parse stays a
   * string.
   *
   * @param given the payload's {@code inputs} (strings from Forgejo)
   * @param defaults evaluates {@code ${{ }}} in defaults; null leaves them as written
   */
  public static Value.Obj ofEvent(
      Map<String, Input> declared, Map<String, Value> given, Evaluator defaults) {
    Map<String, Value> out = new LinkedHashMap<>(given);
    for (Input input : declared.values()) {
      Value raw = given.get(input.name());
      if (raw == null || raw instanceof Value.Null) {
        raw = defaultOf(input, defaults);
      }
      out.put(input.name(), lenient(input, raw));
    }
    return new Value.Obj(out);
  }

  /**
   * The context of a reusable workflow called with {@code with}: strict, as GitHub is.
   *
   * @param with the caller's evaluated {@code with:} values
   * @param caller names the calling job and the workflow in messages ({@code jobs.x
   *     (./.forgejo/workflows/y.yml)})
   * @param defaults evaluates {@code ${{ }}} in defaults (the called workflow's contexts)
   * @throws WorkflowCallException for an undeclared input, a missing required one, or a value that
   *     is not of the declared type
   */
  public static Value.Obj ofCall(
      Map<String, Input> declared, Map<String, Value> with, String caller, Evaluator defaults)
      throws WorkflowCallException {
    for (String name : with.keySet()) {
      if (!declared.containsKey(name)) {
        throw new WorkflowCallException(
            caller
                + ": with."
                + name
                + " is not an input of the called workflow (inputs: "
                + declared.keySet()
                + ")");
      }
    }
    Map<String, Value> out = new LinkedHashMap<>();
    for (Input input : declared.values()) {
      Value raw = with.get(input.name());
      if (raw == null || raw instanceof Value.Null) {
        if (input.required() && input.defaultValue() == null) {
          throw new WorkflowCallException(
              caller + ": the called workflow requires input '" + input.name() + "'");
        }
        raw = defaultOf(input, defaults);
      }
      out.put(input.name(), strict(input, raw, caller + ": input '" + input.name() + "'"));
    }
    return new Value.Obj(out);
  }

  /**
   * Checks values given on the command line against the declared inputs of {@code
   * workflow_dispatch} ({@code jrunner exec --input}).
   *
   * @throws WorkflowCallException naming the input, for a boolean that is not {@code true}/{@code
   *     false}, a number that does not parse, or a choice not among the options
   */
  public static void check(Map<String, Input> declared, Map<String, Value> given)
      throws WorkflowCallException {
    for (Input input : declared.values()) {
      Value v = given.get(input.name());
      if (v != null) {
        strict(input, v, "input '" + input.name() + "'");
      }
    }
  }

  private static Value defaultOf(Input input, Evaluator defaults) {
    Value d = input.defaultValue();
    if (d == null || d instanceof Value.Null) {
      return switch (input.type()) {
        case "boolean" -> Value.FALSE;
        case "number" -> Value.of(0);
        default -> Value.of("");
      };
    }
    if (defaults != null && d instanceof Value.Str s && Template.hasExpressions(s.value())) {
      try {
        return Template.parse(s.value()).evaluate(defaults);
      } catch (ExpressionException e) {
        return d;
      }
    }
    return d;
  }

  private static Value lenient(Input input, Value v) {
    return switch (input.type()) {
      case "boolean" ->
          Value.of(
              v instanceof Value.Bool b ? b.value() : Coercion.toStr(v).strip().equals("true"));
      case "number" -> {
        if (v instanceof Value.Num) {
          yield v;
        }
        double d = Numbers.parse(Coercion.toStr(v).strip());
        yield Double.isNaN(d) ? v : Value.of(d);
      }
      default -> v instanceof Value.Str ? v : Value.of(Coercion.toStr(v));
    };
  }

  private static Value strict(Input input, Value v, String what) throws WorkflowCallException {
    switch (input.type()) {
      case "boolean" -> {
        if (v instanceof Value.Bool) {
          return v;
        }
        String s = v instanceof Value.Str str ? str.value().strip() : "";
        if (s.equals("true") || s.equals("false")) {
          return Value.of(s.equals("true"));
        }
        throw new WorkflowCallException(
            what + " must be a boolean (true or false), got " + describe(v));
      }
      case "number" -> {
        if (v instanceof Value.Num) {
          return v;
        }
        double d =
            v instanceof Value.Str s && !s.value().isBlank()
                ? Numbers.parse(s.value().strip())
                : Double.NaN;
        if (Double.isNaN(d)) {
          throw new WorkflowCallException(what + " must be a number, got " + describe(v));
        }
        return Value.of(d);
      }
      case "choice" -> {
        String s = Coercion.toStr(v);
        if (!input.options().isEmpty() && !input.options().contains(s)) {
          throw new WorkflowCallException(
              what + " must be one of " + input.options() + ", got '" + s + "'");
        }
        return Value.of(s);
      }
      default -> {
        if (v instanceof Value.Arr || v instanceof Value.Obj) {
          throw new WorkflowCallException(what + " must be a string, got " + describe(v));
        }
        return v instanceof Value.Str ? v : Value.of(Coercion.toStr(v));
      }
    }
  }

  private static String describe(Value v) {
    return switch (v) {
      case Value.Str s -> "'" + s.value() + "'";
      case Value.Arr a -> "a list";
      case Value.Obj o -> "a mapping";
      default -> Coercion.toStr(v);
    };
  }
}
