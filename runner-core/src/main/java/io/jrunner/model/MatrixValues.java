// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.ExpressionException;
import io.jrunner.expr.Template;
import io.jrunner.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A job's matrix as GitHub turns it into combinations: every {@code ${{ }}} in it is evaluated
 * first (the whole matrix, a whole dimension, list items at any depth, values and keys of nested
 * objects, {@code include} and {@code exclude} entries) with the contexts GitHub allows in {@code
 * strategy} ({@code github}, {@code needs}, {@code vars}, {@code inputs}; any other context is null
 * there), then {@link MatrixExpander} expands it. {@code exec} calls it for a workflow's matrix,
 * the daemon for the one-combination matrix of a task's payload. Stateless.
 */
public final class MatrixValues {
  /** The contexts GitHub makes available to {@code jobs.<id>.strategy}. */
  public static final Set<String> STRATEGY_CONTEXTS = Set.of("github", "needs", "vars", "inputs");

  private MatrixValues() {}

  /**
   * The combinations of {@code matrix}, its expressions evaluated against {@code contexts} (of
   * which only {@link #STRATEGY_CONTEXTS} are used).
   *
   * @throws WorkflowException when an expression fails, a dimension or the whole matrix does not
   *     give what a matrix needs, a key does not give a string, or there are too many combinations
   */
  public static List<Map<String, Value>> combinations(
      Strategy.Matrix matrix, Map<String, Value> contexts) throws WorkflowException {
    Map<String, Value> allowed = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : contexts.entrySet()) {
      if (STRATEGY_CONTEXTS.contains(e.getKey())) {
        allowed.put(e.getKey(), e.getValue());
      }
    }
    Evaluator ev = new Evaluator(EvaluationContext.of(allowed));
    return MatrixExpander.expand(MatrixExpander.evaluate(literals(matrix, ev), ev));
  }

  /**
   * Evaluates the expressions inside the matrix as written; a whole-matrix or whole-dimension
   * expression is left to {@link MatrixExpander#evaluate} (what an expression gives is not
   * evaluated again).
   */
  static Strategy.Matrix literals(Strategy.Matrix matrix, Evaluator ev) throws WorkflowException {
    if (matrix.expression().isPresent()) {
      return matrix;
    }
    try {
      Map<String, Value> dims = new LinkedHashMap<>();
      for (Map.Entry<String, Value> d : matrix.dimensions().entrySet()) {
        Value v = d.getValue();
        dims.put(key(d.getKey(), ev, matrix), v instanceof Value.Arr ? deep(v, ev, matrix) : v);
      }
      return new Strategy.Matrix(
          dims,
          entries(matrix.include(), ev, matrix),
          entries(matrix.exclude(), ev, matrix),
          Optional.empty(),
          matrix.pos());
    } catch (ExpressionException e) {
      throw new WorkflowException(matrix.pos(), "matrix: " + e.getMessage());
    }
  }

  private static List<Map<String, Value>> entries(
      List<Map<String, Value>> entries, Evaluator ev, Strategy.Matrix matrix)
      throws ExpressionException, WorkflowException {
    List<Map<String, Value>> out = new ArrayList<>();
    for (Map<String, Value> entry : entries) {
      out.add(((Value.Obj) deep(new Value.Obj(entry), ev, matrix)).entries());
    }
    return out;
  }

  private static Value deep(Value v, Evaluator ev, Strategy.Matrix matrix)
      throws ExpressionException, WorkflowException {
    switch (v) {
      case Value.Str s when Template.hasExpressions(s.value()) -> {
        return Template.parse(s.value()).evaluate(ev);
      }
      case Value.Arr a -> {
        List<Value> items = new ArrayList<>();
        for (Value item : a.items()) {
          items.add(deep(item, ev, matrix));
        }
        return new Value.Arr(items);
      }
      case Value.Obj o -> {
        Map<String, Value> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : o.entries().entrySet()) {
          entries.put(key(e.getKey(), ev, matrix), deep(e.getValue(), ev, matrix));
        }
        return new Value.Obj(entries);
      }
      default -> {
        return v;
      }
    }
  }

  private static String key(String key, Evaluator ev, Strategy.Matrix matrix)
      throws ExpressionException, WorkflowException {
    if (!Template.hasExpressions(key)) {
      return key;
    }
    String k = Template.parse(key).render(ev);
    if (k.isEmpty()) {
      throw new WorkflowException(
          matrix.pos(), "matrix: the key " + key + " gives an empty string");
    }
    return k;
  }
}
