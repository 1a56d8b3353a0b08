// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.expr.EvaluationContext;
import io.jrunner.expr.Evaluator;
import io.jrunner.expr.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matrices written as expressions, evaluated before expansion (as {@code jrunner exec} does). */
class MatrixEvaluateTest {
  private static Strategy.Matrix matrixOf(String yaml) throws Exception {
    Workflow wf = WorkflowParser.parse(yaml).value();
    return wf.jobs().get("j").strategy().orElseThrow().matrix().orElseThrow();
  }

  private static Evaluator withSetupOutput(String json) {
    return new Evaluator(
        EvaluationContext.of(
            Map.of(
                "needs",
                new Value.Obj(
                    Map.of(
                        "setup",
                        new Value.Obj(
                            Map.of("outputs", new Value.Obj(Map.of("m", Value.of(json))))))))));
  }

  @Test
  void wholeMatrixFromJson_withInclude() throws Exception {
    Strategy.Matrix m =
        matrixOf(
            "on: push\njobs:\n  j:\n    runs-on: x\n    strategy:\n"
                + "      matrix: ${{ fromJSON(needs.setup.outputs.m) }}\n"
                + "    steps:\n      - run: 'true'\n");

    List<Map<String, Value>> combos =
        MatrixExpander.expand(
            MatrixExpander.evaluate(
                m,
                withSetupOutput("{\"v\": [1, 2], \"include\": [{\"v\": 3, \"extra\": \"y\"}]}")));

    assertThat(combos).hasSize(3);
    assertThat(combos.get(2)).containsEntry("extra", Value.of("y"));
  }

  @Test
  void oneDimensionFromAnExpression() throws Exception {
    Strategy.Matrix m =
        matrixOf(
            "on: push\njobs:\n  j:\n    runs-on: x\n    strategy:\n      matrix:\n"
                + "        os: ${{ fromJSON(needs.setup.outputs.m) }}\n"
                + "        py: ['3.11']\n    steps:\n      - run: 'true'\n");

    assertThat(MatrixExpander.expand(MatrixExpander.evaluate(m, withSetupOutput("[\"a\",\"b\"]"))))
        .hasSize(2);
  }

  @Test
  void notAnObject_isAClearError() throws Exception {
    Strategy.Matrix m =
        matrixOf(
            "on: push\njobs:\n  j:\n    runs-on: x\n    strategy:\n"
                + "      matrix: ${{ fromJSON(needs.setup.outputs.m) }}\n"
                + "    steps:\n      - run: 'true'\n");

    assertThatThrownBy(() -> MatrixExpander.evaluate(m, withSetupOutput("[1]")))
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("the matrix expression must give an object, not a list");
  }
}
