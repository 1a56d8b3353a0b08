// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a matrix into its combinations, by GitHub's documented rules (the server does this for
 * the daemon; {@code exec} does it locally):
 *
 * <ol>
 *   <li>the cartesian product of the dimensions, first dimension varying slowest;
 *   <li>{@code exclude}: drop every combination that matches all of an entry's keys;
 *   <li>{@code include}: add an entry's keys to every combination where that overwrites none of the
 *       original dimension values (added values may be overwritten); an entry that fits no
 *       combination becomes a combination of its own.
 * </ol>
 *
 * At most {@value #MAX_COMBINATIONS} combinations, GitHub's limit. Stateless.
 */
public final class MatrixExpander {
  public static final int MAX_COMBINATIONS = 256;

  private MatrixExpander() {}

  /**
   * Evaluates what of a matrix is written as expressions (the whole matrix, e.g. {@code ${{
   * fromJSON(needs.setup.outputs.matrix) }}}, or single dimensions), so that {@link #expand} can
   * expand it.
   *
   * @throws WorkflowException when an expression fails or gives something that is not a matrix
   */
  public static Strategy.Matrix evaluate(Strategy.Matrix matrix, io.jrunner.expr.Evaluator ev)
      throws WorkflowException {
    try {
      if (matrix.expression().isPresent()) {
        Value v = io.jrunner.expr.Template.parse(matrix.expression().get()).evaluate(ev);
        if (!(v instanceof Value.Obj obj)) {
          throw new WorkflowException(
              matrix.pos(), "the matrix expression must give an object, not " + describe(v));
        }
        Map<String, Value> dims = new LinkedHashMap<>();
        List<Map<String, Value>> include = List.of();
        List<Map<String, Value>> exclude = List.of();
        for (Map.Entry<String, Value> e : obj.entries().entrySet()) {
          switch (e.getKey()) {
            case "include" -> include = objects(e.getValue(), "include", matrix);
            case "exclude" -> exclude = objects(e.getValue(), "exclude", matrix);
            default -> dims.put(e.getKey(), e.getValue());
          }
        }
        return evaluate(
            new Strategy.Matrix(dims, include, exclude, java.util.Optional.empty(), matrix.pos()),
            ev);
      }
      Map<String, Value> dims = new LinkedHashMap<>();
      for (Map.Entry<String, Value> d : matrix.dimensions().entrySet()) {
        Value v = d.getValue();
        if (v instanceof Value.Str expr) {
          v = io.jrunner.expr.Template.parse(expr.value()).evaluate(ev);
        }
        if (!(v instanceof Value.Arr)) {
          throw new WorkflowException(
              matrix.pos(), "matrix." + d.getKey() + " must be a list, not " + describe(v));
        }
        dims.put(d.getKey(), v);
      }
      return new Strategy.Matrix(
          dims, matrix.include(), matrix.exclude(), java.util.Optional.empty(), matrix.pos());
    } catch (io.jrunner.expr.ExpressionException e) {
      throw new WorkflowException(matrix.pos(), "matrix: " + e.getMessage());
    }
  }

  private static List<Map<String, Value>> objects(Value v, String what, Strategy.Matrix matrix)
      throws WorkflowException {
    if (!(v instanceof Value.Arr arr)) {
      throw new WorkflowException(matrix.pos(), "matrix " + what + " must be a list of objects");
    }
    List<Map<String, Value>> out = new ArrayList<>();
    for (Value item : arr.items()) {
      if (!(item instanceof Value.Obj o)) {
        throw new WorkflowException(matrix.pos(), "matrix " + what + " must be a list of objects");
      }
      out.add(o.entries());
    }
    return out;
  }

  private static String describe(Value v) {
    return switch (v) {
      case Value.Obj o -> "an object";
      case Value.Arr a -> "a list";
      case Value.Str s -> "the string '" + s.value() + "'";
      default -> String.valueOf(v);
    };
  }

  /**
   * The combinations, each an ordered map of name to value.
   *
   * @throws WorkflowException when the matrix is an unevaluated expression, a dimension is one, or
   *     there would be too many combinations
   */
  public static List<Map<String, Value>> expand(Strategy.Matrix matrix) throws WorkflowException {
    if (matrix.expression().isPresent()) {
      throw new WorkflowException(
          matrix.pos(), "the matrix is an expression; evaluate it before expanding");
    }
    long size = 1;
    for (Map.Entry<String, Value> d : matrix.dimensions().entrySet()) {
      if (!(d.getValue() instanceof Value.Arr values)) {
        throw new WorkflowException(
            matrix.pos(),
            "matrix." + d.getKey() + " is an expression; evaluate it before expanding");
      }
      size *= values.items().size();
      if (size > MAX_COMBINATIONS) {
        throw tooMany(matrix);
      }
    }
    List<Map<String, Value>> combos = new ArrayList<>();
    if (!matrix.dimensions().isEmpty()) {
      combos.add(new LinkedHashMap<>());
      for (Map.Entry<String, Value> d : matrix.dimensions().entrySet()) {
        List<Map<String, Value>> next = new ArrayList<>();
        for (Map<String, Value> c : combos) {
          for (Value v : ((Value.Arr) d.getValue()).items()) {
            Map<String, Value> m = new LinkedHashMap<>(c);
            m.put(d.getKey(), v);
            next.add(m);
          }
        }
        combos = next;
      }
    }
    combos.removeIf(c -> matrix.exclude().stream().anyMatch(e -> matchesAll(c, e)));
    List<Map<String, Value>> extra = new ArrayList<>();
    for (Map<String, Value> inc : matrix.include()) {
      boolean added = false;
      for (Map<String, Value> c : combos) {
        boolean keepsOriginals = true;
        for (Map.Entry<String, Value> e : inc.entrySet()) {
          if (matrix.dimensions().containsKey(e.getKey())
              && !e.getValue().equals(c.get(e.getKey()))) {
            keepsOriginals = false;
            break;
          }
        }
        if (keepsOriginals) {
          c.putAll(inc);
          added = true;
        }
      }
      if (!added) {
        extra.add(new LinkedHashMap<>(inc));
      }
    }
    combos.addAll(extra);
    if (combos.size() > MAX_COMBINATIONS) {
      throw tooMany(matrix);
    }
    return combos.stream().map(c -> java.util.Collections.unmodifiableMap(c)).toList();
  }

  private static boolean matchesAll(Map<String, Value> combo, Map<String, Value> exclude) {
    for (Map.Entry<String, Value> e : exclude.entrySet()) {
      if (!e.getValue().equals(combo.get(e.getKey()))) {
        return false;
      }
    }
    return !exclude.isEmpty();
  }

  private static WorkflowException tooMany(Strategy.Matrix matrix) {
    return new WorkflowException(
        matrix.pos(), "the matrix has more than " + MAX_COMBINATIONS + " combinations");
  }
}
