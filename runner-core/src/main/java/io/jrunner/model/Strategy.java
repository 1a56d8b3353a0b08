// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's {@code strategy:}.
 *
 * @param matrix the matrix, if any
 * @param failFast {@code true}, {@code false} or an expression, if given (GitHub's default is true)
 * @param maxParallel a number or an expression, if given
 * @param pos where it is defined
 */
public record Strategy(
    Optional<Matrix> matrix,
    Optional<String> failFast,
    Optional<String> maxParallel,
    SourcePos pos) {
  public Strategy {
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(failFast, "failFast");
    Objects.requireNonNull(maxParallel, "maxParallel");
    Objects.requireNonNull(pos, "pos");
  }

  /**
   * {@code strategy.matrix}: dimensions (each a list, or a {@code ${{ }}} string), {@code include}
   * and {@code exclude}; or one expression for the whole matrix. {@link MatrixExpander} turns it
   * into combinations.
   *
   * @param dimensions dimension name → {@link Value.Arr} of values, or {@link Value.Str} expression
   * @param include entries of {@code include}
   * @param exclude entries of {@code exclude}
   * @param expression the whole matrix as one expression, if it was written so
   * @param pos where it is defined
   */
  public record Matrix(
      Map<String, Value> dimensions,
      List<Map<String, Value>> include,
      List<Map<String, Value>> exclude,
      Optional<String> expression,
      SourcePos pos) {
    public Matrix {
      dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
      include = include.stream().map(Matrix::ordered).toList();
      exclude = exclude.stream().map(Matrix::ordered).toList();
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(pos, "pos");
    }

    private static Map<String, Value> ordered(Map<String, Value> m) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
  }
}
