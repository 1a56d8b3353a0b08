// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunner.expr.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expressions inside a matrix, evaluated with the strategy contexts before expansion. */
class MatrixValuesTest {
  private static final Map<String, Value> CONTEXTS =
      Map.of(
          "github", new Value.Obj(Map.of("event_name", Value.of("push"))),
          "vars", new Value.Obj(Map.of("OS", Value.of("linux"), "KEY", Value.of("arch"))),
          "inputs", new Value.Obj(Map.of("level", Value.of(3))),
          "needs",
              new Value.Obj(
                  Map.of(
                      "setup",
                      new Value.Obj(Map.of("outputs", new Value.Obj(Map.of("v", Value.of("9"))))))),
          "secrets", new Value.Obj(Map.of("S", Value.of("hidden"))),
          "env", new Value.Obj(Map.of("E", Value.of("env-value"))));

  private static Strategy.Matrix matrixOf(String matrixYaml) throws Exception {
    Workflow wf =
        WorkflowParser.parse(
                "on: push\njobs:\n  j:\n    runs-on: x\n    strategy:\n      matrix:\n"
                    + matrixYaml
                    + "    steps:\n      - run: 'true'\n")
            .value();
    return wf.jobs().get("j").strategy().orElseThrow().matrix().orElseThrow();
  }

  @Test
  void listItems_nestedValuesAndKeys_includeAndExclude_areEvaluated() throws Exception {
    List<Map<String, Value>> combos =
        MatrixValues.combinations(
            matrixOf(
                """
                        os: ['${{ vars.OS }}', 'mac-${{ github.event_name }}']
                        cfg:
                          - {name: '${{ inputs.level }}', '${{ vars.KEY }}': [x, '${{ needs.setup.outputs.v }}']}
                        exclude:
                          - os: mac-${{ github.event_name }}
                        include:
                          - os: ${{ vars.OS }}
                            extra: '${{ format(''{0}!'', github.event_name) }}'
                          - os: other
                            level: ${{ inputs.level }}
                """),
            CONTEXTS);

    assertThat(combos).hasSize(2);
    assertThat(combos.get(0).get("os")).isEqualTo(Value.of("linux"));
    assertThat(combos.get(0).get("cfg"))
        .isEqualTo(
            new Value.Obj(
                Map.of(
                    "name",
                    Value.of(3),
                    "arch",
                    new Value.Arr(List.of(Value.of("x"), Value.of("9"))))));
    assertThat(combos.get(0).get("extra")).isEqualTo(Value.of("push!"));
    assertThat(combos.get(1)).containsEntry("os", Value.of("other"));
    assertThat(combos.get(1)).containsEntry("level", Value.of(3));
  }

  @Test
  void onlyTheStrategyContextsAreAvailable() throws Exception {
    List<Map<String, Value>> combos =
        MatrixValues.combinations(
            matrixOf(
                "        s: ['${{ secrets.S || ''no-secrets'' }}', '${{ env.E || ''no-env'' }}']\n"),
            CONTEXTS);

    assertThat(combos)
        .extracting(c -> c.get("s"))
        .containsExactly(Value.of("no-secrets"), Value.of("no-env"));
  }

  @Test
  void whatAnExpressionGives_isNotEvaluatedAgain() throws Exception {
    List<Map<String, Value>> combos =
        MatrixValues.combinations(matrixOf("        v: [\"${{ '${{ vars.OS }}' }}\"]\n"), CONTEXTS);

    assertThat(combos.get(0).get("v")).isEqualTo(Value.of("${{ vars.OS }}"));
  }

  @Test
  void aFailingExpression_isAWorkflowExceptionWithThePosition() throws Exception {
    Strategy.Matrix m = matrixOf("        v: ['${{ fromJSON(''{'') }}']\n");

    assertThatThrownBy(() -> MatrixValues.combinations(m, CONTEXTS))
        .isInstanceOf(WorkflowException.class)
        .hasMessageStartingWith("line 7, column 9: matrix: ")
        .hasMessageContaining("invalid JSON");
  }

  @Test
  void theCollapsedMatrixOfAPayload_isEvaluatedTheSameWay() throws Exception {
    List<Map<String, Value>> combos =
        MatrixValues.combinations(matrixOf("        os: ['${{ vars.OS }}-x']\n"), CONTEXTS);

    assertThat(combos).containsExactly(Map.of("os", Value.of("linux-x")));
  }
}
